/**
 * What a document carries that its name and first bytes do not tell: macros, links that fetch something when it is
 * opened, embedded objects and programs, PDF actions, spreadsheet formulas. Read from the whole file, with bounded
 * work (a zip bomb or a broken file is `unchecked`, never a crash or a hang). Pure (Node's zlib only).
 * attachment-policy.ts turns a finding into a refusal; this module only looks.
 */
import { inflateRawSync, inflateSync, constants as zlib } from 'node:zlib';
import { zipEntries, zipEntryData, ZipError, type ZipEntry } from './zip-archive.js';

/** What was found; each is a kind of dangerous attachment in attachment-policy.ts. */
export type ContentFinding =
  /** Macros or scripts are in the file (VBA, Excel 4.0 macro sheets, LibreOffice Basic, event scripts). */
  | 'has_macros'
  /** Macro-enabled by its content type (a .docm named .docx), with or without macros in it yet. */
  | 'macro'
  /** Opening it fetches something or starts another program: remote template, external object, DDE, data connection. */
  | 'external_content'
  /** An embedded object (OLE, ActiveX) or file that can start when opened or double-clicked. */
  | 'embedded_object'
  /** PDF with JavaScript, launch, embedded files, forms that send, rich media, or an action on opening. */
  | 'active_pdf'
  /** CSV cells that a spreadsheet runs as formulas. */
  | 'formulas'
  /** Could not be checked: broken, encrypted, oddly built, or more work than allowed. */
  | 'unchecked'
  /** A zip named as an Office document that is no Office document. */
  | 'disguised';

/** Bytes one file may inflate to, over all its parts (zip entries, PDF object streams): a zip bomb stops here. */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** A finding from a broken structure: it could not be checked. */
class Uncheckable extends Error {}

/** Tracks the inflation budget of one file. */
class Budget {
  constructor(private left = MAX_INFLATED_BYTES) {}
  get remaining(): number {
    return this.left;
  }
  spend(bytes: number): void {
    this.left -= bytes;
    if (this.left < 0) throw new Uncheckable('inflation budget spent');
  }
}

const checked = (inspect: () => ContentFinding | undefined): ContentFinding | undefined => {
  try {
    return inspect();
  } catch (err) {
    if (err instanceof ZipError || err instanceof Uncheckable) return 'unchecked';
    throw err;
  }
};

// ------------------------------------------------------------------------------------------ Office and OpenDocument

/** A package inside a package (a chart's workbook inside a Word file) is looked into; one level, no further. */
const MAX_PACKAGE_DEPTH = 1;

/**
 * Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files: the zip's directory, its relationships,
 * content types and the parts where fields and scripts live. `dangerousName` judges the names of the files inside.
 */
export const inspectOfficeFile = (bytes: Uint8Array, dangerousName: (name: string) => boolean): ContentFinding | undefined =>
  checked(() => inspectPackage(bytes, dangerousName, new Budget(), 0));

