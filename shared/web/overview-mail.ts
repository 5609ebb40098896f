/**
 * The daily overview mail to the approvers, as text and HTML. Every filed message has one link: to a page that shows
 * it and offers "Voorleggen aan de raad" and "Markeren als woo-verzoek" (opening it changes nothing). Nothing from a
 * message is clickable (links in subjects are written as "[link naar x[.]example]"), and all of it is escaped. Pure.
 */
import { CATEGORY_LABELS } from '../domain/category.js';
import { formatDutchDate } from '../domain/dutch-time.js';
import type { Letter } from '../domain/letter.js';
import type { DailyOverview } from '../domain/overview.js';
import { awaitingSince } from '../domain/overview.js';
import { RAADSPOST_MARK } from '../domain/own-mail.js';
import { periodText, type ListPeriod } from '../domain/register-list.js';
import { wooTerm } from '../domain/woo.js';
import { defang } from './approval-mail.js';
import { mailDocument, signatureLines } from './mail-layout.js';
import { html, type SafeHtml } from './html.js';
import { FAILURE_WORDS, formatAddress, formatDutchDateTime, singleLine } from './letter-view.js';

export interface OverviewMailInput {
  readonly overview: DailyOverview;
  /** The link of each listed filed message, by letter id. */
  readonly links: ReadonlyMap<string, string>;
  /** This month's lijst ingekomen stukken. */
  readonly list: { readonly url: string; readonly period: ListPeriod };
  readonly municipality: string;
  /** The overview's own reference (in X-Raadspost-Id and the mark line). */
  readonly ref: string;
}

export interface OverviewMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a filed message is, in one phrase: its category, a copy, or a Woo request with its term. */
const whatItIs = (l: Letter): string => {
  if (l.status === 'duplicate') return `kopie van een eerder bericht (${CATEGORY_LABELS[l.category]})`;
  if (l.category === 'woo_request') return `Woo-verzoek (beslissen uiterlijk ${formatDutchDate(`${(l.woo ?? wooTerm(l.receivedAt)).decideBy}T12:00:00Z`)})`;
  return CATEGORY_LABELS[l.category];
};

const subjectOf = (l: Letter): string => defang(singleLine(l.subject)) || '(geen onderwerp)';
const senderOf = (l: Letter): string => defang(formatAddress(l.from));

