/**
 * The approval page the griffier opens from the approval mail: a read-only summary of the letter and a form
 * with two buttons. Pure: the renderers return whole HTML documents; the approval function's handler serves
 * them with SECURITY_HEADERS. No script at all: the page works in any browser, on a phone, without JavaScript.
 *
 * Everything from the letter is attacker-controlled and goes through `html`, which escapes it.
 */
import { createHash } from 'node:crypto';
import { MAX_NOTE_CHARS, type Decision, type ForwardFailureCode, type ForwardRecord, type LetterSummary, type RegisterNumber } from '../domain/approval.js';
import type { Category } from '../domain/category.js';
import { NOT_A_LETTER_CATEGORIES, type Correction } from '../domain/correction.js';
import { MAX_HANDLING_DETAIL_CHARS, type HandlingOption } from '../domain/handling.js';
import type { LetterStatus } from '../domain/letter.js';
import { LINK_PLACES, type LetterText } from '../domain/letter-text.js';
import { html, type SafeHtml } from './html.js';
import {
  attachmentsOf,
  CATEGORY_LABELS,
  cleanExcerpt,
  describeAttachment,
  FAILURE_WORDS,
  describeForwardReplyTo,
  excerptIsFromPdf,
  formatAddress,
  formatDutchDateTime,
  letterFacts,
  letterWarnings,
  singleLine,
  type Fact,
} from './letter-view.js';

export { CATEGORY_LABELS, formatDutchDateTime } from './letter-view.js';

/** The names of the form fields the approval handler reads from the POST body. */
export const APPROVAL_FORM = {
  token: 'token',
  decision: 'decision',
  note: 'note',
  /** Set by the confirmation page's button: "Afwijzen" only decides with it. */
  confirm: 'confirm',
  /** The afdoeningsvoorstel: the index of the chosen option. */
  handling: 'handling',
  /** Why a letter is rejected: `letter` (a letter for the raad, not forwarded) or the category it is instead. */
  rejectedAs: 'rejected_as',
  rejectedAsLetter: 'letter',
  /** Values of the `decision` field. */
  approve: 'approve',
  reject: 'reject',
  /** The most characters the cover note may have (the textarea's maxlength; the server cuts it there too). */
  noteMaxLength: MAX_NOTE_CHARS,
} as const;

/** The field with the words for option `index`'s blank ("betrekken bij agendapunt …"). */
export const handlingDetailField = (index: number): string => `handling_detail_${index}`;

/** The afdoeningsvoorstellen the page offers, and which one is chosen until the griffier picks another. */
export interface HandlingChoices {
  readonly options: readonly HandlingOption[];
  readonly defaultIndex: number;
}

/** The read-only GET that hands out one attachment of the letter a token belongs to: `/bijlage?t=<token>&n=<index>`. */
export const ATTACHMENT_PATH = '/bijlage';

/** The link to open attachment `index` of the letter of `token`, relative to the page. */
export const attachmentUrl = (token: string, index: number): string => `${ATTACHMENT_PATH}?${new URLSearchParams({ t: token, n: String(index) })}`;

/** The page of the letter of `token` again (the GET that shows, never decides). */
export const pageUrl = (token: string): string => `/?${new URLSearchParams({ t: token })}`;

