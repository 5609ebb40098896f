import { Readable } from 'node:stream';
import { htmlToText } from 'html-to-text';
import { MailParser } from 'mailparser';
import type { AddressObject, Attachment, EmailAddress, HeaderLines, Headers, MessageText } from 'mailparser';
import { MalformedMailError, asError, type MalformedMailCode } from '../domain/errors.js';
import { AUTHENTICATION_HEADER_NAMES, type HeaderField } from '../domain/forwarded-authentication.js';
import type { ClassificationHeaders, MailAddress } from '../domain/mail.js';
import type { MimeParseOptions, MimeParser, ParsedMailWithContent } from '../ports.js';

/** Limits handed to mailparser's splitter; a message beyond them is malformed, not a reason to crash. */
export interface MailparserLimits {
  /** Bytes of header per MIME node. @default 1 MiB (mailsplit's default) */
  readonly maxHeadSize?: number;
  /** MIME parts per message. @default 1000 */
  readonly maxChildNodes?: number;
  /** HTML longer than this is not converted to text. @default 5 MiB */
  readonly maxHtmlLengthToParse?: number;
  /**
   * Multipart levels nested inside each other. mailparser walks its tree recursively, so a few thousand levels
   * overflow the stack; real mail rarely nests more than ten. @default 100
   */
  readonly maxDepth?: number;
}

/** Headers without which a byte stream is not a mail message at all. */
const MESSAGE_HEADERS = new Set([
  'from', 'sender', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'return-path', 'mime-version', 'content-type', 'reply-to',
]);

const FIELD_NAME = /^[!-9;-~]+$/;

type ParsedAttachment = ParsedMailWithContent['attachments'][number];

/**
 * MimeParser on mailparser's streaming MailParser: attachments are hashed as they stream by, and only
 * PDFs and attached messages (needed for their text), those `keepContent` asks for or, with `withContent`, every
 * attachment keep their bytes.
 */
export class MailparserMimeParser implements MimeParser {
  constructor(private readonly limits: MailparserLimits = {}) {}

  async parse(raw: Uint8Array | AsyncIterable<Uint8Array>, options: MimeParseOptions = {}): Promise<ParsedMailWithContent> {
    const maxDepth = this.limits.maxDepth ?? 100;
    let input: Readable;
    if (raw instanceof Uint8Array) {
      if (raw.byteLength === 0 || isBlank(raw)) {
        throw new MalformedMailError('EMPTY_MESSAGE', `message is empty (${raw.byteLength} bytes)`);
      }
      if (mimeDepth(raw, maxDepth) > maxDepth) throw tooDeep(maxDepth);
      input = Readable.from(slices(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), FEED_BYTES));
    } else {
      // Streamed: the same checks, made on the chunks as they pass on their way to mailparser.
      input = Readable.from(screened(raw, maxDepth));
    }
    const parser = new MailParser({
      checksumAlgo: 'sha256',
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHeadSize: this.limits.maxHeadSize ?? 1024 * 1024,
      maxChildNodes: this.limits.maxChildNodes ?? 1000,
      maxHtmlLengthToParse: this.limits.maxHtmlLengthToParse ?? 5 * 1024 * 1024,
    });
    const collected = await collect(parser, input, options);
    const keys = collected.headerLines.map((line) => line.key).filter((key) => FIELD_NAME.test(key));
    if (!keys.some((key) => MESSAGE_HEADERS.has(key))) {
      throw new MalformedMailError('NOT_A_MESSAGE', 'no mail headers found (From, Date, Subject, Received, ...)');
    }
    return toParsedMail(parser, collected, this.limits.maxHtmlLengthToParse ?? 5 * 1024 * 1024);
  }
}

/**
 * The text of HTML that mailparser left unconverted: it converts only a root HTML part or one beside a text part,
 * so a letter as HTML part of multipart/mixed (web forms, PHP mailers) would come out without a text. Converted
 * the way mailparser does, within the same limits.
 */
