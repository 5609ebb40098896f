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
