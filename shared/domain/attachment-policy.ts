/**
 * Which attachments go along to the raadsleden: the one place that decides it (the page, the approval mail, the
 * cover note, the classifier and the forward all read this). Pure.
 *
 * A council reads documents and pictures. Everything that can run, open something else, or hide something else
 * (programs, scripts, shortcuts, disk images, web pages, macro-capable Office files, archives) is never forwarded,
 * nor is a file whose bytes are not what its name says. Anything else not on the list is left out as "unsupported".
 * The griffie still has every original in the raw message.
 */

/** Office Open XML and OpenDocument files are zip containers. */
const ZIP = 'PK\x03\x04';

/** The types that are forwarded: extension -> MIME type we send it as, and the magic bytes its content must start with. */
export const FORWARDED_TYPES = {
  pdf: { mime: 'application/pdf', label: 'pdf-document', magic: ['%PDF-'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word-document', magic: [ZIP] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', label: 'tekstdocument (ODT)', magic: [ZIP] },
  rtf: { mime: 'application/rtf', label: 'tekstdocument (RTF)', magic: ['{\\rtf'] },
  txt: { mime: 'text/plain', label: 'tekstbestand', magic: [] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel-bestand', magic: [ZIP] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', label: 'rekenblad (ODS)', magic: [ZIP] },
  csv: { mime: 'text/csv', label: 'tabel (CSV)', magic: [] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint-presentatie', magic: [ZIP] },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', label: 'presentatie (ODP)', magic: [ZIP] },
  jpg: { mime: 'image/jpeg', label: 'foto (JPEG)', magic: ['\xff\xd8\xff'] },
  jpeg: { mime: 'image/jpeg', label: 'foto (JPEG)', magic: ['\xff\xd8\xff'] },
  png: { mime: 'image/png', label: 'afbeelding (PNG)', magic: ['\x89PNG'] },
  gif: { mime: 'image/gif', label: 'afbeelding (GIF)', magic: ['GIF87a', 'GIF89a'] },
  eml: { mime: 'message/rfc822', label: 'doorgestuurd e-mailbericht', magic: [] },
  msg: { mime: 'application/vnd.ms-outlook', label: 'doorgestuurd Outlook-bericht', magic: ['\xd0\xcf\x11\xe0'] },
} as const satisfies Record<string, { mime: string; label: string; magic: readonly string[] }>;

export type ForwardedType = keyof typeof FORWARDED_TYPES;

/** Kinds of file that are never forwarded because they can do harm, each with the Dutch reason the griffier reads. */
export const DANGEROUS_KINDS = {
  executable: 'programma dat op de computer kan draaien',
  script: 'script dat op de computer kan draaien',
  shortcut: 'snelkoppeling die iets anders opent',
  disk_image: 'schijfkopie die programma\u2019s kan bevatten',
  web_page: 'webpagina of afbeelding met code (kan een nep-inlogformulier bevatten)',
  macro: 'Office-bestand dat macro\u2019s kan bevatten',
  archive: 'archief (zip en dergelijke) waarvan de inhoud niet is gecontroleerd',
  disguised: 'de inhoud past niet bij de bestandsnaam',
} as const;

export type DangerousKind = keyof typeof DANGEROUS_KINDS;

const DANGEROUS_EXTENSIONS: Readonly<Record<DangerousKind, readonly string[]>> = {
  executable: ['exe', 'com', 'scr', 'pif', 'msi', 'msp', 'msix', 'appx', 'dll', 'cpl', 'ocx', 'sys', 'drv', 'jar', 'apk', 'app', 'bin', 'run', 'elf', 'deb', 'rpm', 'gadget', 'xll', 'xbap', 'application'],
  script: ['bat', 'cmd', 'js', 'jse', 'mjs', 'cjs', 'vbs', 'vbe', 'vb', 'wsf', 'wsh', 'wsc', 'ps1', 'psm1', 'psd1', 'ps1xml', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'py', 'pyw', 'pl', 'rb', 'php', 'reg', 'scf', 'inf', 'ins', 'isp', 'sct', 'msc', 'applescript', 'scpt', 'ahk', 'au3', 'hta', 'chm', 'jnlp', 'lua'],
  shortcut: ['lnk', 'url', 'website', 'desktop', 'webloc', 'library-ms', 'settingcontent-ms', 'searchconnector-ms', 'appref-ms', 'mcl'],
  disk_image: ['iso', 'img', 'vhd', 'vhdx', 'dmg', 'vmdk', 'udf', 'wim'],
  web_page: ['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xht', 'xsl', 'xslt'],
  macro: ['docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'xlam', 'xla', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm', 'doc', 'dot', 'xls', 'xlt', 'ppt', 'pot', 'pps', 'wbk', 'one'],
  archive: ['zip', 'zipx', 'rar', '7z', 'tar', 'gz', 'tgz', 'bz2', 'tbz', 'xz', 'txz', 'lz', 'lzh', 'lha', 'z', 'cab', 'arj', 'ace', 'uue', 'xxe', 'zst'],
  disguised: [],
};

/** MIME types that mark a part as dangerous whatever its name says (a sender cannot make an .exe harmless by naming it .pdf). */
const DANGEROUS_MIME: readonly [RegExp, DangerousKind][] = [
  [/^application\/(x-)?(ms-?dos-?)?(msdownload|dosexec|executable|x-executable|x-msi|vnd\.microsoft\.portable-executable|java-archive|x-sh|x-shellscript|x-bat|x-msdos-program|hta|vnd\.android\.package-archive)$/, 'executable'],
  [/^(application|text)\/(x-)?(javascript|ecmascript|vbscript|python|perl|php|powershell)$/, 'script'],
  [/^application\/x-ms-shortcut$/, 'shortcut'],
  [/^application\/(x-)?(iso9660-image|x-apple-diskimage|x-raw-disk-image)$/, 'disk_image'],
  [/^(text\/html|application\/xhtml\+xml|image\/svg\+xml|message\/partial|text\/xsl|application\/xslt\+xml)$/, 'web_page'],
  [/^application\/vnd\.ms-(word|excel|powerpoint)\..*macroenabled/, 'macro'],
  [/^application\/(msword|vnd\.ms-excel|vnd\.ms-powerpoint)$/, 'macro'],
  [/^application\/(x-)?(zip|zip-compressed|rar|rar-compressed|vnd\.rar|7z-compressed|tar|gzip|gtar|bzip2|xz|compress|cab-compressed|lzh-compressed|ace-compressed)$/, 'archive'],
];

/** What the policy says of one attachment. */
export type AttachmentVerdict =
  | { readonly forward: true; readonly type: ForwardedType }
  | { readonly forward: false; readonly refusal: AttachmentRefusal };

export type AttachmentRefusal =
  | { readonly code: 'dangerous'; readonly kind: DangerousKind }
  | { readonly code: 'unsupported' }
  | { readonly code: 'inline' }
  | { readonly code: 'too_large' };

/** The Dutch reason after "niet doorgestuurd: ". */
export const refusalReason = (refusal: AttachmentRefusal): string => {
  switch (refusal.code) {
    case 'dangerous':
      return DANGEROUS_KINDS[refusal.kind];
    case 'unsupported':
      return 'bestandstype dat niet wordt doorgestuurd';
    case 'inline':
      return 'afbeelding in de opmaak van de e-mail';
    case 'too_large':
      return 'te groot om mee te sturen (de e-mail zou boven de limiet van 40 MB komen)';
  }
};

/** Format characters (bidi controls, zero-width, BOM) that can disguise a file name ("brief\u202Efdp.exe"). */
const FORMAT_CHARS = /\p{Cf}/gu;

/** The extensions of a file name, last first, lower-case (Windows ignores trailing dots and spaces). */
const extensionsOf = (filename: string): string[] => {
  const name = filename.replace(FORMAT_CHARS, '').replace(/[\s.]+$/u, '').toLowerCase();
  const parts = name.split('.');
  return parts.length < 2 ? [] : parts.slice(1).reverse();
};

const dangerousKindOfExtension = (ext: string): DangerousKind | undefined =>
  (Object.keys(DANGEROUS_EXTENSIONS) as DangerousKind[]).find((kind) => DANGEROUS_EXTENSIONS[kind].includes(ext));

/** Byte signatures of programs and web pages, whatever the name: a "brief.pdf" that starts with MZ is a Windows program. */
const startsWith = (head: Uint8Array, signature: string): boolean => {
  if (head.byteLength < signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (head[i] !== signature.charCodeAt(i)) return false;
  return true;
};

const PROGRAM_SIGNATURES = ['MZ', '\x7fELF', '\xca\xfe\xba\xbe', '\xcf\xfa\xed\xfe', '#!'];
const WEB_PAGE_START = /^\s*(<!doctype html|<html|<svg|<\?xml[^>]*>\s*<svg|<script|<form|<iframe)/i;

const contentKind = (head: Uint8Array): DangerousKind | undefined => {
  if (PROGRAM_SIGNATURES.some((s) => startsWith(head, s))) return 'executable';
  if (WEB_PAGE_START.test(Buffer.from(head.subarray(0, 512)).toString('latin1'))) return 'web_page';
  return undefined;
};

export interface AttachmentToJudge {
  readonly filename: string | null;
  /** Lower-case MIME type as the message declared it. */
  readonly contentType: string;
  /** Shown inside the HTML body (a logo): never forwarded, the forward carries text only. */
  readonly inline: boolean;
  /** The first bytes of the content, when known (at ingest): checked against the type's signature. */
  readonly head?: Uint8Array;
}

/**
 * Whether one attachment may go to the council, decided on every name the part has (all its extensions, so
 * "brief.pdf.lnk" is a shortcut and "brief.lnk.pdf" too), its declared type and, when given, its first bytes.
 * @example judgeAttachment({ filename: 'brief.pdf', contentType: 'application/pdf', inline: false, head }) // { forward: true, type: 'pdf' }
 */
export const judgeAttachment = ({ filename, contentType, inline, head }: AttachmentToJudge): AttachmentVerdict => {
  const refuse = (refusal: AttachmentRefusal): AttachmentVerdict => ({ forward: false, refusal });
  const extensions = extensionsOf(filename ?? '');
  for (const ext of extensions) {
    const kind = dangerousKindOfExtension(ext);
    if (kind) return refuse({ code: 'dangerous', kind });
  }
  const declared = contentType.trim().toLowerCase();
  const mimeKind = DANGEROUS_MIME.find(([pattern]) => pattern.test(declared))?.[1];
  if (mimeKind) return refuse({ code: 'dangerous', kind: mimeKind });
  const byContent = head ? contentKind(head) : undefined;
  if (byContent) return refuse({ code: 'dangerous', kind: extensions[0] && extensions[0] in FORWARDED_TYPES ? 'disguised' : byContent });
  if (inline) return refuse({ code: 'inline' });

  const type = (extensions[0] ?? extensionForMime(declared)) as ForwardedType | undefined;
  if (!type || !(type in FORWARDED_TYPES)) return refuse({ code: 'unsupported' });
  const expected: readonly string[] = FORWARDED_TYPES[type].magic;
  if (head && expected.length > 0 && !expected.some((signature) => startsWith(head, signature))) {
    return refuse({ code: 'dangerous', kind: 'disguised' });
  }
  return { forward: true, type };
};

/** A part without a file name ("noname") is judged by its declared type. */
const extensionForMime = (contentType: string): string | undefined =>
  (Object.keys(FORWARDED_TYPES) as ForwardedType[]).find((ext) => FORWARDED_TYPES[ext].mime === contentType && ext !== 'jpeg');

/** How many first bytes the policy looks at. */
export const HEAD_BYTES = 512;

/**
 * SES v2 refuses a message over 40 MB, counted after encoding: base64 makes 3 bytes 4 and adds a line break every
 * 76 characters. We keep a margin for the headers and the text.
 */
export const MAX_FORWARD_BYTES = 40 * 1024 * 1024;
const encodedSize = (bytes: number): number => Math.ceil(bytes / 3) * 4 * (78 / 76);
const MARGIN_BYTES = 256 * 1024;

/**
 * The attachments that fit in one forward next to `textBytes` of text: the largest are left out first until the
 * rest fits. Returns the indexes (into `sizes`) that must stay home.
 */
export const attachmentsOverSizeLimit = (sizes: readonly number[], textBytes: number, limit = MAX_FORWARD_BYTES): Set<number> => {
  const left = new Set<number>();
  let total = encodedSize(textBytes) + MARGIN_BYTES + sizes.reduce((sum, size) => sum + encodedSize(size), 0);
  const largestFirst = sizes.map((size, index) => ({ size, index })).sort((a, b) => b.size - a.size || a.index - b.index);
  for (const { size, index } of largestFirst) {
    if (total <= limit) break;
    left.add(index);
    total -= encodedSize(size);
  }
  return left;
};