/** The approvers' daily mail. */
export function renderOverviewMail({ overview, links, list, municipality, ref }: OverviewMailInput): OverviewMail {
  const { counts } = overview;
  const place = singleLine(municipality);
  const day = formatDutchDate(overview.until);
  const attention = [
    overview.failedForwards.length > 0 && plural(overview.failedForwards.length, 'doorzending mislukt', 'doorzendingen mislukt'),
    overview.awaitingLong.length > 0 && `${plural(overview.awaitingLong.length, 'brief wacht', 'brieven wachten')} op een besluit`,
    overview.quarantined.length > 0 && `${overview.quarantined.length} in quarantaine`,
  ].filter(Boolean);
  const subject = `Raadspost-overzicht ${day}: ${plural(counts.total, 'bericht', 'berichten')} binnen, ${overview.filed.length + overview.filedNotListed} opgeborgen${attention.length > 0 ? ` – let op: ${attention.join(', ')}` : ''}`;
  const allCounts: [string, number][] = [
    ['brieven voor de raad (ter beoordeling)', counts.letters],
    ...counts.byCategory.filter((c) => c.category !== 'advocacy_letter' && c.category !== 'citizen_letter').map((c): [string, number] => [CATEGORY_LABELS[c.category], c.count]),
    ['kopieën van eerdere berichten', counts.copies],
    ['gelijkluidende brieven (bij een campagne geteld)', counts.campaignLetters],
    ['in quarantaine', counts.quarantined],
  ];
  const countLines = allCounts.filter(([, n]) => n > 0);
  const since = formatDutchDateTime(overview.since);
  const intro = `Dit is het overzicht van wat er bij de griffie binnenkwam sinds ${since}: ${plural(counts.total, 'bericht', 'berichten')}.`;
  const filedIntro =
    'Raadspost heeft deze berichten opgeborgen en niet aan u voorgelegd. Staat er toch een brief voor de raad tussen, of een Woo-verzoek, open dan de link: op de pagina kunt u het bericht voorleggen aan de raad of markeren als Woo-verzoek.';
  const noChange = 'Een link opent een pagina met het bericht; het openen zelf verandert niets. De links zijn persoonlijk en werken een beperkte tijd: stuur deze e-mail niet door.';
  const mark = `${RAADSPOST_MARK} ${singleLine(ref)}`;
  const failureWhy = (l: Letter) => (l.forwarding?.failure && FAILURE_WORDS[l.forwarding.failure.code]) ?? 'er ging iets mis';

  const text = [
    'Beste griffie,',
    '',
    intro,
    '',
    'BINNENGEKOMEN',
    ...(countLines.length > 0 ? countLines.map(([label, n]) => `  ${label}: ${n}`) : ['  niets']),
    '',
    `OPGEBORGEN, NIET VOORGELEGD (${overview.filed.length + overview.filedNotListed})`,
    ...(overview.filed.length === 0
      ? ['  geen']
      : [
          filedIntro,
          '',
          ...overview.filed.flatMap((l) => [
            `- ${whatItIs(l)}, ontvangen ${formatDutchDateTime(l.receivedAt)}`,
            `  Van:       ${senderOf(l)}`,
            `  Onderwerp: ${subjectOf(l)}`,
            `  Bekijken:  ${links.get(l.id) ?? '(geen link)'}`,
            '',
          ]),
          ...(overview.filedNotListed > 0 ? [`En ${plural(overview.filedNotListed, 'bericht', 'berichten')} meer, niet afzonderlijk genoemd.`, ''] : []),
        ]),
    ...(overview.awaitingLong.length > 0
      ? [
          '',
          'WACHTEN LANGER DAN TWEE DAGEN OP UW BESLUIT',
          ...overview.awaitingLong.map((l) => `- ${subjectOf(l)} (van ${senderOf(l)}), sinds ${formatDutchDateTime(awaitingSince(l))}: gebruik de link in de e-mail "Nieuwe brief voor de raad"`),
        ]
      : []),
    ...(overview.failedForwards.length > 0
      ? [
          '',
          'DOORSTUREN MISLUKT',
          ...overview.failedForwards.map(
            (l) =>
              `- nr. ${l.registerNumber?.label ?? '?'}: ${subjectOf(l)}: ${failureWhy(l)}${l.forwarding?.failure?.retryable ? ' (Raadspost probeert het opnieuw)' : `. Opnieuw versturen: npx raadspost reprocess --force ${l.id}`}`,
          ),
        ]
      : []),
    ...(overview.quarantined.length > 0
      ? [
          '',
          'IN QUARANTAINE (niet verwerkt; het origineel is bewaard)',
          ...overview.quarantined.flatMap((l) => [
            `- Bericht-id: ${l.id}`,
            `  Ontvangen:  ${formatDutchDateTime(l.receivedAt)}`,
            `  Code:       ${l.quarantine?.code ?? 'onbekend'}`,
            `  Reden:      ${l.quarantine?.reason ?? 'onbekend'}`,
          ]),
          'Opnieuw verwerken (bijvoorbeeld na een storing): npx raadspost reprocess <bericht-id>',
        ]
      : []),
    '',
    `LIJST INGEKOMEN STUKKEN (${periodText(list.period)})`,
    list.url,
    '',
    noChange,
    '',
    ...signatureLines(place, mark),
  ].join('\n');

  const h2 = 'margin:24px 0 8px 0;font-size:18px;color:#1d3f6e;';
  const p = 'margin:0 0 12px 0;';
  const cell = 'padding:6px 8px;border-bottom:1px solid #eceff3;vertical-align:top;text-align:left;';
  const section = (title: string, body: SafeHtml) => html`<h2 style="${h2}">${title}</h2>${body}`;
  const htmlBody = mailDocument({
    subject,
    maxWidthPx: 720,
    place,
    mark,
    body: html`<p style="${p}">Beste griffie,</p>
<p style="${p}">${intro}</p>
${section(
  'Binnengekomen',
  countLines.length === 0
    ? html`<p style="${p}">Niets.</p>`
    : html`<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;background:#ffffff;border:1px solid #d8dde4;margin:0 0 8px 0;">${countLines.map(
        ([label, n]) => html`<tr><td style="${cell}">${label}</td><td style="${cell}font-weight:bold;text-align:right;">${n}</td></tr>`,
      )}</table>`,
)}
${section(
  `Opgeborgen, niet voorgelegd (${overview.filed.length + overview.filedNotListed})`,
  overview.filed.length === 0
    ? html`<p style="${p}">Geen.</p>`
    : html`<p style="${p}">${filedIntro}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;background:#ffffff;border:1px solid #d8dde4;">${overview.filed.map(
        (l) => html`<tr>
<td style="${cell}width:70%;word-break:break-word;"><strong>${subjectOf(l)}</strong><br><span style="color:#56606e;">${senderOf(l)} · ${whatItIs(l)} · ${formatDutchDateTime(l.receivedAt)}</span></td>
<td style="${cell}white-space:nowrap;">${links.has(l.id) ? html`<a href="${links.get(l.id)!}" style="color:#1d3f6e;font-weight:bold;">Bekijken</a>` : ''}</td>
</tr>`,
      )}</table>${overview.filedNotListed > 0 ? html`<p style="${p}">En ${plural(overview.filedNotListed, 'bericht', 'berichten')} meer, niet afzonderlijk genoemd.</p>` : ''}`,
)}
${
  overview.awaitingLong.length > 0
    ? section(
        'Wachten langer dan twee dagen op uw besluit',
        html`<ul>${overview.awaitingLong.map((l) => html`<li>${subjectOf(l)} (van ${senderOf(l)}), sinds ${formatDutchDateTime(awaitingSince(l))}</li>`)}</ul><p style="${p}">Gebruik de link in de e-mail “Nieuwe brief voor de raad”.</p>`,
      )
    : ''
}
${
  overview.failedForwards.length > 0
    ? section(
        'Doorsturen mislukt',
        html`<ul>${overview.failedForwards.map(
          (l) =>
            html`<li>nr. ${l.registerNumber?.label ?? '?'}: ${subjectOf(l)}: ${failureWhy(l)}${l.forwarding?.failure?.retryable ? ' (Raadspost probeert het opnieuw)' : html`. Opnieuw versturen: <code>npx raadspost reprocess --force ${l.id}</code>`}</li>`,
        )}</ul>`,
      )
    : ''
}
${
  overview.quarantined.length > 0
    ? section(
        'In quarantaine',
        html`<p style="${p}">Niet verwerkt; het origineel is bewaard.</p><ul>${overview.quarantined.map(
          (l) => html`<li>${l.id}, ontvangen ${formatDutchDateTime(l.receivedAt)}: ${l.quarantine?.code ?? 'onbekend'}, ${l.quarantine?.reason ?? 'onbekend'}</li>`,
        )}</ul><p style="${p}">Opnieuw verwerken: <code>npx raadspost reprocess &lt;bericht-id&gt;</code></p>`,
      )
    : ''
}
${section('Lijst ingekomen stukken', html`<p style="${p}"><a href="${list.url}" style="color:#1d3f6e;font-weight:bold;">Lijst ingekomen stukken, ${periodText(list.period)}</a> (als pagina, Word-document of CSV)</p>`)}
<p style="${p}color:#56606e;font-size:14px;">${noChange}</p>`,
  });

  return { subject, text, html: htmlBody };
}
