/** One header field as written in the message (not decoded). */
export interface RawHeader {
  readonly name: string;
  value: string;
}

const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The header fields of a raw RFC 5322 message, unfolded, values as written (encoded-words stay encoded,
 * as in SES's event). Only the first 64 KiB are looked at; lines that are not fields are skipped.
 * For building envelopes and SES-like events; the parser proper is mailparser behind the MimeParser port.
 *
 * @example
 * readHeaderBlock(Buffer.from('Subject: Hallo\r\n\r\nbody')) // [{ name: 'Subject', value: 'Hallo' }]
 */
export function readHeaderBlock(raw: Uint8Array): RawHeader[] {
  const head = Buffer.from(raw.subarray(0, MAX_HEADER_BYTES)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end === -1 ? head : head.slice(0, end);
  const headers: RawHeader[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) continue; // not a header field
    headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return headers;
}