// The only style on the page, inline, allowed by its hash (no 'unsafe-inline'). It must not contain
// & < > " or ' so that html`` leaves it byte-for-byte as hashed (asserted below).
const CSS = `
:root { color-scheme: light; --ink: #1b2430; --muted: #56606e; --line: #d8dde4; --bg: #f4f6f8; --brand: #1d3f6e;
  --ok: #1e6b3a; --ok-bg: #e8f4ec; --warn: #8a2a0a; --warn-bg: #fdf0e9; --warn-line: #e2a788; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 17px/1.5 system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif; }
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.top { background: var(--brand); color: #fff; padding: .75rem 0; }
.top .wrap { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
.brand { font-weight: 700; letter-spacing: .02em; }
.org { opacity: .9; }
main.wrap { padding-top: 1.5rem; padding-bottom: 1.5rem; }
.eyebrow { margin: 0; color: var(--muted); font-size: .95rem; text-transform: uppercase; letter-spacing: .05em; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .25rem 0 .75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
.lead { margin: 0 0 1.25rem; }
.lead.tight { margin-bottom: .5rem; }
.jump { margin: 0 0 1.25rem; }
a { color: var(--brand); font-weight: 600; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
.card p:first-child { margin-top: 0; }
.card p:last-child { margin-bottom: 0; }
.alert { background: var(--warn-bg); border: 2px solid var(--warn-line); color: var(--warn); border-radius: 10px; padding: .9rem 1.1rem; margin: 0 0 1rem; }
.alert h2 { color: var(--warn); }
.alert ul { margin: 0; padding-left: 1.2rem; }
.alert li + li { margin-top: .4rem; }
.status { background: var(--ok-bg); border: 2px solid #8cc5a0; color: var(--ok); border-radius: 10px; padding: .9rem 1.1rem; margin: 0 0 1rem; font-size: 1.1rem; font-weight: 600; }
.status.rejected { background: #f1f2f4; border-color: #b7bec8; color: var(--ink); }
dl.facts { margin: 0; display: grid; grid-template-columns: minmax(8rem, 11rem) 1fr; gap: .45rem 1rem; }
dl.facts dt { color: var(--muted); font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts dd.bad { color: var(--warn); font-weight: 600; }
dl.facts dd.note { white-space: pre-line; }
dl.facts ul { margin: 0; padding-left: 1.1rem; }
.excerpt { white-space: pre-line; overflow-wrap: anywhere; margin: 0; padding: .75rem .9rem; background: #fafbfc; border-left: 4px solid var(--line); font-family: Georgia, Cambria, Times New Roman, serif; }
label { display: block; font-weight: 600; margin-bottom: .35rem; }
.hint { color: var(--muted); font-size: .95rem; margin: .25rem 0 .75rem; }
textarea { width: 100%; min-height: 7rem; font: inherit; padding: .6rem .7rem; border: 1px solid #9aa4b1; border-radius: 8px; resize: vertical; }
textarea:focus, button:focus, input:focus { outline: 3px solid #f2b632; outline-offset: 2px; }
fieldset { border: 0; margin: 0 0 1rem; padding: 0; min-width: 0; }
legend { font-weight: 600; margin-bottom: .35rem; padding: 0; }
.choice { display: flex; gap: .6rem; align-items: flex-start; padding: .3rem 0; }
.choice input { width: 1.3rem; height: 1.3rem; margin: .2rem 0 0; flex: none; }
.choice label { font-weight: 400; margin: 0; }
.detail { margin: 0 0 .4rem 1.9rem; }
.detail label { font-weight: 400; font-size: .95rem; color: var(--muted); margin-bottom: .2rem; }
input.text { width: 100%; font: inherit; padding: .5rem .6rem; border: 1px solid #9aa4b1; border-radius: 8px; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
button { font: inherit; font-weight: 600; border-radius: 8px; padding: .75rem 1.25rem; cursor: pointer; min-height: 3rem; }
button.approve { background: var(--ok); color: #fff; border: 2px solid var(--ok); }
button.approve:hover { background: #175530; }
button.reject { background: #fff; color: var(--warn); border: 2px solid var(--warn-line); }
button.reject:hover { background: var(--warn-bg); }
a.back { display: inline-block; padding: .75rem 1.25rem; min-height: 3rem; border: 2px solid var(--line); border-radius: 8px; text-decoration: none; color: var(--ink); }
.small { color: var(--muted); font-size: .9rem; }
.sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.alert.risks { border-width: 3px; }
.preview dl.facts { margin-bottom: 1rem; }
.letter { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 32rem; overflow: auto; margin: 0; padding: .85rem 1rem; background: #fafbfc; border: 1px solid var(--line); border-left: 4px solid var(--brand); border-radius: 6px; font: 16px/1.55 Georgia, Cambria, Times New Roman, serif; }
.letter:focus { outline: 3px solid #f2b632; outline-offset: 2px; }
mark.hidden-char { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn-line); border-radius: 4px; padding: 0 .25rem; font: 600 .75rem/1.4 system-ui, sans-serif; }
h3 { font-size: 1.02rem; margin: 1.25rem 0 .5rem; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain li { padding: .55rem 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
ul.plain li:first-child { border-top: 0; }
.host { font-weight: 700; }
.url { display: block; color: var(--muted); font: .9rem/1.4 ui-monospace, Consolas, monospace; }
.bad { display: block; color: var(--warn); font-weight: 600; }
.open { display: inline-block; margin-left: .5rem; }
.refresh { margin: 0 0 1rem; }
details.signals { margin-top: .9rem; color: var(--muted); font-size: .95rem; }
details.signals summary { cursor: pointer; color: var(--brand); font-weight: 600; }
details.signals summary:focus { outline: 3px solid #f2b632; outline-offset: 2px; }
details.signals ul { margin: .5rem 0 0; padding-left: 1.2rem; }
.status.failed { background: var(--warn-bg); border-color: var(--warn-line); color: var(--warn); }
.status.busy { background: #eef3fa; border-color: #9db5d6; color: var(--brand); }
footer { padding-bottom: 2rem; }
.wrap.wide { max-width: 84rem; }
table.list { width: 100%; border-collapse: collapse; background: #fff; font-size: .9rem; margin: 0 0 1.5rem; }
table.list caption { text-align: left; font-weight: 700; font-size: 1.1rem; padding: .5rem 0; }
table.list th, table.list td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.list thead th { background: #dce3ec; white-space: nowrap; }
.downloads a { margin-right: 1rem; }
@media print {
  body { background: #fff; font-size: 10pt; }
  .top, footer, .noprint { display: none; }
  .wrap.wide { max-width: none; padding: 0; }
  table.list { font-size: 8.5pt; }
  table.list thead { display: table-header-group; }
  table.list tr { break-inside: avoid; }
  @page { size: A4 landscape; margin: 1.2cm; }
}
@media (max-width: 34rem) {
  body { font-size: 16px; }
  h1 { font-size: 1.35rem; }
  dl.facts { grid-template-columns: 1fr; gap: .1rem; }
  dl.facts dd { margin-bottom: .6rem; }
  .actions { flex-direction: column; }
  button { width: 100%; }
}
`.trim();

