/**
 * The lijst ingekomen stukken as a Word document (the `docx` library): A4 landscape, the municipality in the heading,
 * a table per meeting period whose header row repeats on every page, page numbers in the footer. The library is
 * imported when a document is made, and only the CLI and the register function import this file: it never reaches
 * the ingest, approval or forward bundles (test/infra/bundle.test.ts).
 */
import { LIST_COLUMNS, listTitle, periodText, receivedText, type ListRow, type RegisterList } from '../domain/register-list.js';

/** Column widths in percent of the page, in LIST_COLUMNS order. */
const WIDTHS: readonly number[] = [8, 10, 17, 11, 19, 9, 15, 11];

const FONT = 'Arial';
/** Half-points: 9 pt in the table, as published lists are dense. */
const TABLE_SIZE = 18;

const cellText = (row: ListRow, column: (typeof LIST_COLUMNS)[number][0]): string => (column === 'received' ? receivedText(row) : row[column]);

/** The bytes of a .docx file. */
export async function registerListDocx(list: RegisterList): Promise<Uint8Array> {
  const {
    AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, PageOrientation, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType,
  } = await import('docx');

  const line = { style: BorderStyle.SINGLE, size: 4, color: '9AA4B1' };
  const borders = { top: line, bottom: line, left: line, right: line };
  const text = (value: string, options: { bold?: boolean } = {}) =>
    new Paragraph({ children: [new TextRun({ text: value, font: FONT, size: TABLE_SIZE, ...(options.bold && { bold: true }) })] });
  const headerRow = new TableRow({
    tableHeader: true, // repeated at the top of every page
    cantSplit: true,
    children: LIST_COLUMNS.map(
      ([, heading], i) =>
        new TableCell({
          children: [text(heading, { bold: true })],
          width: { size: WIDTHS[i]!, type: WidthType.PERCENTAGE },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'DCE3EC' },
          borders,
        }),
    ),
  });
  const table = (rows: readonly ListRow[]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        headerRow,
        ...rows.map(
          (row) =>
            new TableRow({
              cantSplit: true,
              children: LIST_COLUMNS.map(([column], i) => new TableCell({ children: [text(cellText(row, column))], width: { size: WIDTHS[i]!, type: WidthType.PERCENTAGE }, borders })),
            }),
        ),
      ],
    });

  const body = list.sections.flatMap((section) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: section.title, font: FONT })] }),
    section.rows.length > 0 ? table(section.rows) : new Paragraph({ children: [new TextRun({ text: 'Geen ingekomen stukken in deze periode.', font: FONT, italics: true })] }),
  ]);

  const document = new Document({
    creator: `Griffie gemeente ${list.municipality}`,
    title: listTitle(list),
    description: `Periode ${periodText(list.period)}`,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: `${listTitle(list)}, ${periodText(list.period)}. Pagina `, font: FONT, size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 16 }),
                  new TextRun({ text: ' van ', font: FONT, size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], font: FONT, size: 16 }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: `Gemeente ${list.municipality}`, font: FONT })] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: listTitle(list), font: FONT })] }),
          new Paragraph({
            spacing: { after: 200 },
            children: [
              new TextRun({ text: `Periode: ${periodText(list.period)}.`, font: FONT }),
              ...(list.public ? [new TextRun({ text: ' Openbare versie: inwoners worden niet bij naam genoemd.', font: FONT })] : [new TextRun({ text: ' Niet openbaar: bevat namen en adressen van inwoners.', font: FONT, bold: true })]),
            ],
          }),
          ...body,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
