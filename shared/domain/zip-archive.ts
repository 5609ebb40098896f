/**
 * A zip file's table of contents, read strictly, and the bytes of one entry, inflated within a budget. Pure (Node's
 * zlib only). Office Open XML and OpenDocument files are zip files: document-inspection.ts looks inside them with this.
 *
 * Strict because a lenient reader is how malware hides from a scanner: every byte before the central directory must
 * belong to an entry the directory lists, each entry's local header must carry the same name, and nothing is encrypted
 * or compressed with a method Office cannot read. Anything else is a `ZipError` ("could not be checked"), never a crash.
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  /** The name as stored (latin1: one char per byte; the ASCII names this is used for read the same in UTF-8). */
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where the entry's data starts. */
  readonly dataOffset: number;
}

/** More entries than any real document has; a directory beyond this is not read. */
export const MAX_ZIP_ENTRIES = 10_000;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const STORED = 0;
const DEFLATED = 8;
const U32_MAX = 0xffffffff;

/**
 * The entries of a zip file, in the order its central directory lists them.
 * @throws ZipError when it is not a zip file, or one with hidden, overlapping, encrypted or unreadable entries.
 * @example zipEntries(docx).map((e) => e.name) // ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', ...]
 */
export const zipEntries = (bytes: Uint8Array): ZipEntry[] => {
  try {
    return readDirectory(bytes);
  } catch (err) {
    // A field pointing outside the file (DataView's RangeError) is a broken zip, not a crash.
    if (err instanceof RangeError) throw new ZipError(`zip structure points outside the file: ${err.message}`);
    throw err;
  }
};

const readDirectory = (bytes: Uint8Array): ZipEntry[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const within = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= bytes.byteLength;
  const fail = (why: string): never => {
    throw new ZipError(why);
  };

  // The end record sits in the last 64 KiB (its comment): the last one whose comment ends the file exactly.
  let eocd = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.byteLength) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no end of central directory');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) fail('multi-disk archive');
  let count = u16(eocd + 10);
  let directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  let directoryEnd = eocd;
  if (count === 0xffff || directorySize === U32_MAX || directoryOffset === U32_MAX) {
    const locator = eocd - 20;
    if (!within(locator, 20) || u32(locator) !== ZIP64_LOCATOR) fail('zip64 locator missing');
    const record = u64(locator + 8);
    if (!within(record, 56) || u32(record) !== ZIP64_EOCD || record + 12 + u64(record + 4) !== locator) fail('zip64 end record broken');
    count = u64(record + 32);
    directorySize = u64(record + 40);
    directoryOffset = u64(record + 48);
    directoryEnd = record;
  }
  if (count > MAX_ZIP_ENTRIES) fail(`more than ${MAX_ZIP_ENTRIES} entries`);
  if (directoryOffset + directorySize !== directoryEnd) fail('central directory is not where the end record says');

  const entries: (ZipEntry & { readonly localOffset: number; readonly dataEnd: number; readonly descriptor: boolean })[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (!within(at, 46) || u32(at) !== CENTRAL) fail('central directory entry broken');
    const flags = u16(at + 8);
    const method = u16(at + 10);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    if (!within(at + 46, nameLength + extraLength + commentLength)) fail('central directory entry broken');
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('latin1');
    // Zip64: the sizes and offset that do not fit in 32 bits are in extra field 1, in this order.
    if (size === U32_MAX || compressedSize === U32_MAX || localOffset === U32_MAX) {
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd && u16(extra) !== 1) extra += 4 + u16(extra + 2);
      if (extra + 4 > extraEnd) fail('zip64 sizes missing');
      let field = extra + 4;
      const next = () => {
        if (field + 8 > extraEnd) fail('zip64 sizes missing');
        field += 8;
        return u64(field - 8);
      };
      if (size === U32_MAX) size = next();
      if (compressedSize === U32_MAX) compressedSize = next();
      if (localOffset === U32_MAX) localOffset = next();
    }
    if (flags & 0x41) fail(`encrypted entry ${name}`);
    if (method !== STORED && method !== DEFLATED) fail(`compression method ${method} of ${name}`);
    if (method === STORED && size !== compressedSize) fail(`stored entry ${name} with two sizes`);
    if (names.has(name)) fail(`entry ${name} twice`);
    names.add(name);
    if (!within(localOffset, 30) || u32(localOffset) !== LOCAL) fail(`local header of ${name} missing`);
    const localNameLength = u16(localOffset + 26);
    const dataOffset = localOffset + 30 + localNameLength + u16(localOffset + 28);
    const localName = within(localOffset + 30, localNameLength) ? Buffer.from(bytes.buffer, bytes.byteOffset + localOffset + 30, localNameLength).toString('latin1') : '';
    if (localName !== name) fail(`local header names ${localName} where the directory names ${name}`);
    if (!within(dataOffset, compressedSize)) fail(`entry ${name} runs past the end`);
    entries.push({ name, method, compressedSize, size, dataOffset, localOffset, dataEnd: dataOffset + compressedSize, descriptor: (flags & 0x08) !== 0 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== directoryEnd) fail('central directory size does not match its entries');

  // Every byte before the directory belongs to a listed entry: no entry hidden from the directory, none overlapping.
  let expected = 0;
  for (const entry of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (entry.localOffset !== expected) fail(`unlisted bytes before ${entry.name}`);
    expected = entry.dataEnd + (entry.descriptor ? descriptorLength(u32, entry.dataEnd, bytes.byteLength) : 0);
  }
  if (expected !== directoryOffset) fail('unlisted bytes before the central directory');
  return entries.map(({ name, method, compressedSize, size, dataOffset }) => ({ name, method, compressedSize, size, dataOffset }));
};

/** A data descriptor after an entry: CRC and both sizes (4 or 8 bytes each), with or without its signature. */
const descriptorLength = (u32: (at: number) => number, at: number, total: number): number => {
  const signed = at + 4 <= total && u32(at) === DESCRIPTOR ? 4 : 0;
  // Zip64 descriptors carry 8-byte sizes; which one it is shows in what follows (the next header's signature).
  for (const sizes of [8, 16]) {
    const next = at + signed + 4 + sizes;
    if (next + 4 <= total && (u32(next) === LOCAL || u32(next) === CENTRAL)) return signed + 4 + sizes;
  }
  throw new ZipError('data descriptor broken');
};

/**
 * The bytes of one entry, inflated to at most `maxBytes` (the work stops there: a zip bomb costs no more).
 * @throws ZipError when the data is broken, larger than `maxBytes` or not the size the directory says.
 */
export const zipEntryData = (bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array => {
  if (entry.size > maxBytes) throw new ZipError(`${entry.name} is ${entry.size} bytes, over ${maxBytes}`);
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === STORED) return data;
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    throw new ZipError(`${entry.name} cannot be inflated: ${(err as Error).message}`);
  }
  if (inflated.byteLength !== entry.size) throw new ZipError(`${entry.name} inflates to ${inflated.byteLength} bytes, the directory says ${entry.size}`);
  return inflated;
};