const inspectPackage = (bytes: Uint8Array, dangerousName: (name: string) => boolean, budget: Budget, depth: number): ContentFinding | undefined => {
  const entries = zipEntries(bytes);
  const parts = new Map<string, ZipEntry>(entries.map((e) => [partName(e.name), e]));
  // "A.xml" and "a.xml" are one part to Office: which one it reads is not ours to guess.
  if (parts.size !== entries.length) throw new Uncheckable('two entries with the same part name');
  const read = (entry: ZipEntry): Uint8Array => {
    const data = zipEntryData(bytes, entry, budget.remaining);
    budget.spend(data.byteLength);
    return data;
  };
  const ooxml = parts.has('[content_types].xml');
  if (!ooxml && !parts.has('mimetype') && !parts.has('meta-inf/manifest.xml')) return 'disguised';

  // By name first (the most serious findings), then by what the parts say.
  const embedded = new Set<string>();
  for (const name of parts.keys()) {
    if (name.endsWith('/')) continue; // a folder entry: what counts is in it
    const file = name.slice(name.lastIndexOf('/') + 1);
    if (MACRO_PARTS.test(name) || (ODF_SCRIPT_FOLDERS.test(name) && !ODF_LIBRARY_LISTS.test(file))) return 'has_macros';
    if (EMBEDDED_PARTS.test(name) || /^object \d+$/.test(name) || (!file.endsWith('.bin') && dangerousName(file))) return 'embedded_object';
    if (EXTERNAL_PARTS.test(name)) return 'external_content';
    if (/(^|\/)embeddings\//.test(name)) embedded.add(name);
  }
  for (const [name, entry] of parts) {
    if (entry.size === 0) continue;
    if (ooxml && name.endsWith('.rels')) {
      const found = relationshipsFinding(name, decodeText(read(entry)), embedded);
      if (found) return found;
    } else if (WORD_STORY.test(name)) {
      if (wordFieldInstructions(decodeText(read(entry))).some(fieldRunsOrFetches)) return 'external_content';
    } else if (SLIDE.test(name)) {
      // An action setting that starts a program when a shape is clicked or merely pointed at.
      if (/ppaction:\/\/program/i.test(decodeText(read(entry)))) return 'external_content';
    } else if (ODF_XML.test(name)) {
      const found = odfFinding(decodeText(read(entry)));
      if (found) return found;
    }
  }
  if (ooxml) {
    const found = contentTypesFinding(decodeText(read(parts.get('[content_types].xml')!)), [...parts.keys()]);
    if (found) return found;
  }
  // Embedded packages (a chart's workbook) are inspected like the file itself; anything else embedded is an object.
  for (const name of embedded) {
    const entry = parts.get(name);
    if (!entry) return 'embedded_object';
    const data = read(entry);
    if (depth >= MAX_PACKAGE_DEPTH || !startsWithZip(data)) return 'embedded_object';
    const found = inspectPackage(data, dangerousName, budget, depth + 1);
    if (found) return found === 'disguised' ? 'embedded_object' : found;
  }
  return undefined;
};

/** Part names are compared as Office does: case-insensitive, percent-decoded, without a leading slash. */
const partName = (name: string): string => {
  let decoded = name.replace(/\\/g, '/');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // not percent-encoded: taken as it is
  }
  return decoded.replace(/^\/+/, '').toLowerCase();
};

/** VBA projects and their data, Excel 4.0 macro sheets. */
const MACRO_PARTS = /(^|\/)(vbaproject\.bin|vbadata\.xml|vbaprojectsignature[^/]*\.bin)$|(^|\/)macrosheets\//;
/** LibreOffice Basic and scripts (Python, JavaScript, BeanShell) kept in the document. */
const ODF_SCRIPT_FOLDERS = /^(basic|scripts)\//;
/** The lists of libraries that LibreOffice writes even when they are empty. */
const ODF_LIBRARY_LISTS = /^(script|dialog)-l[bc]\.xml$/;
/** OLE objects and ActiveX controls. */
const EMBEDDED_PARTS = /(^|\/)(oleobject[^/]*|activex\/.*)$/;
/** Links to other workbooks and DDE (externalLinks), data connections that refresh from elsewhere. */
const EXTERNAL_PARTS = /(^|\/)(externallinks\/.*|connections\.xml)$/;
/** Where Word keeps field codes: the document, headers, footers, notes, comments. */
const WORD_STORY = /^word\/[^/]+\.xml$/;
/** PowerPoint's slides, layouts and masters, where shapes carry their action settings. */
const SLIDE = /^ppt\/(slides|slidelayouts|slidemasters)\/[^/]+\.xml$/;
/** Where OpenDocument keeps text, event bindings and links (also of embedded sub-documents, "Object 1/content.xml"). */
const ODF_XML = /(^|\/)(content|styles)\.xml$/;

const startsWithZip = (data: Uint8Array): boolean => data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

/** Relationship types whose target is an object or code inside the file. */
const EMBEDDED_RELATIONSHIPS = new Set(['oleobject', 'activexcontrol', 'activexcontrolbinary', 'control']);
const MACRO_RELATIONSHIPS = new Set(['vbaproject', 'wordvbadata', 'vbaprojectsignature']);

/**
 * One `.rels` part: a relationship that points outside the file (TargetMode="External": a remote template, a linked
 * object, a picture or frame fetched from a server, the Follina family) is external content, except a hyperlink to a
 * web page or mail address (clicked, never fetched). Internal objects and macros by their relationship type; an
 * embedded package is noted in `embedded` to be inspected itself.
 */
