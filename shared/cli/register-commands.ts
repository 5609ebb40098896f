/**
 * The griffie's register on the command line:
 *   raadspost lijst [--van YYYY-MM-DD] [--tot YYYY-MM-DD] [--format csv|html|docx] [--openbaar] [--out FILE] [--local]
 *   raadspost overzicht [--local]
 *   raadspost correcties --out DIR [--local]
 * Like `reprocess`, they run in this process with the same adapters as the functions, configured by the same variables,
 * or with `--local` by the running `npm start`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeDocumentClient, makeS3Client } from '../adapters/aws-clients.js';
import { buildSendDailyOverview } from '../adapters/daily-overview-wiring.js';
import { DynamoDbLetterRepository } from '../adapters/dynamodb-letter-repository.js';
import { S3RawMailStore } from '../adapters/s3-raw-mail-store.js';
import type { SendDailyOverview } from '../application/daily-overview.js';
import { makeExportCorrections, type ExportCorrectionsDeps } from '../application/export-corrections.js';
import { LIST_FORMATS, listFile, type ListFormat } from '../adapters/register-list-files.js';
import { makeRegisterList, type MakeRegisterList } from '../application/register-list.js';
import { loadCorrectionsConfig, loadListConfig, loadOverviewConfig } from '../config.js';
import { asError } from '../domain/errors.js';
import { isDay, monthOf, type ListPeriod } from '../domain/register-list.js';
import { systemClock, type Clock } from '../ports.js';
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

const FORMATS = LIST_FORMATS;
type Format = ListFormat;

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
      const bytes = (await listFile(list, options.format)).content;
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

export const OVERVIEW_USAGE = `usage: raadspost overzicht [--local]

Mails the approvers the daily overview now, as the reconciler's daily run does at 07:00 (Europe/Amsterdam): what came in
since the previous overview per category, every filed message with a link to put it before the council or mark it as a
Woo request, letters waiting for a decision for more than two days, quarantined messages, failed forwards, and a link
to this month's lijst ingekomen stukken. Prints a summary as one JSON line.
${LOCAL_USAGE}

Environment without --local: AWS_REGION, LETTERS_TABLE, MUNICIPALITY_NAME, GRIFFIE_ADDRESS, APPROVERS, REGISTER_BASE_URL
(the register function's URL; optional TOKEN_TTL_DAYS), and credentials that may use the table and send as the griffie.
exit codes: 0 sent; 1 failed; 2 usage or configuration error`;

/** The overview's dependencies from the environment. */
export const overviewFromEnv = (env: Env): SendDailyOverview => {
  const config = loadOverviewConfig(env);
  const db = makeDocumentClient(config);
  return buildSendDailyOverview(config, { db, letters: new DynamoDbLetterRepository(db, config.lettersTable), clock: systemClock });
};

/** `raadspost overzicht`. */
export const overviewCommand = (env: () => Env, build: (env: Env) => SendDailyOverview = overviewFromEnv): Command => ({
  summary: 'mail the approvers the daily overview now',
  usage: OVERVIEW_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let local: boolean;
    try {
      local = parseArgs({ args: [...args], options: { ...LOCAL_OPTION } }).values.local === true;
    } catch (err) {
      io.err(`raadspost overzicht: ${asError(err).message}\n\n${OVERVIEW_USAGE}\n`);
      return EXIT.usage;
    }
    let send: SendDailyOverview;
    try {
      send = build(await commandEnvironment(local, env()));
    } catch (err) {
      io.err(`raadspost overzicht: ${asError(err).message}\n`);
      return EXIT.usage;
    }
    try {
      await io.out(`${JSON.stringify(await send())}\n`);
      return EXIT.ok;
    } catch (err) {
      io.err(`raadspost overzicht: failed: ${asError(err).message}\n`);
      return EXIT.failed;
    }
  },
});

export const CORRECTIONS_USAGE = `usage: raadspost correcties --out DIR [--local]

Writes the griffie's corrections of the classifier as an evaluation set: every corrected raw message as DIR/<id>.eml
and DIR/labels.jsonl with the griffie's category for each (a filed message put before the council, a proposal rejected
as "geen brief voor de raad", a Woo marking). Score the classifier on it with: raadspost score DIR
${LOCAL_USAGE}

Environment without --local: AWS_REGION, LETTERS_TABLE, RAW_MAIL_BUCKET, MUNICIPALITY_NAME, and credentials that may
query the letters table and read raw mail.
exit codes: 0 written; 1 failed, or some raw messages were gone (listed); 2 usage or configuration error`;

/** The export's dependencies from the environment (writing into `dir`). */
export const correctionsFromEnv = (env: Env, dir: string): ExportCorrectionsDeps => {
  const config = loadCorrectionsConfig(env);
  return {
    letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable),
    rawMail: new S3RawMailStore(makeS3Client(config), config.rawMailBucket),
    write: (name, content) => writeFile(path.join(dir, name), content),
  };
};

/** `raadspost correcties`. */
export const correctionsCommand = (env: () => Env, build: (env: Env, dir: string) => ExportCorrectionsDeps = correctionsFromEnv): Command => ({
  summary: "write the griffie's corrections as raw messages and a labels.jsonl for raadspost score",
  usage: CORRECTIONS_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let dir: string;
    let local: boolean;
    try {
      const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' }, ...LOCAL_OPTION } });
      if (!values.out) throw new UsageError('give the folder to write to: --out DIR');
      dir = values.out;
      local = values.local === true;
    } catch (err) {
      io.err(`raadspost correcties: ${asError(err).message}\n\n${CORRECTIONS_USAGE}\n`);
      return EXIT.usage;
    }
    let deps: ExportCorrectionsDeps;
    try {
      deps = build(await commandEnvironment(local, env()), dir);
    } catch (err) {
      io.err(`raadspost correcties: ${asError(err).message}\n`);
      return EXIT.usage;
    }
    try {
      await mkdir(dir, { recursive: true });
      const report = await makeExportCorrections(deps)();
      io.err(`raadspost correcties: ${report.written} corrected message(s) and labels.jsonl written to ${dir}${report.written > 0 ? `; score them with: raadspost score ${dir}` : ''}\n`);
      if (report.missing.length === 0) return EXIT.ok;
      io.err(`raadspost correcties: the raw message of ${report.missing.length} corrected message(s) is gone (not written): ${report.missing.join(', ')}\n`);
      return EXIT.failed;
    } catch (err) {
      io.err(`raadspost correcties: failed: ${asError(err).message}\n`);
      return EXIT.failed;
    }
  },
});
