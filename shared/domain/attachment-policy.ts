/**
 * Which attachments go along to the raadsleden: the one place that decides it (the page, the approval mail, the
 * cover note, the classifier and the forward all read this). Pure.
 *
 * A council reads documents and pictures. Everything that can run, open something else, or hide something else
 * (programs, scripts, shortcuts, disk images, web pages, macro-capable Office files, archives) is never forwarded,
 * nor is a file whose bytes are not what its name says. Anything else not on the list is left out as "unsupported".
 * The griffie still has every original in the raw message.
 *
 * When the whole file is at hand (at ingest, and in `raadspost classify`), a document is also judged by what it
 * carries (document-inspection.ts): an Office or OpenDocument file with macros, links that fetch something on opening
 * or embedded objects; an RTF with an embedded object; a CSV with formulas; a PDF with active content; an attached
 * e-mail whose own attachments would not go along. Such a file stays home and is a dangerous attachment (a named
 * risk). A file that cannot be checked (broken, encrypted, a zip bomb) stays home too.
 *
 * Decision (PDF): a PDF with JavaScript, a launch action, embedded files, a form that sends data, XFA, rich media
 * or an action on opening is not forwarded, and the griffier sees it as a risk. A letter saved or printed as PDF
 * never has these; a form PDF with scripts does, and then the griffier asks the sender for a plain PDF. Forwarding
 * it with a warning would put active content before 40 raadsleden on the strength of one click.
 */
import { inspectCsv, inspectOfficeFile, inspectPdf, inspectRtf, type ContentFinding } from './document-inspection.js';
import { withoutFormatCharacters } from './text.js';

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
  outlook_message: 'Outlook-bericht (.msg) waarvan de inhoud en bijlagen niet kunnen worden gecontroleerd',
  disguised: 'de inhoud past niet bij de bestandsnaam',
  has_macros: 'document met macro\u2019s: programmacode die bij het openen kan starten',
  external_content: 'document dat bij het openen iets van internet of het netwerk ophaalt of een ander programma start',
  embedded_object: 'document met een ingesloten object of programma dat bij het openen of aanklikken kan starten',
  active_pdf: 'pdf met ingebouwde code of acties (zoals JavaScript of een ingesloten bestand); een gewone brief als pdf heeft die niet',
  formulas: 'tabel met formules die bij het openen in Excel een programma of website kunnen openen',
  unchecked: 'kon niet worden gecontroleerd (het bestand is beschadigd, versleuteld of ongewoon opgebouwd)',
} as const satisfies Record<string, string> & Record<ContentFinding, string>;

export type DangerousKind = keyof typeof DANGEROUS_KINDS;