const textOfHtml = (html: string, maxLength: number): { readonly text: string } | { readonly error: Error } => {
  if (html.length > maxLength) return { error: new Error(`HTML too long for parsing ${html.length} bytes`) };
  try {
    return { text: htmlToText(html, { limits: { maxDepth: HTML_MAX_DEPTH, maxInputLength: maxLength } }) };
  } catch (cause) {
    return { error: new Error('Failed to parse HTML', { cause }) };
  }
};
/** mailparser's own limit for HTML nesting when it converts. */
const HTML_MAX_DEPTH = 1000;

/**
 * Bytes handed to mailparser at a time. Its splitter gathers input into pieces of at least 64 KiB and walks each
 * byte by byte; pieces much larger than that (a whole 25 MB message) parse about a third slower.
 */
const FEED_BYTES = 64 * 1024;

/** Views (no copies) of `buf`, `size` bytes each. */
function* slices(buf: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < buf.length; at += size) yield buf.subarray(at, at + size);
}

const tooDeep = (maxDepth: number) => new MalformedMailError('MIME_TOO_DEEP', `mime parts are nested more than ${maxDepth} levels deep`);

/**
 * The chunks of a streamed message, checked on the way: too deep a nesting stops the stream before mailparser builds
 * it, and a message that is empty or only blank never reaches mailparser (blank leading chunks are held back until
 * the first byte of content). Small chunks (S3 sends 16-64 KiB) are handed on gathered into pieces of FEED_BYTES: one
 * copy here instead of mailparser gathering them with a copy per chunk. Errors of the source (S3, the size limit)
 * pass through unchanged.
 */
