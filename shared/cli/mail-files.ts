import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentsOf, type ReadMessage } from '../application/read-mail.js';
import type { Category } from '../domain/category.js';
import { classify } from '../domain/classifier/index.js';
import { QUARANTINE_REASONS_NL, asError, isPermanent } from '../domain/errors.js';
import { prepareLetter, withClassification } from '../domain/new-letter.js';
import type { Risk } from '../domain/risks.js';
import { UNKNOWN_VERDICTS } from '../domain/verdicts.js';
import { verdictsFromSesHeaders } from './ses-verdicts.js';

export type ReadMail = (raw: Uint8Array) => Promise<ReadMessage>;

export interface ClassifyFileOptions {
  readonly readMail: ReadMail;
  readonly ownDomains: readonly string[];
  /** Take spam/virus/SPF/DKIM/DMARC verdicts from the SES headers in the file. @default true */
  readonly sesHeaders: boolean;
  /** Files larger than this are not read. */
  readonly maxBytes: number;
}

/** One line of `raadspost classify`: the contract other tools rely on. */
export interface ClassifyLine {
  readonly file: string;
  readonly category: Category;
  readonly confidence: number;
  readonly forward: boolean;
  readonly reasons: readonly string[];
  readonly organisation: string | null;
  readonly topics: readonly string[];
  /** Named risks (shared/domain/risks.ts): `{ code, text }`. */
  readonly risks: readonly Risk[];
  readonly subject?: string;
  readonly from?: string | null;
  /** The letter's author when someone else passed it on (forwardedBy), else the From. */
  readonly author?: string | null;
  readonly forwardedBy?: string | null;
  readonly warnings?: readonly string[];
  readonly error?: string;
}

/** What a file that cannot be read or parsed becomes: spam (never forwarded), with the reason. */
export const errorLine = (file: string, error: string, reason: string): ClassifyLine => ({
  file,
  category: 'spam',
  confidence: 0,
  forward: false,
  reasons: [reason],
  organisation: null,
  topics: [],
  risks: [],
  error,
});

const PRINTED_MAIL_NL =
  'Dit is een afgedrukte of gekopieerde e-mail (met regels als Van: en Onderwerp:), geen origineel bericht: sla de e-mail op als .eml-bestand en classificeer dat bestand.';

/** Outlook's printout or copy of a mail ("Van:", "Verzonden:", "Onderwerp:" or in English), which is no MIME message. */
function looksLikePrintedMail(raw: Uint8Array): boolean {
  const head = Buffer.from(raw.subarray(0, 4096)).toString('utf8');
  return /^\s*(van|from)\s*:/im.test(head) && /^\s*(onderwerp|subject)\s*:/im.test(head) && /^\s*(verzonden|sent|datum|date)\s*:/im.test(head);
}

/** Reads, parses and classifies one file; never throws. */
export async function classifyFile(file: string, options: ClassifyFileOptions): Promise<ClassifyLine> {
  let raw: Uint8Array;
  try {
    const info = await stat(file);
    if (info.size > options.maxBytes) {
      return errorLine(file, `message is ${info.size} bytes, limit is ${options.maxBytes}`, QUARANTINE_REASONS_NL.MAIL_TOO_LARGE);
    }
    raw = new Uint8Array(await readFile(file));
  } catch (err) {
    return errorLine(file, `cannot read file: ${asError(err).message}`, 'bestand kon niet worden gelezen');
  }
  let mail: ReadMessage;
  try {
    mail = await options.readMail(raw);
  } catch (err) {
    if (isPermanent(err) && err.code === 'NOT_A_MESSAGE' && looksLikePrintedMail(raw)) {
      return errorLine(file, `${asError(err).message}; this looks like a printed or copied e-mail, save the original message as .eml`, PRINTED_MAIL_NL);
    }
    const reason = isPermanent(err) ? QUARANTINE_REASONS_NL[err.code] : 'het bericht kon niet worden gelezen';
    return errorLine(file, asError(err).message, reason);
  }
  try {
    const verdicts = options.sesHeaders ? verdictsFromSesHeaders(raw) : UNKNOWN_VERDICTS;
    const context = { verdicts, ownDomains: options.ownDomains };
    const assessed = prepareLetter(mail, context, contentsOf(mail));
    const c = classify(mail, { verdicts, ownDomains: options.ownDomains, risks: assessed.risks });
    const { risks } = withClassification(assessed, c, mail, context);
    return {
      file,
      category: c.category,
      confidence: c.confidence,
      forward: c.forward,
      reasons: c.reasons,
      organisation: c.organisation,
      topics: c.topics,
      risks,
      subject: mail.subject,
      from: mail.from?.address || null,
      author: c.author?.address || null,
      forwardedBy: c.forwardedBy?.address || null,
      warnings: mail.warnings,
    };
  } catch (err) {
    return errorLine(file, `classification failed: ${asError(err).message}`, 'classificatie mislukt');
  }
}

export type FoundFile = { readonly file: string; readonly missing?: false } | { readonly file: string; readonly missing: true; readonly error: string };

/**
 * Every file given, or found under a folder given (recursively, any extension, sorted by name), one at a time.
 * A path that does not exist is yielded as missing. Symbolic links to folders are not followed (no cycles).
 */
export async function* filesIn(paths: readonly string[]): AsyncGenerator<FoundFile> {
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch (err) {
      yield { file: given, missing: true, error: `no such file or folder: ${asError(err).message}` };
      continue;
    }
    if (info.isDirectory()) yield* walk(given);
    else yield { file: given };
  }
}

async function* walk(dir: string): AsyncGenerator<FoundFile> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield { file: full };
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      if (target?.isFile()) yield { file: full };
    }
  }
}