if (/[&<>"']/.test(CSS)) throw new Error('approval page css must not contain characters that html escapes');

const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`;

/**
 * Response headers for every page of the approval function. No script may run, nothing may be loaded, the
 * page may not be framed, and the form may only post back to the same origin. The token is in the URL, so
 * the page is never cached and no referrer leaves it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    "img-src 'none'",
    "script-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // same-origin: the token never leaves in a Referer, and a same-origin form POST carries a real Origin header.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-robots-tag': 'noindex, nofollow',
};

export interface ApprovalPageInput {
  readonly summary: LetterSummary;
  /** The afdoeningsvoorstellen to choose from. */
  readonly handling: HandlingChoices;
  /** The approval token; sent back as a hidden field and used in the attachment links, never shown. */
  readonly token: string;
  /** Where the form posts to (same origin as the page). */
  readonly postUrl: string;
  /** e.g. "Heemstede". */
  readonly municipality: string;
  /** The From of the forward ("griffie@heemstede.nl"), when the page knows it. */
  readonly griffieAddress?: string;
}

/**
 * The page with everything the raadsleden will receive, exactly: the complete text, every link with its real host,
 * the attachments that go along (each can be opened) and those that do not, the Reply-To; then the two buttons.
 * Opening it decides nothing.
 */
export function renderApprovalPage({ summary, handling, token, postUrl, municipality, griffieAddress }: ApprovalPageInput): string {
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  const warnings = letterWarnings(summary);
  const body = html`
<p class="eyebrow">Brief voor de raad beoordelen</p>
<h1>${subject}</h1>
<p class="lead tight">Van ${formatAddress(summary.from)}. Raadspost stelt voor deze brief naar alle raadsleden door te sturen. Hieronder staat precies wat zij krijgen; lees het en beslis daarna.</p>
<p class="jump"><a href="#besluit">Direct naar uw besluit</a></p>
${riskBox(warnings)}
<section class="card" aria-labelledby="gegevens">
<h2 id="gegevens">Over deze brief</h2>
${factList(letterFacts(summary))}
${summary.grounds.length > 0 && summary.reasons.length > 0 ? html`<details class="signals"><summary>Kenmerken die Raadspost in het bericht zag</summary><ul>${summary.reasons.map((r) => html`<li>${singleLine(r)}</li>`)}</ul></details>` : ''}
${summary.campaign ? campaignMembers(summary.campaign) : ''}
</section>
${forwardPreview(summary, token, municipality, griffieAddress)}
<form class="card" method="post" action="${postUrl}" aria-labelledby="besluit">
<h2 id="besluit">Uw besluit</h2>
<input type="hidden" name="${APPROVAL_FORM.token}" value="${token}">
${handlingFieldset(handling)}
<label for="note">Korte toelichting (niet verplicht)</label>
<p class="hint" id="note-hint">Bij goedkeuren staat deze tekst boven de brief die de raadsleden krijgen. Bij afwijzen bewaren we hem als reden. Hooguit ${APPROVAL_FORM.noteMaxLength} tekens.</p>
<textarea id="note" name="${APPROVAL_FORM.note}" maxlength="${APPROVAL_FORM.noteMaxLength}" rows="4" aria-describedby="note-hint"></textarea>
<div class="actions">
<button type="submit" name="${APPROVAL_FORM.decision}" value="${APPROVAL_FORM.approve}" class="approve">Goedkeuren en doorsturen</button>
<button type="submit" name="${APPROVAL_FORM.decision}" value="${APPROVAL_FORM.reject}" class="reject">Afwijzen…</button>
</div>
<p class="hint">Goedkeuren geeft de brief een nummer op de lijst ingekomen stukken en stuurt hem, precies zoals hierboven, naar alle raadsleden, met de voorgestelde afhandeling erboven. Afwijzen vraagt eerst om bevestiging en stuurt niets door; de brief blijft bewaard. U kunt maar één keer beslissen.</p>
</form>`;
  return documentHtml({ title: `Beoordelen: ${subject}`, municipality, body });
}

/** The choice of the afdoeningsvoorstel: radio buttons (no script), a text field under each option with a blank. */
function handlingFieldset({ options, defaultIndex }: HandlingChoices): SafeHtml {
  return html`<fieldset>
<legend>Voorgestelde afhandeling (afdoeningsvoorstel)</legend>
<p class="hint">Komt op de lijst ingekomen stukken, boven de brief voor de raadsleden en in de ontvangstbevestiging aan de afzender.</p>
${options.map(
  (o, i) => html`<div class="choice"><input type="radio" id="handling-${i}" name="${APPROVAL_FORM.handling}" value="${i}"${i === defaultIndex ? html` checked` : ''}><label for="handling-${i}">${o.text}</label></div>${
    o.needsDetail
      ? html`<div class="detail"><label for="handling-detail-${i}">Vul aan bij “${o.text}”</label><input class="text" type="text" id="handling-detail-${i}" name="${handlingDetailField(i)}" maxlength="${MAX_HANDLING_DETAIL_CHARS}"></div>`
      : ''
  }`,
)}
</fieldset>`;
}

/** "Wat de raadsleden krijgen": the forward as it will be, built from the same summary the forward is built from. */
function forwardPreview(s: LetterSummary, token: string, municipality: string, griffieAddress: string | undefined): SafeHtml {
  const { forwarded, leftOut, layoutImages } = attachmentsOf(s);
  const from = `Griffie ${singleLine(municipality)}${griffieAddress ? ` <${griffieAddress}>` : ''}`;
  const excerptFromAttachment = excerptIsFromPdf(s);
  return html`<section class="card preview" aria-labelledby="krijgen">
<h2 id="krijgen">Wat de raadsleden krijgen</h2>
${factList([
  { label: 'Van', value: from },
  { label: 'Onderwerp', value: s.forwardHead.subject },
  { label: 'Antwoorden gaan naar', value: describeForwardReplyTo(s), alert: !('address' in s.forwardReplyTo) },
])}
<h3 id="tekst">De tekst van de brief${s.text.truncatedChars > 0 ? ' (ingekort)' : ''}</h3>
<p class="hint">Onder een korte begeleidende tekst van de griffie krijgen de raadsleden precies deze tekst, ook de geciteerde regels.${s.text.hiddenCount > 0 ? ' Gemarkeerd: plaatsen waar een onzichtbaar teken stond; dat is weggehaald.' : ''}</p>
<div class="letter" tabindex="0" role="region" aria-labelledby="tekst"><span class="small">${s.forwardHead.lines.join('\n')}</span>

${letterTextHtml(s.text)}</div>
${s.text.truncatedChars > 0 ? html`<p class="hint">De tekst was te lang: de laatste ${s.text.truncatedChars} tekens gaan niet mee. Het volledige origineel blijft bewaard bij de griffie.</p>` : ''}
${s.text.unsubscribeLines.length > 0 ? html`<p class="hint">Uit de tekst gehaald, zodat geen raadslid de griffie per ongeluk afmeldt: ${s.text.unsubscribeLines.length === 1 ? 'de regel' : 'de regels'} met een afmeldlink (${s.text.unsubscribeLines.map((l) => `“${singleLine(l).slice(0, 120)}”`).join(', ')}).</p>` : ''}
${excerptFromAttachment ? html`<h3>Begin van de brief in de pdf</h3><p class="hint">De tekst zoals Raadspost die uit het bestand las. De raadsleden krijgen het bestand zelf: open de bijlage om te zien wat erin staat.</p><p class="excerpt">${cleanExcerpt(s.excerpt)}</p>` : ''}
<h3>Links (${s.text.links.length + (s.text.moreLinks ?? 0)})</h3>
${s.text.links.length === 0 ? html`<p class="small">Het bericht bevat geen links.</p>` : html`<ul class="plain">${s.text.links.map(linkItem)}</ul>`}
${s.text.moreLinks ? html`<p class="hint">En nog ${s.text.moreLinks} ${s.text.moreLinks === 1 ? 'link' : 'links'} naar websites die hierboven al staan.</p>` : ''}
<h3>Bijlagen die meegaan (${forwarded.length})</h3>
${
  forwarded.length === 0
    ? html`<p class="small">Geen.</p>`
    : html`<ul class="plain">${forwarded.map(
        (a) => html`<li>${describeAttachment(a)} <a class="open" href="${attachmentUrl(token, a.index)}" download>Openen<span class="sr"> ${a.name}</span></a></li>`,
      )}</ul>`
}
${
  leftOut.length > 0
    ? html`<h3>Bijlagen die niet meegaan (${leftOut.length})</h3><ul class="plain">${leftOut.map(
        (a) => html`<li>${a.name} <span class="bad">Niet doorgestuurd: ${a.reason ?? 'onbekende reden'}</span></li>`,
      )}</ul>`
    : ''
}
${layoutImages > 0 ? html`<p class="hint">${layoutImages} ${layoutImages === 1 ? 'afbeelding' : 'afbeeldingen'} uit de opmaak van de e-mail (zoals een logo) ${layoutImages === 1 ? 'gaat' : 'gaan'} niet mee.</p>` : ''}
</section>`;
}

/**
 * Who else sent the campaign's text: address and date, and for a letter whose text differs from this one where it
 * does; past the listed ones how many more, and how many of those differ. Open when one differs, so it is not missed.
 */
function campaignMembers(campaign: NonNullable<LetterSummary['campaign']>): SafeHtml {
  const more = campaign.count - 1 - campaign.members.length;
  const unlistedDiffering = campaign.differing - campaign.members.filter((m) => m.differs).length;
  return html`<details class="signals"${campaign.differing > 0 ? html` open` : ''}><summary>Wie deze brief ook stuurden (${campaign.count - 1})</summary>
<ul class="plain">${campaign.members.map(
    (m) => html`<li>${singleLine(m.from) || 'onbekende afzender'}, ontvangen ${formatDutchDateTime(m.receivedAt)}${
      m.differs
        ? html`<span class="bad">Wijkt af van de tekst van deze brief${
            m.difference ? html`: “${m.difference.member}” in plaats van “${m.difference.leader}” (woorden zonder leestekens en cijfers)` : ''
          }. Deze brief gaat niet apart naar de raadsleden.</span>`
        : ''
    }</li>`,
  )}</ul>
${more > 0 ? html`<p class="small">en ${more} meer${unlistedDiffering > 0 ? `; daarvan ${unlistedDiffering === 1 ? 'wijkt één brief' : `wijken ${unlistedDiffering} brieven`} iets af van deze tekst` : ''}</p>` : ''}
</details>`;
}

/** The text with a visible mark where an invisible character was removed. */
export function letterTextHtml(text: LetterText): SafeHtml {
  const marks = [...new Set(text.hiddenAt)].filter((at) => at >= 0 && at <= text.text.length).sort((a, b) => a - b);
  if (text.text === '') return html`<span class="small">(het bericht heeft geen tekst; de brief zit in de bijlage)</span>`;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const mark of marks) {
    parts.push(html`${text.text.slice(at, mark)}<mark class="hidden-char">onzichtbaar teken</mark>`);
    at = mark;
  }
  parts.push(html`${text.text.slice(at)}`);
  return html`${parts}`;
}

function linkItem(link: LetterText['links'][number]): SafeHtml {
  return html`<li><span class="host">${link.host}</span>${link.unicodeHost ? html` <span class="small">(geschreven als ${link.unicodeHost})</span>` : ''}${
    link.where ? html` <span class="small">(${LINK_PLACES[link.where]})</span>` : ''
  }<span class="url">${link.url}</span>${
    link.networkPath ? html`<span class="bad">Let op: dit is een verwijzing naar een bestand op een andere computer. Open hem niet.</span>` : ''
  }${link.namedHost ? html`<span class="bad">Let op: de tekst bij deze link noemt ${link.namedHost}, maar de link gaat naar ${link.host}.</span>` : ''}</li>`;
}

export interface RejectConfirmPageInput {
  readonly summary: LetterSummary;
  readonly token: string;
  readonly postUrl: string;
  /** The note typed on the page, kept as the reason. */
  readonly note: string;
  readonly municipality: string;
}

/** "Weet u het zeker?": rejecting asks once more, on a page of its own (no script needed). */
export function renderRejectConfirmPage({ summary, token, postUrl, note, municipality }: RejectConfirmPageInput): string {
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  const body = html`
<p class="eyebrow">Brief voor de raad</p>
<h1>Deze brief afwijzen?</h1>
<p class="lead">Na afwijzen gaat de brief niet naar de raadsleden en kunt u niet meer goedkeuren. De brief blijft bewaard bij de griffie.</p>
${letterCard(summary)}
<form class="card" method="post" action="${postUrl}" aria-labelledby="bevestig">
<h2 id="bevestig">Bevestig uw besluit</h2>
<input type="hidden" name="${APPROVAL_FORM.token}" value="${token}">
<input type="hidden" name="${APPROVAL_FORM.confirm}" value="ja">
<fieldset>
<legend>Wat is het?</legend>
<p class="hint">Is het geen brief voor de raad, zeg dan wat het wel is. Raadspost onthoudt dat als correctie en leert ervan.</p>
<div class="choice"><input type="radio" id="as-letter" name="${APPROVAL_FORM.rejectedAs}" value="${APPROVAL_FORM.rejectedAsLetter}" checked><label for="as-letter">Wel een brief voor de raad, maar hij gaat niet door (bijvoorbeeld anoniem of beledigend)</label></div>
${NOT_A_LETTER_CATEGORIES.map(
  (c) => html`<div class="choice"><input type="radio" id="as-${c}" name="${APPROVAL_FORM.rejectedAs}" value="${c}"><label for="as-${c}">Geen brief voor de raad: ${CATEGORY_LABELS[c]}</label></div>`,
)}
</fieldset>
<label for="note">Reden (niet verplicht)</label>
<textarea id="note" name="${APPROVAL_FORM.note}" maxlength="${APPROVAL_FORM.noteMaxLength}" rows="3">${note}</textarea>
<div class="actions">
<button type="submit" name="${APPROVAL_FORM.decision}" value="${APPROVAL_FORM.reject}" class="reject">Ja, afwijzen</button>
<a class="back" href="${pageUrl(token)}">Nee, terug naar de brief</a>
</div>
</form>`;
  return documentHtml({ title: `Afwijzen? ${subject}`, municipality, body });
}

export interface DecidedPageInput {
  readonly summary: LetterSummary;
  readonly decision: Decision;
  /** Given on approval. */
  readonly registerNumber?: RegisterNumber | undefined;
  /** The letter's status now, and its forward record: the page tells what really happened. */
  readonly status: LetterStatus;
  readonly forwarding?: ForwardRecord | undefined;
  /** True right after this request decided; false when the letter had been decided before (a second click, a reload). */
  readonly justNow: boolean;
  /** This request decided but could not start the forward. */
  readonly forwardNotStarted?: boolean | undefined;
  readonly municipality: string;
  /** The token, for the page to refresh itself while the forward is under way. */
  readonly token?: string | undefined;
  /** A rejection as "geen brief voor de raad": what the griffier said it is. */
  readonly correction?: Correction | undefined;
}


/** The forward's real state as one sentence and a style: never "verstuurd" before SES accepted every batch. */
export function forwardState(input: Pick<DecidedPageInput, 'decision' | 'status' | 'forwarding' | 'registerNumber' | 'forwardNotStarted'>): {
  readonly text: string;
  readonly kind: 'done' | 'busy' | 'failed' | 'rejected';
} {
  if (input.decision.kind === 'rejected') return { text: 'Afgewezen: de brief wordt niet doorgestuurd', kind: 'rejected' };
  const number = input.registerNumber ? ` als ingekomen stuk nr. ${singleLine(input.registerNumber.label)}` : '';
  switch (input.status) {
    case 'forwarded':
      return {
        text: `Verstuurd${number} aan ${input.forwarding?.recipientCount ?? 'alle'} raadsleden${input.forwarding ? ` op ${formatDutchDateTime(input.forwarding.at)}` : ''}`,
        kind: 'done',
      };
    case 'forward_failed': {
      const failure = input.forwarding?.failure;
      const why = (failure && FAILURE_WORDS[failure.code]) ?? 'er ging iets mis';
      return failure?.retryable === false
        ? { text: `Goedgekeurd${number}, maar versturen is mislukt: ${why}. Raadspost probeert het niet vanzelf opnieuw; de beheerder kan het opnieuw starten.`, kind: 'failed' }
        : { text: `Goedgekeurd${number}, maar versturen is mislukt: ${why}. Raadspost probeert het binnen een uur opnieuw.`, kind: 'failed' };
    }
    default:
      return input.forwardNotStarted
        ? { text: `Goedgekeurd${number}. Het versturen kon nog niet worden gestart; Raadspost probeert het binnen een uur opnieuw.`, kind: 'failed' }
        : { text: `Goedgekeurd${number}: wordt verstuurd naar de raadsleden`, kind: 'busy' };
  }
}

/** What was decided, by whom and when, and where the forward stands. Shown after the POST and when the link is opened again. */
export function renderDecidedPage(input: DecidedPageInput): string {
  const { summary, decision, justNow, municipality, token } = input;
  const approved = decision.kind === 'approved';
  const state = forwardState(input);
  const heading = justNow ? (approved ? 'Dank u wel: de brief is goedgekeurd' : 'De brief is afgewezen') : 'Over deze brief is al beslist';
  const busy = state.kind === 'busy';
  const next = !approved
    ? 'De brief wordt niet doorgestuurd aan de raadsleden. Hij blijft bewaard bij de griffie.'
    : busy
      ? 'U hoeft verder niets te doen. Deze pagina ververst zichzelf tot het versturen klaar is.'
      : state.kind === 'done'
        ? 'U hoeft verder niets te doen. De brief wordt niet nog een keer doorgestuurd.'
        : 'Opnieuw beslissen kan niet; de brief wordt niet twee keer doorgestuurd.';
  const note = cleanExcerpt(decision.note);
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  const body = html`
<p class="eyebrow">Brief voor de raad</p>
<h1>${heading}</h1>
<p class="status${state.kind === 'rejected' ? ' rejected' : state.kind === 'failed' ? ' failed' : state.kind === 'busy' ? ' busy' : ''}" role="status">${state.text}</p>
<p class="lead">${next}</p>
${busy && token ? html`<p class="refresh"><a href="${pageUrl(token)}">Nu verversen</a></p>` : ''}
<section class="card" aria-labelledby="besluit">
<h2 id="besluit">Besluit</h2>
${factList([
  { label: 'Door', value: singleLine(decision.by) || 'onbekend' },
  { label: 'Op', value: formatDutchDateTime(decision.at) },
  ...(approved && decision.handling ? [{ label: 'Voorgestelde afhandeling', value: singleLine(decision.handling) }] : []),
  ...(!approved && input.correction?.kind === 'not_a_letter' ? [{ label: 'Wat het is', value: `geen brief voor de raad: ${CATEGORY_LABELS[input.correction.category]}` }] : []),
  ...(note ? [{ label: approved ? 'Toelichting voor de raadsleden' : 'Reden', value: note, multiline: true }] : []),
])}
</section>
${letterCard(summary)}`;
  return documentHtml({ title: `${state.text}: ${subject}`, municipality, body, ...(busy && token && { refreshTo: pageUrl(token) }) });
}

export interface ErrorPageInput {
  /** The HTTP status the handler answers with (shown to nobody; kept for the caller's convenience). */
  readonly status: number;
  readonly title: string;
  readonly message: string;
  /** @default none: the page then says only "Raadspost" */
  readonly municipality?: string;
}

/**
 * A short Dutch page for a link that cannot be used. It names no reason an attacker could learn from
 * (a tampered token and an unknown one read the same); use the texts in APPROVAL_ERRORS.
 */
export function renderErrorPage({ title, message, municipality }: ErrorPageInput): string {
  const body = html`
<h1>${title}</h1>
<div class="card">
<p>${message}</p>
<p class="small">Er is niets besloten of doorgestuurd. Hulp nodig? Vraag het een collega van de griffie.</p>
</div>`;
  return documentHtml({ title, municipality, body });
}

/** Dutch texts for the error pages of the approval function, with their HTTP status. */
export const APPROVAL_ERRORS = {
  /** Missing, malformed, tampered or unknown token: all look the same from outside. */
  invalidLink: {
    status: 403,
    title: 'Deze link werkt niet',
    message: 'De link is niet (meer) geldig. Open de brief met de knop “Bekijk en beslis” in de e-mail van Raadspost. Kopieert u de link, neem dan de hele link over.',
  },
  expired: {
    status: 410,
    title: 'Deze link is verlopen',
    message: 'Een link om te beslissen werkt maar een beperkte tijd. Vraag de griffie om de brief opnieuw ter beoordeling aan te bieden.',
  },
  notFound: {
    status: 404,
    title: 'Pagina niet gevonden',
    message: 'Deze pagina bestaat niet. Gebruik de knop in de e-mail van Raadspost over de brief.',
  },
  methodNotAllowed: {
    status: 405,
    title: 'Dit kan hier niet',
    message: 'Deze pagina kan alleen worden bekeken, of worden verstuurd met een van de twee knoppen.',
  },
  crossSite: {
    status: 403,
    title: 'Uw keuze is niet verwerkt',
    message: 'De keuze kwam niet van de pagina van Raadspost zelf, maar van een andere website. Open de brief met de knop in de e-mail van Raadspost en kies daar.',
  },
  attachmentUnavailable: {
    status: 404,
    title: 'Deze bijlage is niet beschikbaar',
    message: 'Deze bijlage gaat niet mee naar de raadsleden of is niet gevonden. Ga terug naar de pagina van de brief.',
  },
  badRequest: {
    status: 400,
    title: 'Uw keuze is niet goed aangekomen',
    message: 'Ga terug naar de pagina, kies opnieuw een van de twee knoppen en probeer het nog eens.',
  },
  handlingDetailMissing: {
    status: 400,
    title: 'Vul de afhandeling aan',
    message: 'De gekozen afhandeling vraagt om een aanvulling (bijvoorbeeld welk agendapunt of welke commissie). Ga terug, vul het veld onder uw keuze in en kies opnieuw.',
  },
  handlingDetailTooLong: {
    status: 413,
    title: 'De aanvulling is te lang',
    message: `Een aanvulling bij de afhandeling mag hooguit ${MAX_HANDLING_DETAIL_CHARS} tekens hebben. Ga terug, maak de tekst korter en probeer het opnieuw.`,
  },
  noteTooLong: {
    status: 413,
    title: 'De toelichting is te lang',
    message: `Een toelichting mag hooguit ${APPROVAL_FORM.noteMaxLength} tekens hebben. Ga terug, maak de tekst korter en probeer het opnieuw.`,
  },
  unavailable: {
    status: 503,
    title: 'Er ging iets mis',
    message: 'Raadspost kan uw keuze nu niet verwerken. Probeer het over een paar minuten opnieuw.',
  },
} as const satisfies Record<string, { status: number; title: string; message: string }>;

// ---------------------------------------------------------------------------------------------------------

/** The letter in three lines (subject, sender, received), on the pages that follow a decision. */
function letterCard(summary: LetterSummary): SafeHtml {
  return html`<section class="card" aria-labelledby="brief">
<h2 id="brief">De brief</h2>
${factList([
  { label: 'Onderwerp', value: singleLine(summary.subject) || '(geen onderwerp)' },
  { label: 'Afzender', value: formatAddress(summary.from) },
  { label: 'Ontvangen', value: formatDutchDateTime(summary.receivedAt) },
])}
</section>`;
}

export function riskBox(warnings: readonly string[]): SafeHtml | '' {
  if (warnings.length === 0) return '';
  return html`<section class="alert risks" role="alert" aria-labelledby="letop">
<h2 id="letop">Let op: ${warnings.length === 1 ? 'één risico' : `${warnings.length} risico’s`}</h2>
<ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>
</section>`;
}

export function factList(facts: readonly Fact[]): SafeHtml {
  return html`<dl class="facts">${facts.map(
    ({ label, value, alert, multiline }) =>
      html`<dt>${label}</dt><dd${alert ? html` class="bad"` : multiline ? html` class="note"` : ''}>${typeof value === 'string' ? value : value.length === 1 ? value[0] : html`<ul>${value.map((v) => html`<li>${v}</li>`)}</ul>`}</dd>`,
  )}</dl>`;
}

/**
 * A whole page of Raadspost: the one stylesheet (allowed by its hash in SECURITY_HEADERS), the header with the
 * municipality, `body`, and a footer (by default: this page is for you alone). `wide` for tables.
 */
export function documentHtml({
  title,
  municipality,
  body,
  refreshTo,
  wide = false,
  footer = 'Deze pagina is alleen voor u bedoeld: stuur de link niet door.',
}: {
  title: string;
  municipality?: string | undefined;
  body: SafeHtml;
  refreshTo?: string;
  wide?: boolean;
  footer?: string;
}): string {
  const org = municipality ? `Griffie gemeente ${singleLine(municipality)}` : '';
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
${refreshTo ? html`<meta http-equiv="refresh" content="8; url=${refreshTo}">` : ''}
<title>${singleLine(title)} · Raadspost</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="wrap${wide ? ' wide' : ''}"><span class="brand">Raadspost</span>${org ? html` <span class="org">${org}</span>` : ''}</div></header>
<main class="wrap${wide ? ' wide' : ''}">
${body}
</main>
<footer class="wrap${wide ? ' wide' : ''} small">${org ? html`${org}. ` : ''}${footer}</footer>
</body>
</html>
`.toString();
}