async function* screened(source: AsyncIterable<Uint8Array>, maxDepth: number): AsyncGenerator<Buffer> {
  const depth = new MimeDepthScanner(maxDepth);
  const pending: Buffer[] = []; // read but not handed on yet
  let pendingBytes = 0;
  let content = false;
  let bytes = 0;
  for await (const chunk of source) {
    const buf = asBuffer(chunk);
    bytes += buf.byteLength;
    if (depth.push(buf) > maxDepth) throw tooDeep(maxDepth);
    pending.push(buf);
    pendingBytes += buf.byteLength;
    content ||= !isBlank(buf);
    if (content && pendingBytes >= FEED_BYTES) {
      yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
      pending.length = 0;
      pendingBytes = 0;
    }
  }
  if (depth.end() > maxDepth) throw tooDeep(maxDepth);
  if (!content) throw new MalformedMailError('EMPTY_MESSAGE', `message is empty (${bytes} bytes)`);
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

interface Collected {
  headers: Headers;
  headerLines: HeaderLines;
  text: MessageText;
  attachments: ParsedAttachment[];
}

const collect = (parser: MailParser, input: Readable, options: MimeParseOptions): Promise<Collected> =>
  new Promise((resolve, reject) => {
    const result: Collected = { headers: new Map(), headerLines: [], text: { type: 'text' }, attachments: [] };
    const pending: Promise<void>[] = [];
    parser.on('headers', (headers: Headers) => {
      result.headers = headers;
    });
    parser.on('headerLines', (lines: HeaderLines) => {
      result.headerLines = lines;
    });
    parser.on('data', (data: MessageText | (Omit<Attachment, 'content' | 'release'> & { content: Readable; release: () => void })) => {
      if (data.type === 'text') {
        Object.assign(result.text, data);
        return;
      }
      // Hostile input can leave mailparser's fields odd (a content type that is not a string, found by the fuzz
      // test): normalise them, and turn anything thrown here into a rejection, never an uncaught exception.
      try {
        const contentType = typeof data.contentType === 'string' ? data.contentType.toLowerCase() : 'application/octet-stream';
        const filename = typeof data.filename === 'string' ? data.filename : undefined;
        // Layout is what the HTML body refers to (multipart/related: logos, pictures by cid:). A document marked
        // "inline" (as Apple Mail sends a PDF in multipart/mixed) is a real attachment: it must not be dropped.
        const inline = data.related === true;
        const keep =
          options.withContent === true ||
          isPdf(contentType, filename) ||
          isAttachedMessage(contentType) ||
          options.keepContent?.({ filename: filename ?? null, contentType, inline }) === true;
        const chunks: Buffer[] = [];
        pending.push(
          new Promise<void>((done, fail) => {
            data.content.on('data', (chunk: Buffer) => {
              if (keep) chunks.push(chunk);
            });
            data.content.on('error', fail);
            data.content.on('end', () => {
              // mailparser sets checksum and size on the attachment once its stream has ended.
              const { checksum, size } = data as unknown as { checksum?: string; size?: number };
              result.attachments.push({
                filename: filename ?? null,
                contentType,
                size: size ?? chunks.reduce((n, c) => n + c.length, 0),
                sha256: checksum ?? '',
                inline,
                ...(keep && { content: new Uint8Array(Buffer.concat(chunks)) }),
                ...(typeof data.contentId === 'string' && { contentId: data.contentId }),
              });
              done();
            });
            data.release();
          }),
        );
      } catch (err) {
        reject(new MalformedMailError('MAIL_MALFORMED', `mime parsing failed: ${asError(err).message}`, { cause: err }));
        data.release();
      }
    });
    parser.once('error', (err: unknown) => reject(new MalformedMailError(codeOf(err), `mime parsing failed: ${asError(err).message}`, { cause: err })));
    parser.once('end', () => {
      Promise.all(pending).then(() => resolve(result), reject);
    });
    input.once('error', reject);
    input.pipe(parser);
  });

/**
 * What a parser error means. mailsplit tags every limit with EMAXLEN and tells them apart only by message
 * (@zone-eu/mailsplit 5.4 message-splitter.js); an unknown message stays MAIL_MALFORMED.
 */
const codeOf = (err: unknown): MalformedMailCode => {
  const { message } = asError(err);
  if ((err as { code?: unknown } | null)?.code === 'EMAXLEN') {
    if (/child nodes/i.test(message)) return 'TOO_MANY_PARTS';
    if (/header size/i.test(message)) return 'HEADER_TOO_LARGE';
  }
  if (err instanceof RangeError && /call stack/i.test(message)) return 'MIME_TOO_DEEP';
  return 'MAIL_MALFORMED';
};

/**
 * Boundary declarations (a Content-Type line or a folded continuation with `boundary=`), delimiter lines (`--x`, `--x--`)
 * and attached-message headers, each at the start of a line. Input is decoded as latin1: one char per byte.
 */
const MIME_STRUCTURE =
  /^(?:content-type:|[ \t])[^\n]*?\bboundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))|^--([^\r\n]{1,200})|^content-type:\s*message\/rfc822/gim;

/** Stands for an attached message on the stack of open levels: closed by the next delimiter of an enclosing multipart. */
const ATTACHED_MESSAGE = '\u0000message';

/**
 * How deeply the MIME parts nest, counted in one linear pass before mailparser sees the message, stopping as soon
 * as `limit` is passed. A delimiter of an open multipart closes every level opened inside it since, so unclosed
 * parts do not add up across siblings. Approximate by design (it does not decode headers), never larger than
 * the nesting mailsplit itself builds for a well-formed message.
 */
export function mimeDepth(raw: Uint8Array, limit: number): number {
  return new MimeDepthScanner(limit).end(raw);
}

/** A line longer than this is cut to its last MAX_CARRY bytes while waiting for its end (no quadratic rescans). */
const MAX_LINE_CARRY = 64 * 1024;
const MAX_CARRY = 4 * 1024;

