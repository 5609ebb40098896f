/**
 * The lijst ingekomen stukken as a printable page: a table per meeting period under the municipality's heading, the
 * same stylesheet and security headers as the approval page (no script), printed in landscape with the table head on
 * every page. Served by the register function behind the daily overview's token link (with download links for Word
 * and CSV), and written by `raadspost lijst --format html`. Pure; everything from letters is escaped.
 */
import { LIST_COLUMNS, listTitle, periodText, receivedText, type ListRow, type RegisterList } from '../domain/register-list.js';
import { documentHtml } from './approval-page.js';
import { html, type SafeHtml } from './html.js';

const cellText = (row: ListRow, column: (typeof LIST_COLUMNS)[number][0]): string => (column === 'received' ? receivedText(row) : row[column]);

export interface ListPageInput {
  readonly list: RegisterList;
  /** Links to the same list as files, and to its other version (the register function's token links). */
  readonly links?: { readonly docx: string; readonly csv: string; readonly otherVersion?: string };
}

/** The whole page. */
export function renderRegisterListPage({ list, links }: ListPageInput): string {
  const total = list.sections.reduce((n, s) => n + s.rows.length, 0);
  const body: SafeHtml = html`
<p class="eyebrow">Gemeente ${list.municipality}</p>
<h1>${listTitle(list)}</h1>
<p class="lead">Periode: ${periodText(list.period)}. ${total === 1 ? 'Eén ingekomen stuk' : `${total} ingekomen stukken`}.${
    list.public ? ' Openbare versie: inwoners worden niet bij naam genoemd.' : html` <strong>Niet openbaar: bevat namen en adressen van inwoners.</strong>`
  }</p>
${
  links
    ? html`<p class="downloads noprint"><a href="${links.docx}" download>Download als Word-document</a><a href="${links.csv}" download>Download als CSV (Excel)</a>${
        links.otherVersion ? html`<a href="${links.otherVersion}">${list.public ? 'Naar de volledige versie (niet openbaar)' : 'Naar de openbare versie'}</a>` : ''
      }</p>`
    : ''
}
${list.sections.map(
  (section) => html`<table class="list">
<caption>${section.title}</caption>
<thead><tr>${LIST_COLUMNS.map(([, heading]) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>${
    section.rows.length === 0
      ? html`<tr><td colspan="${LIST_COLUMNS.length}">Geen ingekomen stukken in deze periode.</td></tr>`
      : section.rows.map((row) => html`<tr>${LIST_COLUMNS.map(([column]) => (column === 'number' ? html`<th scope="row">${row.number}</th>` : html`<td>${cellText(row, column)}</td>`))}</tr>`)
  }</tbody>
</table>`,
)}`;
  return documentHtml({
    title: `${listTitle(list)}, ${periodText(list.period)}`,
    municipality: list.municipality,
    body,
    wide: true,
    footer: list.public ? 'Openbare versie van de lijst ingekomen stukken.' : 'Niet openbaar: alleen voor de griffie en de raad. Stuur deze lijst of de link niet door.',
  });
}
