import { parseArgs } from 'node:util';
import { createMailReader } from '../adapters/mail-reader.js';
import { DEFAULT_READ_LIMITS } from '../application/read-mail.js';
import { EXIT, UsageError, ownDomainsFrom, type CliIo, type Command } from './io.js';
import { classifyFile, errorLine, filesIn } from './mail-files.js';

const USAGE = `usage: raadspost classify <file-or-folder>... [--own-domain <domain>]... [--ignore-ses-headers]

Classifies every file given or found in the folders (recursively, any extension, sorted), each file as one
raw message, and prints one JSON object per file per line on stdout:
  {"file", "category", "confidence", "forward", "reasons", "organisation", "topics", "subject", "from", "author", "forwardedBy", "warnings"}
  ("author" is who wrote the letter, "forwardedBy" who passed it on: a colleague, a web form, a secretary; else null)
A file that cannot be read or parsed gets a line with "error" and category "spam" (forward false).

options:
  --own-domain <domain>   the municipality's own mail domain; repeatable (default: heemstede.nl)
  --ignore-ses-headers    do not take spam/virus/SPF/DKIM/DMARC verdicts from the headers in the file (the X-SES-*
                          headers SES wrote, or else the topmost Authentication-Results of the receiving server)

exit codes: 0 every file got a line; 2 usage error (no paths, unknown option, a path that does not exist:
that path still gets an error line)`;

export const classifyCommand: Command = {
  summary: 'classify raw messages, one JSON line per file',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let paths: string[];
    let ownDomains: string[];
    let sesHeaders: boolean;
    try {
      const { values, positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { 'own-domain': { type: 'string', multiple: true }, 'ignore-ses-headers': { type: 'boolean' } },
      });
      if (positionals.length === 0) throw new UsageError('give at least one file or folder');
      paths = positionals;
      ownDomains = ownDomainsFrom(values['own-domain']);
      sesHeaders = values['ignore-ses-headers'] !== true;
    } catch (err) {
      io.err(`raadspost classify: ${(err as Error).message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }

    const options = { readMail: createMailReader(), ownDomains, sesHeaders, maxBytes: DEFAULT_READ_LIMITS.maxMailBytes };
    let missing = 0;
    let files = 0;
    // One file at a time: memory stays bounded by the largest single message.
    for await (const found of filesIn(paths)) {
      if (found.missing) {
        missing++;
        io.err(`raadspost classify: ${found.file}: ${found.error}\n`);
        await io.out(`${JSON.stringify(errorLine(found.file, found.error, 'bestand of map bestaat niet'))}\n`);
        continue;
      }
      files++;
      const line = await classifyFile(found.file, options);
      if (line.error) io.err(`raadspost classify: ${found.file}: ${line.error}\n`);
      await io.out(`${JSON.stringify(line)}\n`);
    }
    io.err(`raadspost classify: ${files} file(s) classified${missing > 0 ? `, ${missing} path(s) not found` : ''}\n`);
    return missing > 0 ? EXIT.usage : EXIT.ok;
  },
};