/**
 * mimeDepth over a message that arrives in chunks: complete lines are scanned as they come, the unfinished last line
 * waits for the next chunk. A match that would span two chunks through folded whitespace is missed, so on a stream
 * the count is approximate in one more way; mailparser's own stack overflow still maps to MIME_TOO_DEEP behind it.
 *
 * Works on the bytes: MIME_STRUCTURE can only match at the start of a line that begins with `-`, a space, a tab or
 * `content-type:`, so only those lines are decoded (latin1, one char per byte) and matched, each in a window that
 * holds every match the regex could make there; base64 lines are passed over with two native searches per line.
 * The result is the same as MIME_STRUCTURE's matches over the whole text, in order.
 */
export class MimeDepthScanner {
  private readonly open: string[] = [];
  private deepest = 0;
  private carry: Buffer = EMPTY;

  constructor(private readonly limit: number) {}

  /** Feeds the next chunk; returns the deepest nesting seen so far. */
  push(chunk: Uint8Array): number {
    if (this.deepest > this.limit) return this.deepest;
    const buf = asBuffer(chunk);
    const cut = buf.lastIndexOf(LF) + 1;
    if (cut === 0) {
      this.keep(this.carry.length > 0 ? Buffer.concat([this.carry, buf]) : buf);
      return this.deepest;
    }
    if (this.carry.length === 0) this.scan(buf, 0, cut, cut);
    else {
      // The carry (an unfinished line, no LF in it) and this chunk's first line are scanned from a small copy that
      // holds every window that starts in them; the rest of the chunk is scanned in place.
      const firstLineEnd = buf.indexOf(LF);
      const head = Buffer.concat([this.carry, buf.subarray(0, windowEndAfterLine(buf, firstLineEnd, cut))]);
      const offset = this.carry.length;
      const resume = this.scan(head, 0, offset + firstLineEnd + 1, head.length);
      if (this.deepest <= this.limit) this.scan(buf, firstLineEnd + 1, cut, cut, resume - offset);
    }
    this.keep(buf.subarray(cut));
    return this.deepest;
  }

  /** Scans what is left (and a last chunk, in one piece); returns the deepest nesting. */
  end(chunk: Uint8Array = EMPTY): number {
    const rest = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : asBuffer(chunk);
    if (rest.length > 0 && this.deepest <= this.limit) {
      if (rest.length < BYTE_SCAN_FROM) this.scanText(rest.toString('latin1'));
      else this.scan(rest, 0, rest.length, rest.length);
    }
    this.carry = EMPTY;
    return this.deepest;
  }

  /** MIME_STRUCTURE's matches over a whole text, by the regex itself (quicker than the byte scan on a few KB of headers). */
  private scanText(text: string): void {
    for (const match of text.matchAll(MIME_STRUCTURE)) {
      this.apply(match);
      if (this.deepest > this.limit) return;
    }
  }

  /** Keeps an unfinished line for the next chunk, its last MAX_CARRY bytes once it is longer than MAX_LINE_CARRY. */
  private keep(line: Buffer): void {
    // A copy: the carry must not keep the caller's chunk alive.
    this.carry = Buffer.from(line.length > MAX_LINE_CARRY ? line.subarray(line.length - MAX_CARRY) : line);
  }

  /**
   * MIME_STRUCTURE's matches, as `text.matchAll` finds them in the latin1 text of bytes [from, to), that start at a line
   * start before `until` (`from` is a line start); `resume`: where the last match ended. Returns where the last ends.
   */
  private scan(buf: Buffer, from: number, until: number, to: number, resume = from): number {
    let nextLf = -1;
    let nextCr = -1;
    for (let line = from; line < until; ) {
      if (line >= resume && mayStartStructure(buf, line, to)) {
        STRUCTURE_AT.lastIndex = 0;
        const match = STRUCTURE_AT.exec(buf.toString('latin1', line, structureWindowEnd(buf, line, to)));
        if (match) {
          this.apply(match);
          resume = line + match[0].length;
          if (this.deepest > this.limit) return resume;
        }
      }
      // The next line start: after the next LF or CR (/m's ^ matches after either).
      if (nextLf < line) nextLf = indexIn(buf, LF, line, to);
      if (nextCr < line) nextCr = indexIn(buf, CR, line, to);
      line = Math.min(nextLf, nextCr) + 1;
    }
    return resume;
  }

