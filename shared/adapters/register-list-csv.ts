/**
 * The lijst ingekomen stukken as CSV for Excel (csv-stringify): UTF-8 with a byte order mark (without it Excel reads
 * UTF-8 as Windows-1252), `;` between fields (the list separator of Dutch Excel), CRLF line ends, every field quoted
 * when needed, and a cell that Excel would run as a formula (=, +, -, @ at its start: CSV injection through a
 * subject) prefixed with `'`. One header row with the Dutch column names, then one row per number.
 */
import { stringify } from 'csv-stringify/sync';
import { LIST_COLUMNS, type ListRow, type RegisterList } from '../domain/register-list.js';

/** "2026-02-02" -> "02-02-2026" (how a Dutch spreadsheet reads a day). */
const dutchDay = (day: string): string => `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;

const cell = (row: ListRow, column: (typeof LIST_COLUMNS)[number][0]): string => {
  switch (column) {
    case 'received':
      return row.receivedUntil ? `${dutchDay(row.receivedOn)} t/m ${dutchDay(row.receivedUntil)}` : dutchDay(row.receivedOn);
    case 'number':
      return row.number;
    default:
      return row[column];
  }
};

/** The list's rows (all sections, in order) as the bytes of a CSV file. */
export const registerListCsv = (list: RegisterList): Uint8Array =>
  Buffer.from(
    stringify(
      [LIST_COLUMNS.map(([, heading]) => heading), ...list.sections.flatMap((s) => s.rows.map((row) => LIST_COLUMNS.map(([column]) => cell(row, column))))],
      { bom: true, delimiter: ';', record_delimiter: 'windows', escape_formulas: true },
    ),
    'utf8',
  );