const relationshipsFinding = (relsName: string, xml: string, embedded: Set<string>): ContentFinding | undefined => {
  for (const attributes of elements(xml, 'relationship')) {
    const type = (attributes.get('type') ?? '').toLowerCase().split('/').pop() ?? '';
    const target = attributes.get('target') ?? '';
    if ((attributes.get('targetmode') ?? '').trim().toLowerCase() === 'external') {
      if (type !== 'hyperlink' || !isWebOrMailLink(target)) return 'external_content';
      continue;
    }
    if (MACRO_RELATIONSHIPS.has(type)) return 'has_macros';
    if (EMBEDDED_RELATIONSHIPS.has(type)) return 'embedded_object';
    if (type === 'package') embedded.add(resolvePart(relsName, target));
  }
  return undefined;
};

/** The part a relationship target names: relative to the folder of the part whose `_rels` it is in. */
const resolvePart = (relsName: string, target: string): string => {
  const source = relsName.replace(/(^|\/)_rels\/[^/]*$/, '$1');
  const path = partName(target.trim()).split('/');
  const resolved = target.trim().startsWith('/') ? [] : source.split('/').filter(Boolean);
  for (const segment of path) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return resolved.join('/');
};

const isWebOrMailLink = (target: string): boolean => /^(https?:\/\/|mailto:|#)/i.test(target.trim());

/**
 * [Content_Types].xml: the type of every part that is really there (its Override, or the Default of its extension).
 * Types that are declared but not used say nothing.
 */
const contentTypesFinding = (xml: string, names: readonly string[]): ContentFinding | undefined => {
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const attributes of elements(xml, 'default')) defaults.set((attributes.get('extension') ?? '').toLowerCase(), attributes.get('contenttype') ?? '');
  for (const attributes of elements(xml, 'override')) overrides.set(partName(attributes.get('partname') ?? ''), attributes.get('contenttype') ?? '');
  const types = names.map((name) => (overrides.get(name) ?? defaults.get(name.slice(name.lastIndexOf('.') + 1)) ?? '').toLowerCase());
  if (types.some((t) => /vbaproject|vbadata|macrosheet/.test(t))) return 'has_macros';
  if (types.some((t) => /activex|oleobject/.test(t))) return 'embedded_object';
  if (types.some((t) => t.includes('macroenabled'))) return 'macro';
  return undefined;
};

/**
 * Word's field codes ("{ DDEAUTO c:\\windows\\system32\\cmd.exe }"), each whole: a code may be split over runs
 * ("DD" + "EAUTO"). A field whose name is computed by a field inside it ("{ {QUOTE 68 68 69} … }", a known way to
 * hide DDE) is reported as COMPUTED_FIELD_NAME, which `fieldRunsOrFetches` refuses.
 */
const wordFieldInstructions = (xml: string): string[] => {
  const done: string[] = [];
  const open: string[] = [];
  for (const match of xml.matchAll(/<(?:[\w.-]+:)?(fldChar|instrText|fldSimple)\b([^>]*)>([^<]*)/g)) {
    const [, element, attributeText, content] = match as unknown as [string, string, string, string];
    if (element === 'fldSimple') done.push(attributesOf(attributeText).get('instr') ?? '');
    else if (element === 'instrText') {
      if (open.length > 0) open[open.length - 1] += unescapeXml(content);
      else done.push(unescapeXml(content));
    } else {
      const type = attributesOf(attributeText).get('fldchartype');
      if (type === 'begin') {
        if (open.length > 0 && open[open.length - 1]!.trim() === '') done.push(COMPUTED_FIELD_NAME);
        open.push('');
      } else if (type === 'end' && open.length > 0) done.push(open.pop()!);
    }
  }
  return [...done, ...open];
};

const COMPUTED_FIELD_NAME = '\u0000';

/**
 * A field code that starts a program (DDE, DDEAUTO), fetches a file from a network share when fields are updated
 * (INCLUDETEXT, INCLUDEPICTURE, LINK, IMPORT with a \\\\server or file: path: it gives away the reader's Windows
 * login), or whose name is computed. Shared by Word's XML and RTF. INCLUDEPICTURE of a web address (what pasting
 * from a web page makes) is allowed.
 */
