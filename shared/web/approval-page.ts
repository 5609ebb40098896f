/**
 * The approval page the griffier opens from the approval mail: a read-only summary of the letter and a form
 * with two buttons. Pure: the renderers return whole HTML documents; the approval function's handler serves
 * them with SECURITY_HEADERS. No script at all: the page works in any browser, on a phone, without JavaScript.
 *
 * Everything from the letter is attacker-controlled and goes through `html`, which escapes it.
 */
import { createHash } from 'node:crypto';
import { MAX_NOTE_CHARS, type Decision, type LetterSummary, type RegisterNumber } from '../domain/approval.js';
import { html, type SafeHtml } from './html.js';
import { cleanExcerpt, formatAddress, formatDutchDateTime, letterFacts, letterWarnings, singleLine, type Fact } from './letter-view.js';

export { CATEGORY_LABELS, formatDutchDateTime } from './letter-view.js';

/** The names of the form fields the approval handler reads from the POST body. */
export const APPROVAL_FORM = {
  token: 'token',
  decision: 'decision',
  note: 'note',
  /** Values of the `decision` field. */
  approve: 'approve',
  reject: 'reject',
  /** The most characters the cover note may have (the textarea's maxlength; the server cuts it there too). */
  noteMaxLength: MAX_NOTE_CHARS,
} as const;

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
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; margin: 0 0 1rem; }
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
textarea:focus, button:focus { outline: 3px solid #f2b632; outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
button { font: inherit; font-weight: 600; border-radius: 8px; padding: .75rem 1.25rem; cursor: pointer; min-height: 3rem; }
button.approve { background: var(--ok); color: #fff; border: 2px solid var(--ok); }
button.approve:hover { background: #175530; }
button.reject { background: #fff; color: var(--warn); border: 2px solid var(--warn-line); }
button.reject:hover { background: var(--warn-bg); }
.small { color: var(--muted); font-size: .9rem; }
footer { padding-bottom: 2rem; }
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
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-robots-tag': 'noindex, nofollow',
};

export interface ApprovalPageInput {
  readonly summary: LetterSummary;
  /** The approval token; sent back as a hidden field, never shown. */
  readonly token: string;
  /** Where the form posts to (same origin as the page). */
  readonly postUrl: string;
  /** e.g. "Heemstede". */
  readonly municipality: string;
}

/** The page with the summary and the two buttons. Opening it decides nothing. */
export function renderApprovalPage({ summary, token, postUrl, municipality }: ApprovalPageInput): string {
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  const warnings = letterWarnings(summary);
  const excerpt = cleanExcerpt(summary.excerpt);
  const body = html`
<p class="eyebrow">Brief voor de raad beoordelen</p>
<h1>${subject}</h1>
<p class="lead tight">Deze brief is binnengekomen bij de griffie en lijkt bedoeld voor de gemeenteraad. Bekijk de gegevens en beslis of hij naar alle raadsleden gaat.</p>
<p class="jump"><a href="#besluit">Direct naar uw besluit</a></p>
${warningBox(warnings)}
<section class="card" aria-labelledby="gegevens">
<h2 id="gegevens">Gegevens van de brief</h2>
${factList(letterFacts(summary))}
</section>
<section class="card" aria-labelledby="begin">
<h2 id="begin">Begin van de brief</h2>
${excerpt ? html`<p class="excerpt">${excerpt}</p>` : html`<p class="small">Er is geen tekst gevonden in het bericht of de bijlage.</p>`}
</section>
<form class="card" method="post" action="${postUrl}" aria-labelledby="besluit">
<h2 id="besluit">Uw besluit</h2>
<input type="hidden" name="${APPROVAL_FORM.token}" value="${token}">
<label for="note">Korte toelichting (niet verplicht)</label>
<p class="hint" id="note-hint">Bij goedkeuren staat deze tekst boven de brief die de raadsleden krijgen. Bij afwijzen bewaren we hem als reden. Hooguit ${APPROVAL_FORM.noteMaxLength} tekens.</p>
<textarea id="note" name="${APPROVAL_FORM.note}" maxlength="${APPROVAL_FORM.noteMaxLength}" rows="4" aria-describedby="note-hint"></textarea>
<div class="actions">
<button type="submit" name="${APPROVAL_FORM.decision}" value="${APPROVAL_FORM.approve}" class="approve">Goedkeuren en doorsturen</button>
<button type="submit" name="${APPROVAL_FORM.decision}" value="${APPROVAL_FORM.reject}" class="reject">Afwijzen</button>
</div>
<p class="hint">Goedkeuren geeft de brief een nummer op de lijst ingekomen stukken en stuurt hem met de bijlagen naar alle raadsleden. Afwijzen stuurt niets door; de brief blijft bewaard. U kunt maar één keer beslissen.</p>
</form>`;
  return documentHtml({ title: `Beoordelen: ${subject}`, municipality, body });
}

export interface DecidedPageInput {
  readonly summary: LetterSummary;
  readonly decision: Decision;
  /** Given on approval. */
  readonly registerNumber?: RegisterNumber | undefined;
  /** True right after this request decided; false when the letter had been decided before (a second click, a reload). */
  readonly justNow: boolean;
  readonly municipality: string;
}

/** What was decided, by whom and when. Shown after the POST, and when the link is opened again later. */
export function renderDecidedPage({ summary, decision, registerNumber, justNow, municipality }: DecidedPageInput): string {
  const approved = decision.kind === 'approved';
  const outcome = approved
    ? registerNumber
      ? `Goedgekeurd en doorgestuurd als ingekomen stuk nr. ${singleLine(registerNumber.label)}`
      : 'Goedgekeurd en doorgestuurd'
    : 'Afgewezen';
  const heading = justNow ? (approved ? 'Dank u wel: de brief is goedgekeurd' : 'De brief is afgewezen') : 'Over deze brief is al beslist';
  const next = approved
    ? justNow
      ? 'De brief gaat nu met de bijlagen naar alle raadsleden. U hoeft verder niets te doen.'
      : 'Opnieuw beslissen kan niet, en de brief wordt niet nog een keer doorgestuurd.'
    : 'De brief wordt niet doorgestuurd aan de raadsleden. Hij blijft bewaard bij de griffie.';
  const note = cleanExcerpt(decision.note);
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  const body = html`
<p class="eyebrow">Brief voor de raad</p>
<h1>${heading}</h1>
<p class="status${approved ? '' : ' rejected'}" role="status">${outcome}</p>
<p class="lead">${next}</p>
<section class="card" aria-labelledby="besluit">
<h2 id="besluit">Besluit</h2>
${factList([
  { label: 'Door', value: singleLine(decision.by) || 'onbekend' },
  { label: 'Op', value: formatDutchDateTime(decision.at) },
  ...(note ? [{ label: approved ? 'Toelichting voor de raadsleden' : 'Reden', value: note, multiline: true }] : []),
])}
</section>
<section class="card" aria-labelledby="brief">
<h2 id="brief">De brief</h2>
${factList([
  { label: 'Onderwerp', value: subject },
  { label: 'Afzender', value: formatAddress(summary.from) },
  { label: 'Ontvangen', value: formatDutchDateTime(summary.receivedAt) },
])}
</section>`;
  return documentHtml({ title: `${outcome}: ${subject}`, municipality, body });
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
  badRequest: {
    status: 400,
    title: 'Uw keuze is niet goed aangekomen',
    message: 'Ga terug naar de pagina, kies opnieuw een van de twee knoppen en probeer het nog eens.',
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

function warningBox(warnings: readonly string[]): SafeHtml | '' {
  if (warnings.length === 0) return '';
  return html`<section class="alert" role="alert" aria-labelledby="letop">
<h2 id="letop">Let op</h2>
<ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>
</section>`;
}

function factList(facts: readonly Fact[]): SafeHtml {
  return html`<dl class="facts">${facts.map(
    ({ label, value, alert, multiline }) =>
      html`<dt>${label}</dt><dd${alert ? html` class="bad"` : multiline ? html` class="note"` : ''}>${typeof value === 'string' ? value : value.length === 1 ? value[0] : html`<ul>${value.map((v) => html`<li>${v}</li>`)}</ul>`}</dd>`,
  )}</dl>`;
}

function documentHtml({ title, municipality, body }: { title: string; municipality?: string | undefined; body: SafeHtml }): string {
  const org = municipality ? `Griffie gemeente ${singleLine(municipality)}` : '';
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${singleLine(title)} · Raadspost</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="wrap"><span class="brand">Raadspost</span>${org ? html` <span class="org">${org}</span>` : ''}</div></header>
<main class="wrap">
${body}
</main>
<footer class="wrap small">${org ? html`${org}. ` : ''}Deze pagina is alleen voor u bedoeld: stuur de link niet door.</footer>
</body>
</html>
`.toString();
}
