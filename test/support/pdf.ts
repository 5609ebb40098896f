import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * Builds a real PDF with one page per entry, each page holding its lines of text.
 * @example const pdf = await makePdf([['Geachte raadsleden,', 'Wij vragen u ...']]);
 */
export async function makePdf(pages: readonly (readonly string[])[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 56, y: 780 - i * 16, size: 11, font }));
  }
  return doc.save();
}

/** A PDF with pages but no text at all, like a scan. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return doc.save();
}

/**
 * Writes a PDF from its objects by hand (numbered from 1, object 1 the catalog), with a correct xref table.
 * A string is written as is; `{ dict, stream }` becomes a stream object with /Length added.
 */
export function writeRawPdf(objects: readonly (string | { readonly dict: string; readonly stream: Uint8Array })[], trailerExtra = ''): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    const chunk =
      typeof object === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1')
        : Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.stream.byteLength} >>\nstream\n`, 'latin1'),
            object.stream,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  chunks.push(
    Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${length}\n%%EOF\n`, 'latin1'),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/**
 * A PDF bomb: one page whose FlateDecode content stream is a few hundred KB and inflates to `inflatedMb` MB
 * (pdf.js keeps a decoded stream in one growing buffer). The page's first words are "Bom".
 */
export function makeInflatingPdf(inflatedMb: number): Uint8Array {
  const content = Buffer.alloc(inflatedMb * 1024 * 1024, 0x20);
  Buffer.from('BT /F1 12 Tf 56 780 Td (Bom) Tj ET\n').copy(content, 0);
  return writeRawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: '/Filter /FlateDecode', stream: new Uint8Array(deflateSync(content, { level: 9 })) },
    FONT,
  ]);
}

/** A PDF with `pages` pages, each saying "Pagina <n>"; written directly, so 20,000 pages take a moment, not minutes. */
export function makeManyPagesPdf(pages: number): Uint8Array {
  const firstPage = 4;
  const objects: (string | { dict: string; stream: Uint8Array })[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, i) => `${firstPage + 2 * i} 0 R`).join(' ')}] >>`,
    FONT,
  ];
  for (let i = 0; i < pages; i++) {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${firstPage + 2 * i + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    objects.push({ dict: '', stream: new TextEncoder().encode(`BT /F1 12 Tf 56 780 Td (Pagina ${i + 1}) Tj ET`) });
  }
  return writeRawPdf(objects);
}

/** A PDF encrypted with the standard handler whose user password is not empty: pdf.js asks for a password. */
export function makeEncryptedPdf(): Uint8Array {
  const hex = (byte: string) => `<${byte.repeat(32)}>`;
  return writeRawPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      `<< /Filter /Standard /V 1 /R 2 /O ${hex('ab')} /U ${hex('cd')} /P -4 >>`,
    ],
    `/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] `,
  );
}