  private apply(match: RegExpExecArray): void {
    const open = this.open;
    const declared = match[1] ?? match[2];
    if (declared !== undefined) open.push(declared);
    else if (match[3] !== undefined) {
      const line = match[3].trimEnd();
      let at = open.lastIndexOf(line);
      let closing = false;
      if (at < 0 && line.endsWith('--')) {
        at = open.lastIndexOf(line.slice(0, -2));
        closing = at >= 0;
      }
      if (at >= 0) open.length = closing ? at : at + 1;
    } else open.push(ATTACHED_MESSAGE);
    this.deepest = Math.max(this.deepest, open.length);
  }
}

/** Below this, a message scanned in one piece is scanned by the regex over its text: headers are most of it then. */
const BYTE_SCAN_FROM = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const LF = 0x0a;
const CR = 0x0d;
/** MIME_STRUCTURE tried at one position only. */
const STRUCTURE_AT = new RegExp(MIME_STRUCTURE.source, 'imy');
const CONTENT_TYPE = Buffer.from('content-type:', 'latin1');

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The index of `byte` in [from, to), or `to` when there is none. */
function indexIn(buf: Buffer, byte: number, from: number, to: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 || at >= to ? to : at;
}

/** Whether MIME_STRUCTURE can match at this line start: the line begins with `--`, a space, a tab or `content-type:` (any case). */
function mayStartStructure(buf: Buffer, at: number, to: number): boolean {
  const first = buf[at];
  if (first === 0x20 || first === 0x09) return true;
  if (first === 0x2d) return at + 1 < to && buf[at + 1] === 0x2d;
  if (first !== 0x63 && first !== 0x43) return false;
  if (at + CONTENT_TYPE.length > to || buf[at + 12] !== 0x3a) return false;
  for (let i = 1; i < 12; i++) if (((buf[at + i] as number) | 0x20) !== CONTENT_TYPE[i]) return false;
  return true;
}

/** latin1 whitespace as \s sees it: TAB, LF, VT, FF, CR, space and NO-BREAK SPACE. */
const isSpace = (byte: number | undefined): boolean => byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d) || byte === 0xa0;

/**
 * Where every match of MIME_STRUCTURE that starts at `at` ends at the latest: its line, and past the line end only
 * through whitespace, an `=` and whitespace again, then a value of at most 202 characters (a quoted boundary), or
 * `message/rfc822`.
 */
function structureWindowEnd(buf: Buffer, at: number, to: number): number {
  return windowEndAfterLine(buf, indexIn(buf, LF, at, to), to);
}

/** structureWindowEnd for any start on the line that ends (with an LF) at `lineEnd`. */
function windowEndAfterLine(buf: Buffer, lineEnd: number, to: number): number {
  if (lineEnd >= to) return to;
  let end = lineEnd;
  while (end < to && isSpace(buf[end])) end++;
  if (end < to && buf[end] === 0x3d) {
    end++;
    while (end < to && isSpace(buf[end])) end++;
  }
  return Math.min(to, end + 202);
}

const isPdf = (contentType: string, filename: string | undefined): boolean =>
  contentType.toLowerCase() === 'application/pdf' || /\.pdf$/i.test(filename ?? '');

const isAttachedMessage = (contentType: string): boolean => contentType.toLowerCase() === 'message/rfc822';

const isBlank = (raw: Uint8Array): boolean => {
  for (const byte of raw) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  return true;
};

