/**
 * The griffie's register on the command line:
 *   raadspost lijst [--van YYYY-MM-DD] [--tot YYYY-MM-DD] [--format csv|html|docx] [--openbaar] [--out FILE] [--local]
 * Like `reprocess`, it runs in this process with the same adapters as the functions, configured by the same variables
 * (AWS_REGION, LETTERS_TABLE, MUNICIPALITY_NAME; optional REGISTER_SCHEME, DEFAULT_HANDLING, LIST_PRIVATE_SENDER), or
 * with `--local` by the running `npm start`.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { makeDocumentClient } from '../adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../adapters/dynamodb-letter-repository.js';
import { registerListCsv } from '../adapters/register-list-csv.js';
import { makeRegisterList, type MakeRegisterList } from '../application/register-list.js';
import { loadListConfig } from '../config.js';
import { asError } from '../domain/errors.js';
import { isDay, monthOf, type ListPeriod, type RegisterList } from '../domain/register-list.js';
import { systemClock, type Clock } from '../ports.js';
import { renderRegisterListPage } from '../web/register-list-page.js';
import { EXIT, UsageError, type CliIo, type Command } from './io.js';
import { LOCAL_OPTION, LOCAL_USAGE, commandEnvironment } from './local-option.js';
import type { Env } from './operations-commands.js';

export const LIST_USAGE = `usage: raadspost lijst [--van YYYY-MM-DD] [--tot YYYY-MM-DD] [--format csv|html|docx] [--openbaar]
                      [--vergaderingen YYYY-MM-DD,...] [--out FILE] [--local]

Writes the lijst ingekomen stukken: one row per register number (nummer, ontvangen, afzender, organisatie, onderwerp,
categorie, afdoeningsvoorstel, status; a campaign is one row with its count), for the letters registered (numbered)
in the period. Default: the current month, as CSV on stdout.
  --van, --tot      the period (days in the Netherlands, both included); one of them alone: that day's month
  --format          csv (Excel: UTF-8 with BOM, ; between fields), html (a page to print) or docx (Word; needs --out)
  --openbaar        the version for publication: a resident is "inwoner" (no name, address or e-mail, also not in the
                    subject); organisations stay named
  --vergaderingen   meeting days: a table per meeting (letters registered up to and on that day) instead of per month
  --out FILE        write to FILE instead of stdout
${LOCAL_USAGE}

Environment without --local: AWS_REGION, LETTERS_TABLE, MUNICIPALITY_NAME (optional REGISTER_SCHEME, DEFAULT_HANDLING,
LIST_PRIVATE_SENDER), and credentials that may query the letters table's byRegisterNumber index.
exit codes: 0 written; 1 failed; 2 usage or configuration error`;

const FORMATS = ['csv', 'html', 'docx'] as const;
type Format = (typeof FORMATS)[number];

export interface ListCommandDeps {
  readonly makeList: MakeRegisterList;
  readonly clock: Clock;
}

/** The list's dependencies from the environment. */
export const listDepsFromEnv = (env: Env): ListCommandDeps => {
  const config = loadListConfig(env);
  return {
    makeList: makeRegisterList({ letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable), settings: config }),
    clock: systemClock,
  };
};

/** The period from --van and --tot (the current month when neither is given). */
export const periodFrom = (van: string | undefined, tot: string | undefined, now: Date): ListPeriod => {
  for (const [name, value] of [['--van', van], ['--tot', tot]] as const) {
    if (value !== undefined && !isDay(value)) throw new UsageError(`${name} "${value}" is not a day such as 2026-02-01`);
  }
  const from = van ?? (tot ? monthOf(new Date(`${tot}T12:00:00Z`)).from : monthOf(now).from);
  const to = tot ?? (van ? monthOf(new Date(`${van}T12:00:00Z`)).to : monthOf(now).to);
  if (from > to) throw new UsageError(`--van ${from} is after --tot ${to}`);
  return { from, to };
};

/** The bytes of the list in a format (the Word library is loaded only for docx). */
export const listBytes = async (list: RegisterList, format: Format): Promise<Uint8Array> => {
  if (format === 'csv') return registerListCsv(list);
  if (format === 'html') return Buffer.from(renderRegisterListPage({ list }), 'utf8');
  const { registerListDocx } = await import('../adapters/register-list-docx.js');
  return registerListDocx(list);
};

/** `raadspost lijst`; `env` is read when the command runs. */
export const listCommand = (env: () => Env, deps: (env: Env) => ListCommandDeps = listDepsFromEnv): Command => ({
  summary: 'write the lijst ingekomen stukken (csv, html or docx; --openbaar for publication)',
  usage: LIST_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let options: { van?: string; tot?: string; format: Format; openbaar: boolean; meetings: string[]; out?: string; local: boolean };
    try {
      const { values } = parseArgs({
        args: [...args],
        options: {
          van: { type: 'string' },
          tot: { type: 'string' },
          format: { type: 'string', default: 'csv' },
          openbaar: { type: 'boolean' },
          vergaderingen: { type: 'string' },
          out: { type: 'string' },
          ...LOCAL_OPTION,
        },
      });
      const format = FORMATS.find((f) => f === values.format);
      if (!format) throw new UsageError(`--format "${values.format}" is not one of ${FORMATS.join(', ')}`);
      if (format === 'docx' && !values.out) throw new UsageError('a Word document needs --out FILE (for example --out lijst.docx)');
      const meetings = (values.vergaderingen ?? '').split(',').map((d) => d.trim()).filter(Boolean);
      const notADay = meetings.find((d) => !isDay(d));
      if (notADay) throw new UsageError(`--vergaderingen "${notADay}" is not a day such as 2026-02-12`);
      options = {
        ...(values.van !== undefined && { van: values.van }),
        ...(values.tot !== undefined && { tot: values.tot }),
        format,
        openbaar: values.openbaar === true,
        meetings,
        ...(values.out !== undefined && { out: values.out }),
        local: values.local === true,
      };
    } catch (err) {
      io.err(`raadspost lijst: ${asError(err).message}\n\n${LIST_USAGE}\n`);
      return EXIT.usage;
    }
    let built: ListCommandDeps;
    let period: ListPeriod;
    try {
      built = deps(await commandEnvironment(options.local, env()));
      period = periodFrom(options.van, options.tot, built.clock.now());
    } catch (err) {
      io.err(`raadspost lijst: ${asError(err).message}\n`);
      return EXIT.usage;
    }
    try {
      const list = await built.makeList({ period, public: options.openbaar, ...(options.meetings.length > 0 && { meetings: options.meetings }) });
      const bytes = await listBytes(list, options.format);
      const rows = list.sections.reduce((n, s) => n + s.rows.length, 0);
      if (options.out) {
        await writeFile(options.out, bytes);
        io.err(`raadspost lijst: ${rows} ingekomen stuk(ken), ${period.from} t/m ${period.to}${options.openbaar ? ' (openbaar)' : ''}, written to ${options.out}\n`);
      } else {
        await io.out(Buffer.from(bytes).toString('utf8'));
      }
      if (rows === 0) io.err(`raadspost lijst: no letter was registered from ${period.from} to ${period.to}\n`);
      return EXIT.ok;
    } catch (err) {
      io.err(`raadspost lijst: failed: ${asError(err).message}\n`);
      return EXIT.failed;
    }
  },
});