const DANGEROUS_EXTENSIONS: Readonly<Record<DangerousKind, readonly string[]>> = {
  executable: ['exe', 'com', 'scr', 'pif', 'msi', 'msp', 'msix', 'appx', 'dll', 'cpl', 'ocx', 'sys', 'drv', 'jar', 'apk', 'app', 'bin', 'run', 'elf', 'deb', 'rpm', 'gadget', 'xll', 'xbap', 'application'],
  script: ['bat', 'cmd', 'js', 'jse', 'mjs', 'cjs', 'vbs', 'vbe', 'vb', 'wsf', 'wsh', 'wsc', 'ps1', 'psm1', 'psd1', 'ps1xml', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'py', 'pyw', 'pl', 'rb', 'php', 'reg', 'scf', 'inf', 'ins', 'isp', 'sct', 'msc', 'applescript', 'scpt', 'ahk', 'au3', 'hta', 'chm', 'jnlp', 'lua'],
  shortcut: ['lnk', 'url', 'website', 'desktop', 'webloc', 'library-ms', 'settingcontent-ms', 'searchconnector-ms', 'appref-ms', 'mcl'],
  disk_image: ['iso', 'img', 'vhd', 'vhdx', 'dmg', 'vmdk', 'udf', 'wim'],
  web_page: ['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xht', 'xsl', 'xslt'],
  macro: ['docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'xlam', 'xla', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm', 'doc', 'dot', 'xls', 'xlt', 'ppt', 'pot', 'pps', 'wbk', 'one'],
  archive: ['zip', 'zipx', 'rar', '7z', 'tar', 'gz', 'tgz', 'bz2', 'tbz', 'xz', 'txz', 'lz', 'lzh', 'lha', 'z', 'cab', 'arj', 'ace', 'uue', 'xxe', 'zst'],
  outlook_message: ['msg', 'oft'],
  disguised: [],
  has_macros: [],
  external_content: [],
  embedded_object: [],
  active_pdf: [],
  formulas: [],
  unchecked: [],
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
  [/^application\/(vnd\.ms-outlook|x-ms-outlook|x-outlook-msg)$/, 'outlook_message'],
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
  | { readonly code: 'too_large' }
  /** An attached e-mail with an attachment of its own that would not go along (the first such one). */
  | { readonly code: 'in_attached_message'; readonly inner: { readonly name: string; readonly refusal: AttachmentRefusal } };

/** Whether the file can do harm (it raises the dangerous_attachment risk), also when it hides in an attached e-mail. */
export const isDangerous = (refusal: AttachmentRefusal): boolean =>
  refusal.code === 'dangerous' || (refusal.code === 'in_attached_message' && isDangerous(refusal.inner.refusal));

/** The Dutch reason after "niet doorgestuurd: ". */
export const refusalReason = (refusal: AttachmentRefusal): string => {
  switch (refusal.code) {
    case 'dangerous':
      return DANGEROUS_KINDS[refusal.kind];
    case 'in_attached_message':
      return `doorgestuurd e-mailbericht met een eigen bijlage die niet mee mag: "${refusal.inner.name}" (${refusalReason(refusal.inner.refusal)})`;
    case 'unsupported':
      return 'bestandstype dat niet wordt doorgestuurd';
    case 'inline':
      return 'afbeelding in de opmaak van de e-mail';
    case 'too_large':
      return 'te groot om mee te sturen (de e-mail zou boven de limiet van 40 MB komen)';
  }
};

/** Without the invisible characters that can disguise a file name ("brief\u202Efdp.exe"). */
const visible = (name: string): string => withoutFormatCharacters(name).value;

/** The extensions of a file name, last first, lower-case (Windows ignores trailing dots and spaces). */
const extensionsOf = (filename: string): string[] => {
  const name = visible(filename).replace(/[\s.]+$/u, '').toLowerCase();
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
}

/** The whole file, when it is at hand (at ingest): its bytes are checked against its type and inspected. */
export interface AttachmentContent {
  readonly bytes: Uint8Array;
  /**
   * For an attached e-mail: its own attachments, with their bytes, as read (one level deep); absent when the
   * message could not be read.
   */
  readonly attached?: readonly (AttachmentToJudge & { readonly content?: AttachmentContent })[];
}

/**
 * Whether one attachment may go to the council, decided on every name the part has (all its extensions, so
 * "brief.pdf.lnk" is a shortcut and "brief.lnk.pdf" too), its declared type and, when `content` is given, its bytes:
 * the first ones against the type's signature, the whole file for what it carries (document-inspection.ts).
 * Without `content` only name and type are judged (the classifier's view).
 * @example judgeAttachment({ filename: 'brief.pdf', contentType: 'application/pdf', inline: false }, { bytes }) // { forward: true, type: 'pdf' }
 */
export const judgeAttachment = ({ filename, contentType, inline }: AttachmentToJudge, content?: AttachmentContent): AttachmentVerdict => {
  const refuse = (refusal: AttachmentRefusal): AttachmentVerdict => ({ forward: false, refusal });
  const extensions = extensionsOf(filename ?? '');
  for (const ext of extensions) {
    const kind = dangerousKindOfExtension(ext);
    if (kind) return refuse({ code: 'dangerous', kind });
  }
  const declared = contentType.trim().toLowerCase();
  const mimeKind = DANGEROUS_MIME.find(([pattern]) => pattern.test(declared))?.[1];
  if (mimeKind) return refuse({ code: 'dangerous', kind: mimeKind });
  const head = content?.bytes.subarray(0, HEAD_BYTES);
  const byContent = head ? contentKind(head) : undefined;
  if (byContent) return refuse({ code: 'dangerous', kind: extensions[0] && extensions[0] in FORWARDED_TYPES ? 'disguised' : byContent });
  if (inline) return refuse({ code: 'inline' });

  const type = (extensions[0] ?? extensionForMime(declared)) as ForwardedType | undefined;
  if (!type || !(type in FORWARDED_TYPES)) return refuse({ code: 'unsupported' });
  if (!content) return { forward: true, type };
  const expected: readonly string[] = FORWARDED_TYPES[type].magic;
  if (head && expected.length > 0 && !expected.some((signature) => startsWith(head, signature))) {
    return refuse({ code: 'dangerous', kind: 'disguised' });
  }
  // A file over the forward's limit goes nowhere; it is not worth the work of inspecting.
  if (content.bytes.byteLength > MAX_FORWARD_BYTES) return refuse({ code: 'too_large' });
  if (type === 'eml') return judgeAttachedMessage(content);
  const finding = INSPECT[type]?.(content.bytes);
  return finding ? refuse({ code: 'dangerous', kind: finding }) : { forward: true, type };
};

/** A file inside a document whose name says it can run (an .exe or a shortcut inside a "Word file"). */
const isDangerousFileName = (name: string): boolean => extensionsOf(name).some((ext) => dangerousKindOfExtension(ext) !== undefined);

const officeFile = (bytes: Uint8Array): ContentFinding | undefined => inspectOfficeFile(bytes, isDangerousFileName);

/** How each type's content is inspected; types without an entry (pictures, plain text) carry nothing to find. */
const INSPECT: Partial<Record<ForwardedType, (bytes: Uint8Array) => ContentFinding | undefined>> = {
  pdf: inspectPdf,
  rtf: inspectRtf,
  csv: inspectCsv,
  docx: officeFile,
  xlsx: officeFile,
  pptx: officeFile,
  odt: officeFile,
  ods: officeFile,
  odp: officeFile,
};

/**
 * An attached e-mail goes along only when it could be read and each of its own attachments would go along on its
 * own (pictures of its layout aside). Its attachments are judged with their bytes, so a message inside it (which is
 * not opened: one level) cannot be checked.
 */
const judgeAttachedMessage = (content: AttachmentContent): AttachmentVerdict => {
  if (!content.attached) return { forward: false, refusal: { code: 'dangerous', kind: 'unchecked' } };
  for (const inner of content.attached) {
    const verdict: AttachmentVerdict = inner.content ? judgeAttachment(inner, inner.content) : { forward: false, refusal: { code: 'dangerous', kind: 'unchecked' } };
    if (!verdict.forward && verdict.refusal.code !== 'inline') {
      const name = withoutFormat(inner.filename ?? '') || 'naamloos';
      return { forward: false, refusal: { code: 'in_attached_message', inner: { name, refusal: verdict.refusal } } };
    }
  }
  return { forward: true, type: 'eml' };
};

const withoutFormat = (name: string): string => visible(name).slice(0, 200);

/** A part without a file name ("noname") is judged by its declared type. */
const extensionForMime = (contentType: string): string | undefined =>
  (Object.keys(FORWARDED_TYPES) as ForwardedType[]).find((ext) => FORWARDED_TYPES[ext].mime === contentType && ext !== 'jpeg');

/** How many first bytes are compared with the type's signature and searched for programs and web pages. */
const HEAD_BYTES = 512;

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