const fieldRunsOrFetches = (instruction: string): boolean =>
  instruction === COMPUTED_FIELD_NAME ||
  /^\s*DDE(AUTO)?(?!\w)/i.test(instruction) ||
  /^\s*(INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\s+(?:[\w.]+\s+)?"?\s*(\\\\|\/\/|file:)/i.test(instruction);

/**
 * OpenDocument content and styles: event bindings and script URLs run code; DDE and linked sections, tables, images
 * or objects fetch from elsewhere (links in the text, text:a, are clicked, not fetched); OLE objects, applets and
 * plug-ins are embedded objects.
 */
const odfFinding = (xml: string): ContentFinding | undefined => {
  if (/<(?:[\w.-]+:)?event-listener\b/.test(xml)) return 'has_macros';
  if (/<(?:[\w.-]+:)?(object-ole|applet|plugin)\b/.test(xml)) return 'embedded_object';
  if (/<(?:[\w.-]+:)?(dde-source|dde-connection-decl|dde-connection|dde-link)\b/.test(xml)) return 'external_content';
  for (const match of xml.matchAll(/<((?:[\w.-]+:)?[\w.-]+)\b([^>]*\bxlink:href\s*=[^>]*)>/g)) {
    const href = attributesOf(match[2]!).get('href') ?? '';
    if (/^\s*(vnd\.sun\.star\.script|macro):/i.test(href)) return 'has_macros';
    const element = match[1]!.toLowerCase();
    if (element === 'text:a' || element === 'draw:a') {
      if (/^\s*(file:|\\\\|smb:)/i.test(href)) return 'external_content';
    } else if (/^\s*([a-z][a-z0-9+.-]*:|\\\\|\/\/)/i.test(href)) return 'external_content';
  }
  return undefined;
};

/** The attributes (local names, lower-case, values unescaped) of every element with this local name (any prefix). */
function* elements(xml: string, localName: string): Generator<Map<string, string>> {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b([^>]*)>`, 'gi');
  for (const match of xml.matchAll(pattern)) yield attributesOf(match[1]!);
}

const attributesOf = (text: string): Map<string, string> => {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/(?:[\w.-]+:)?([\w.-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
    attributes.set(match[1]!.toLowerCase(), unescapeXml(match[2]!.slice(1, -1)));
  }
  return attributes;
};

/** XML character references and the five named entities ("&#69;xternal" is "External" to Word). */
const unescapeXml = (value: string): string =>
  value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return safeCodePoint(Number.parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower]!;
  });

const safeCodePoint = (code: number): string => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '');

/** XML or text bytes as a string: UTF-16 by its byte order mark (or by the zero bytes of ASCII in UTF-16), else UTF-8. */
const decodeText = (bytes: Uint8Array): string => {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0)) return new TextDecoder('utf-16le').decode(bytes);
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0)) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
};

// ------------------------------------------------------------------------------------------ RTF

/**
 * RTF: embedded OLE objects (\object, \objdata, \objclass: the carrier of the Equation Editor exploits), a remote
 * template (\template) and field codes that run DDE or fetch files. Control words as Word reads them: letters
 * ended by a non-letter; hex escapes (\'44) decoded in field codes.
 */
export const inspectRtf = (bytes: Uint8Array): ContentFinding | undefined => {
  const text = latin1(bytes);
  if (/\\(object|objdata|objclass|objemb|objlink|objautlink|objsub|objpub|objicemb|objhtml|objocx)(?![a-z])/i.test(text)) return 'embedded_object';
  if (/\\template(?![a-z])/i.test(text)) return 'external_content';
  for (const match of text.matchAll(/\\fldinst(?![a-z])/gi)) {
    const instruction = text
      .slice(match.index + match[0].length, match.index + match[0].length + 2000)
      .replace(/\\field(?![a-z])/gi, COMPUTED_FIELD_NAME)
      .replace(/\\'([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(/\\\*|\\[a-z]+-?\d* ?|[{}\r\n]/gi, '')
      .trimStart();
    if (instruction.startsWith(COMPUTED_FIELD_NAME) || fieldRunsOrFetches(instruction.slice(0, 300))) return 'external_content';
  }
  return undefined;
};

// ------------------------------------------------------------------------------------------ CSV

/**
 * CSV cells a spreadsheet reads as a formula: starting with "=", or with "@", "+" or "-" followed by a function call,
 * a DDE call or a reference ("(", "|", "!"): "=HYPERLINK(…)", "-cmd|' /c calc'!A0", "@SUM(1+9)*cmd|…" are formulas;
 * "-12,50", "+31 6 1234 5678" and "- geen opmerking" are data. Every
 * comma, semicolon and tab counts as a cell boundary (Excel's separator depends on the computer's language), and a
 * leading quote is passed over (Excel evaluates "=1+1" in quotes too). A tab or CR in front of a cell is such a
 * boundary too, so "\t=cmd" is caught; before other text it changes nothing.
 */
export const inspectCsv = (bytes: Uint8Array): ContentFinding | undefined => {
  // TextDecoder drops a byte order mark: "=1+1" right after it is the first cell.
  return CSV_FORMULA.test(decodeText(bytes)) ? 'formulas' : undefined;
};

const CSV_FORMULA = /(?:^|[,;\t\r\n])"?(?:=|[@+-][^,;\t\r\n"]*[(|!])/;

// ------------------------------------------------------------------------------------------ PDF

/**
 * Names whose presence makes a PDF active: JavaScript (document, page, field or annotation), launching a program,
 * embedded files, forms that send data (SubmitForm, ImportData), XFA forms, rich media (Flash, 3D), opening another
 * file (GoToR, GoToE). Compared after decoding hex escapes (/J#61vaScript is /JavaScript) and case-insensitively.
 */
const PDF_ACTIVE_NAMES = new Set(['javascript', 'launch', 'embeddedfile', 'embeddedfiles', 'richmedia', 'richmediacontent', 'richmediainstance', 'xfa', 'submitform', 'importdata', 'gotoe', 'gotor']);

/** A PDF name token: a slash and up to 127 regular characters (not whitespace, not a delimiter). */
const PDF_NAME = /\/([^\x00\t\n\f\r ()<>[\]{}/%]{1,127})/g;
const PDF_REF = /^\s*(\d{1,10})\s+(\d{1,5})\s+R/;

/**
 * PDF: a byte scan for active content, on the file and on its compressed object streams (PDF 1.5 keeps dictionaries
 * in FlateDecode streams; Word's PDFs do too), inflated within MAX_INFLATED_BYTES. An object stream that cannot be
 * inflated (another filter, encryption, broken data) makes the file `unchecked`. Other streams (pages, images,
 * fonts) are not inflated: they hold no dictionaries. The short names /JS and /AA count only outside stream data
 * (in compressed bytes they turn up by chance); the action they belong to (/S /JavaScript) is found anywhere.
 * /OpenAction counts when it is an action other than going to a page.
 */
export const inspectPdf = (bytes: Uint8Array): ContentFinding | undefined =>
  checked(() => {
    const pdf = new PdfText(bytes);
    const plain = scanPdfNames(pdf.text, pdf.streams);
    if (plain.active) return 'active_pdf';
    const candidates = objectStreamsOf(pdf, plain);
    if (candidates.length > 0 && plain.encrypted) return 'unchecked';
    if (candidates.length > MAX_OBJECT_STREAMS) return 'unchecked';
    const budget = new Budget();
    for (const candidate of candidates) {
      const inflated = objectStream(pdf, candidate, budget);
      if (inflated === undefined) continue;
      const found = scanPdfNames(inflated, []);
      if (found.active) return 'active_pdf';
      plain.openActions.push(...found.openActions);
    }
    return plain.openActions.some((action) => isActiveOpenAction(action, pdf)) ? 'active_pdf' : undefined;
  });

/** More object streams than a real PDF has (a 1,000-page report has a few dozen). */
const MAX_OBJECT_STREAMS = 10_000;
/** How much of the text before an object stream is read as its dictionary. */
const MAX_DICTIONARY_CHARS = 64 * 1024;

/** A PDF as latin1 text (one char per byte), where its streams' data lies, and its objects by number, found once. */
class PdfText {
  readonly text: string;
  readonly streams: readonly (readonly [number, number])[];
  /** Objects inside object streams, by number: their text. */
  readonly packed = new Map<number, string>();
  private plainObjects?: Map<string, number>;

  constructor(readonly bytes: Uint8Array) {
    this.text = latin1(bytes);
    this.streams = streamData(this.text);
  }

  /** The text of object `number generation` (up to 4 KiB of it), from the file or an object stream. */
  object(number: number, generation: number): string {
    const packed = this.packed.get(number);
    if (packed !== undefined) return packed.slice(0, 4096);
    this.plainObjects ??= new Map([...this.text.matchAll(/(?<!\d)(\d{1,10})\s+(\d{1,5})\s+obj\b/g)].map((m) => [`${Number(m[1])} ${Number(m[2])}`, m.index + m[0].length]));
    const at = this.plainObjects.get(`${number} ${generation}`);
    return at === undefined ? '' : this.text.slice(at, at + 4096);
  }
}

interface NameScan {
  active: boolean;
  encrypted: boolean;
  /** Per stream (its index), where /ObjStm, /First and /N stand in the text between it and the stream before it. */
  readonly beforeStream: Map<number, { objStm?: number; first?: number; n?: number }>;
  /** Where the value of each /OpenAction starts, and in which text. */
  readonly openActions: { readonly at: number; readonly in: string }[];
}

const scanPdfNames = (text: string, streams: readonly (readonly [number, number])[]): NameScan => {
  const scan: NameScan = { active: false, encrypted: false, beforeStream: new Map(), openActions: [] };
  let stream = 0;
  for (const match of text.matchAll(PDF_NAME)) {
    const name = decodePdfName(match[1]!).toLowerCase();
    const after = match.index + match[0].length;
    if (PDF_ACTIVE_NAMES.has(name)) {
      scan.active = true;
      return scan;
    }
    while (stream < streams.length && streams[stream]![1] <= match.index) stream++;
    if (stream < streams.length && streams[stream]![0] <= match.index) continue; // in a stream's data
    const value = text.slice(after, after + 40);
    if ((name === 'js' && /^\s*[(<]/.test(value)) || ((name === 'js' || name === 'aa') && (PDF_REF.test(value) || /^\s*<</.test(value)))) {
      scan.active = true;
      return scan;
    }
    if (name === 'openaction') scan.openActions.push({ at: after, in: text });
    else if (name === 'encrypt' && /^\s*(<<|\d+\s+\d+\s+R)/.test(value)) scan.encrypted = true;
    else if (name === 'objstm' || name === 'first' || name === 'n') {
      const marks = scan.beforeStream.get(stream) ?? {};
      marks[name === 'objstm' ? 'objStm' : name] = match.index;
      scan.beforeStream.set(stream, marks);
    }
  }
  return scan;
};

interface ObjectStreamCandidate {
  /** Which stream (in PdfText.streams). */
  readonly index: number;
  /** Named /ObjStm: it must be readable. */
  readonly named: boolean;
}

/**
 * The streams that are object streams: named /ObjStm in the text before them, or (viewers do not ask for the name)
 * with /First and /N in the dictionary of their own object (after the last `endobj` before them).
 */
const objectStreamsOf = (pdf: PdfText, scan: NameScan): ObjectStreamCandidate[] =>
  [...scan.beforeStream].flatMap(([index, marks]): ObjectStreamCandidate[] => {
    const range = pdf.streams[index];
    if (marks.objStm !== undefined) {
      if (!range) throw new Uncheckable('object stream without its stream');
      return [{ index, named: true }];
    }
    if (!range || marks.first === undefined || marks.n === undefined) return [];
    const gapStart = index === 0 ? 0 : pdf.streams[index - 1]![1];
    const lastEnd = pdf.text.slice(gapStart, range[0]).lastIndexOf('endobj');
    const ownObject = lastEnd < 0 ? gapStart : gapStart + lastEnd;
    return marks.first > ownObject && marks.n > ownObject ? [{ index, named: false }] : [];
  });

const decodePdfName = (raw: string): string =>
  raw.includes('#') ? raw.replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : raw;

/** Where each stream's data lies: after `>> stream` and its line end, up to `endstream`. */
const streamData = (text: string): [number, number][] => {
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(/>>\s*stream(?:\r\n|\n|\r)/g)) {
    const start = match.index + match[0].length;
    if (ranges.length > 0 && start < ranges[ranges.length - 1]![1]) continue;
    const end = text.indexOf('endstream', start);
    ranges.push([start, end < 0 ? text.length : end]);
  }
  return ranges;
};

/**
 * The text of an object stream, inflated (its objects are added to `pdf.packed`). An unnamed candidate with another
 * filter is left alone (it is some other stream). @throws Uncheckable when it cannot be read.
 */
const objectStream = (pdf: PdfText, candidate: ObjectStreamCandidate, budget: Budget): string | undefined => {
  const range = pdf.streams[candidate.index]!;
  const gapStart = candidate.index === 0 ? 0 : pdf.streams[candidate.index - 1]![1];
  const dictionary = decodePdfName(pdf.text.slice(Math.max(gapStart, range[0] - MAX_DICTIONARY_CHARS), range[0]));
  const filters = [.../\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()]+)/.exec(dictionary)?.[1]?.matchAll(/\/([^\s/[\]<>()]+)/g) ?? []].map((m) => m[1]!.toLowerCase());
  if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'flatedecode' && filters[0] !== 'fl')) {
    if (!candidate.named) return undefined;
    throw new Uncheckable(`object stream filter ${filters.join(' ')}`);
  }
  if (Number(/\/Predictor\s*(\d+)/.exec(dictionary)?.[1] ?? 1) > 1) throw new Uncheckable('object stream with a predictor');
  const length = streamLength(dictionary, pdf);
  const lengthFits = length !== undefined && range[0] + length <= pdf.text.length && /^\s*endstream/.test(pdf.text.slice(range[0] + length, range[0] + length + 20));
  const data = pdf.bytes.subarray(range[0], lengthFits ? range[0] + length : range[1]);
  const inflated = filters.length === 0 ? data : inflatePdfStream(data, budget.remaining);
  budget.spend(inflated.byteLength);
  const content = latin1(inflated);
  const first = Number(/\/First\s+(\d+)/.exec(dictionary)?.[1] ?? Number.NaN);
  if (Number.isInteger(first) && first <= content.length) {
    const numbers = [...content.slice(0, first).matchAll(/(?<!\d)(\d{1,10})\s+(\d{1,10})/g)].map((m) => [Number(m[1]), first + Number(m[2])] as const);
    numbers.forEach(([number, offset], i) => pdf.packed.set(number, content.slice(offset, numbers[i + 1]?.[1] ?? content.length)));
  }
  return content;
};

/** The /Length of a stream's dictionary: direct, or the number in the object it refers to. */
const streamLength = (dictionary: string, pdf: PdfText): number | undefined => {
  const match = /\/Length\s+(\d{1,10})(?:\s+(\d{1,5})\s+R)?/.exec(dictionary);
  if (!match) return undefined;
  if (match[2] === undefined) return Number(match[1]);
  const referred = /^\s*(\d{1,10})/.exec(pdf.object(Number(match[1]), Number(match[2])));
  return referred ? Number(referred[1]) : undefined;
};

/** zlib data, or raw deflate when the zlib header is damaged (viewers accept both), at most `maxBytes` of it. */
const inflatePdfStream = (data: Uint8Array, maxBytes: number): Uint8Array => {
  const options = { maxOutputLength: Math.max(1, maxBytes), finishFlush: zlib.Z_SYNC_FLUSH };
  try {
    return inflateSync(data, options);
  } catch (err) {
    if (err instanceof RangeError) throw new Uncheckable('object stream inflates beyond the budget');
    try {
      return inflateRawSync(data.subarray(2), options);
    } catch {
      throw new Uncheckable('object stream cannot be inflated');
    }
  }
};

/** An /OpenAction that is an action other than going to a page (directly, or in the object it refers to). */
const isActiveOpenAction = (action: NameScan['openActions'][number], pdf: PdfText): boolean => {
  const ref = PDF_REF.exec(action.in.slice(action.at, action.at + 40));
  const value = ref ? pdf.object(Number(ref[1]), Number(ref[2])) : action.in.slice(action.at, action.at + 4096);
  if (!/^\s*<</.test(value)) return false; // a destination ([page /Fit]) or nothing
  const type = /\/S\s*\/([^\s/[\]<>()]+)/.exec(value)?.[1];
  return (type && decodePdfName(type).toLowerCase()) !== 'goto' || /\/Next\b/.test(value);
};

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
