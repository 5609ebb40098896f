/**
 * Small documents made in code for the attachment inspection tests: zip files written entry by entry (so that a test
 * can also write a broken or lying one), Word and OpenDocument files built on them, and hostile variants.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFile {
  readonly name: string;
  readonly data: string | Uint8Array;
  /** Stored instead of deflated. */
  readonly store?: boolean;
  /** Written in the file but not listed in the central directory (hidden from a reader that trusts it). */
  readonly unlisted?: boolean;
  /** The name in the local header, when it should differ from the directory's. */
  readonly localName?: string;
  /** The uncompressed size the directory claims (a zip bomb lies here). */
  readonly declaredSize?: number;
  /** General purpose flags (1: encrypted). */
  readonly flags?: number;
  /** Compression method as written (8 deflate, 0 stored, anything else to test refusal). */
  readonly method?: number;
}

/**
 * A zip file. With `zip64`, the end of the directory is written in the Zip64 form (sizes and offsets in the Zip64
 * end record and each entry's extra field), as some writers do for any size.
 * @example zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true }])
 */
export function zip(files: readonly ZipFile[], options: { readonly zip64?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  for (const file of files) {
    const data = Buffer.from(typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data);
    const method = file.method ?? (file.store ? 0 : 8);
    const body = method === 8 ? deflateRawSync(data) : data;
    const size = file.declaredSize ?? data.length;
    const name = Buffer.from(file.name, 'utf8');
    const localName = Buffer.from(file.localName ?? file.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800 | (file.flags ?? 0), 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    chunks.push(local, localName, body);
    if (!file.unlisted) {
      const extra = options.zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
      if (options.zip64) {
        extra.writeUInt16LE(1, 0);
        extra.writeUInt16LE(24, 2);
        extra.writeBigUInt64LE(BigInt(size), 4);
        extra.writeBigUInt64LE(BigInt(body.length), 12);
        extra.writeBigUInt64LE(BigInt(offset), 20);
      }
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(45, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(0x0800 | (file.flags ?? 0), 8);
      entry.writeUInt16LE(method, 10);
      entry.writeUInt32LE(crc32(data), 16);
      entry.writeUInt32LE(options.zip64 ? 0xffffffff : body.length, 20);
      entry.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt16LE(extra.length, 30);
      entry.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
      central.push(entry, name, extra);
      listed++;
    }
    offset += local.length + localName.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (!options.zip64) {
    end.writeUInt16LE(listed, 8);
    end.writeUInt16LE(listed, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...chunks, directory, end]);
  }
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(listed), 24);
  record.writeBigUInt64LE(BigInt(listed), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...chunks, directory, record, locator, end]);
}

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A relationship element; `type` is the last part of the type URI ("hyperlink", "attachedTemplate", …). */
export const relationship = (id: string, type: string, target: string, external = false): string =>
  `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;

export const relationships = (...items: string[]): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}">${items.join('')}</Relationships>`;

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** The text of a Word body: paragraphs, or raw WordprocessingML runs (for fields). */
const wordDocument = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${REL}"><w:body>${body}</w:body></w:document>`;

export const paragraph = (text: string): string => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

export interface WordOptions {
  /** WordprocessingML inside <w:body>. @default one paragraph of a letter */
  readonly body?: string;
  /** Relationships of word/document.xml besides the styles. */
  readonly documentRelationships?: readonly string[];
  /** More parts (name -> content). */
  readonly parts?: Readonly<Record<string, string | Uint8Array>>;
  /** Overrides in [Content_Types].xml (part name -> type). */
  readonly overrides?: Readonly<Record<string, string>>;
  readonly mainContentType?: string;
}

/**
 * A minimal but complete Word document (.docx), as Word lays it out: content types, package relationships, the
 * document and its styles.
 */
export function docx(options: WordOptions = {}): Buffer {
  const overrides = { '/word/document.xml': options.mainContentType ?? WORD_MAIN, '/word/styles.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml', ...options.overrides };
  return zip([
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Default Extension="png" ContentType="image/png"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>' +
        Object.entries(overrides).map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('') +
        '</Types>',
    },
    { name: '_rels/.rels', data: relationships(relationship('rId1', 'officeDocument', 'word/document.xml')) },
    { name: 'word/document.xml', data: wordDocument(options.body ?? paragraph('Geachte leden van de gemeenteraad, hierbij onze zienswijze.')) },
    { name: 'word/styles.xml', data: '<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' },
    { name: 'word/_rels/document.xml.rels', data: relationships(relationship('rId1', 'styles', 'styles.xml'), ...(options.documentRelationships ?? [])) },
    ...Object.entries(options.parts ?? {}).map(([name, data]) => ({ name, data })),
  ]);
}

/** A complex field in WordprocessingML, its code split over runs as Word writes it after editing. */
export const wordField = (...codeParts: string[]): string =>
  `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>${codeParts.map((part) => `<w:r><w:instrText xml:space="preserve">${part}</w:instrText></w:r>`).join('')}` +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>resultaat</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';

export interface OpenDocumentOptions {
  /** XML inside <office:text>. @default one paragraph */
  readonly text?: string;
  /** XML inside <office:document-content> before the body (office:scripts and the like). */
  readonly head?: string;
  readonly parts?: Readonly<Record<string, string | Uint8Array>>;
}

/** A minimal OpenDocument text (.odt) as LibreOffice lays it out: mimetype first and stored, manifest, content. */
export function odt(options: OpenDocumentOptions = {}): Buffer {
  return zip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
    {
      name: 'META-INF/manifest.xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    },
    {
      name: 'content.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
        'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3">' +
        `${options.head ?? ''}<office:body><office:text>${options.text ?? '<text:p>Geachte leden van de gemeenteraad, hierbij onze zienswijze.</text:p>'}</office:text></office:body></office:document-content>`,
    },
    ...Object.entries(options.parts ?? {}).map(([name, data]) => ({ name, data })),
  ]);
}
