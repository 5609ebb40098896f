/**
 * The lijst ingekomen stukken as a file, in one of its three formats; the Word library is loaded only for docx
 * (shared/adapters/register-list-docx.ts). Used by `raadspost lijst` and the register function's download links.
 */
import { listFileName, type RegisterList } from '../domain/register-list.js';
import { renderRegisterListPage } from '../web/register-list-page.js';
import { registerListCsv } from './register-list-csv.js';

export const LIST_FORMATS = ['csv', 'html', 'docx'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

const CONTENT_TYPES: Readonly<Record<ListFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface ListFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** The list as a file of `format`. */
export async function listFile(list: RegisterList, format: ListFormat): Promise<ListFile> {
  let content: Uint8Array;
  if (format === 'csv') content = registerListCsv(list);
  else if (format === 'html') content = Buffer.from(renderRegisterListPage({ list }), 'utf8');
  else content = await (await import('./register-list-docx.js')).registerListDocx(list);
  return { filename: listFileName(list, format), contentType: CONTENT_TYPES[format], content };
}