const toParsedMail = (parser: MailParser, { headers, headerLines, text, attachments }: Collected, maxHtmlLength: number): ParsedMailWithContent => {
  const warnings: string[] = [];
  let body = text.text ?? '';
  if (!body.trim() && typeof text.html === 'string' && text.html.trim() && !text.textConversionError) {
    const converted = textOfHtml(text.html, maxHtmlLength);
    if ('text' in converted) body = converted.text;
    else warnings.push(`html could not be converted to text: ${converted.error.message}`);
  }
  // mailparser substitutes "now" for an unparseable Date; we keep what the sender actually claimed.
  const dateHeader = rawHeader(headerLines, 'date');
  const date = dateHeader !== null && parser.date instanceof Date && !Number.isNaN(Date.parse(dateHeader)) ? parser.date.toISOString() : null;
  if (dateHeader !== null && date === null) warnings.push('Date header is not a valid date');
  if (text.textConversionError) warnings.push(`html could not be converted to text: ${text.textConversionError.message}`);
  // mailparser fills `text` from the HTML when the message has no text part; it records which on `hasText`.
  const fromHtml = Boolean(text.html) && !(parser as unknown as { hasText?: boolean }).hasText;
  return {
    messageId: stripBrackets(parser.messageId),
    date,
    from: firstAddress(parser.from),
    replyTo: addresses(parser.replyTo),
    to: addresses(parser.to),
    cc: addresses(parser.cc),
    subject: typeof parser.subject === 'string' ? parser.subject : '',
    text: body.replace(/\r\n?/g, '\n'),
    textFromHtml: fromHtml,
    attachments,
    headers: classificationHeaders(headers, headerLines, parser.inReplyTo),
    authenticationHeaders: authenticationHeaders(headerLines),
    warnings,
  };
};

/** Enough for any real chain of hops; a message with thousands of Received lines keeps only its top. */
const MAX_AUTHENTICATION_HEADERS = 100;
const MAX_AUTHENTICATION_VALUE_CHARS = 8192;

/** The authentication fields of the top-level header block, in order, unfolded (values as written, capped). */
const authenticationHeaders = (lines: HeaderLines): HeaderField[] =>
  lines
    .filter((l) => AUTHENTICATION_HEADER_NAMES.has(l.key))
    .slice(0, MAX_AUTHENTICATION_HEADERS)
    .map((l) => ({ name: l.key, value: unfold(l.line).slice(0, MAX_AUTHENTICATION_VALUE_CHARS) }));

/** The value of a raw header line, unfolded and trimmed. */
const unfold = (line: string): string => line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();

const classificationHeaders = (headers: Headers, headerLines: HeaderLines, inReplyTo: string | undefined): ClassificationHeaders => {
  const contentType = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    listUnsubscribe: rawHeader(headerLines, 'list-unsubscribe'),
    listId: rawHeader(headerLines, 'list-id'),
    precedence: lower(rawHeader(headerLines, 'precedence')),
    autoSubmitted: lower(rawHeader(headerLines, 'auto-submitted')),
    xAutoResponseSuppress: rawHeader(headerLines, 'x-auto-response-suppress'),
    inReplyTo: stripBrackets(inReplyTo),
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    reportType: lower(contentType?.params?.['report-type'] ?? null),
    raadspostId: rawHeader(headerLines, 'x-raadspost-id'),
    mailer: rawHeader(headerLines, 'x-mailer') ?? rawHeader(headerLines, 'user-agent'),
  };
};

/** The unfolded value of the first header with this name, as the sender wrote it. */
const rawHeader = (lines: HeaderLines, key: string): string | null => {
  const line = lines.find((l) => l.key === key)?.line;
  if (line === undefined) return null;
  const value = unfold(line);
  return value === '' ? null : value;
};

const lower = (value: string | null): string | null => value?.toLowerCase() ?? null;

const stripBrackets = (id: string | undefined): string | null => {
  const trimmed = typeof id === 'string' ? id.trim().replace(/^<|>$/g, '') : '';
  return trimmed === '' ? null : trimmed;
};

const flatten = (list: readonly EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flatten(a.group) : [a]));

const addresses = (header: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(header) ? header : header ? [header] : [])
    .flatMap((h) => flatten(h.value ?? []))
    .map((a) => ({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim().toLowerCase() }))
    .filter((a) => a.name !== '' || a.address !== '');

const firstAddress = (header: AddressObject | undefined): MailAddress | null => addresses(header)[0] ?? null;
