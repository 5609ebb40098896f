/**
 * The approval mail to the griffier: the same summary as the approval page, as text and as HTML, with ONE
 * link to that page. Opening the link decides nothing (mail scanners and link previews open links too): the
 * decision is a button on the page. Pure.
 */
import type { LetterSummary } from '../domain/approval.js';
import { html } from './html.js';
import { cleanExcerpt, letterFacts, letterWarnings, singleLine, type Fact } from './letter-view.js';

export interface ApprovalMail {
  /** One line, no control characters. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Longest subject we write; mail clients cut long subjects anyway, and the letter's own subject is on the page. */
const MAX_SUBJECT_CHARS = 180;

const LINK_TEXT = 'Bekijk en beslis';
const NOTHING_DECIDED = 'Het openen van de link beslist nog niets: u kiest op de pagina zelf of de brief naar de raadsleden gaat.';

/**
 * @example
 * const mail = renderApprovalMail(summary, 'https://abc.lambda-url.eu-west-1.on.aws/?t=…', 'Heemstede');
 * // mail.subject === 'Nieuwe brief voor de raad: Brief aan de raad: veilige schoolroutes in Glip-Zuid'
 */
export function renderApprovalMail(summary: LetterSummary, approvalUrl: string, municipality: string): ApprovalMail {
  const letterSubject = singleLine(summary.subject) || '(geen onderwerp)';
  const subject = truncate(`Nieuwe brief voor de raad: ${letterSubject}`, MAX_SUBJECT_CHARS);
  const facts = letterFacts(summary);
  const warnings = letterWarnings(summary);
  const excerpt = cleanExcerpt(summary.excerpt);
  const place = singleLine(municipality);
  const url = singleLine(approvalUrl);

  const text = [
    'Beste griffier,',
    '',
    `Er is een nieuwe brief binnengekomen die bedoeld lijkt voor de gemeenteraad van ${place}. Wilt u beoordelen of hij naar alle raadsleden gaat?`,
    '',
    ...(warnings.length > 0 ? ['LET OP', ...warnings.map((w) => `- ${w}`), ''] : []),
    ...facts.flatMap(textFact),
    '',
    'Begin van de brief:',
    ...(excerpt ? excerpt.split('\n').map((line) => (line ? `  ${line}` : '')) : ['  (geen tekst gevonden)']),
    '',
    `${LINK_TEXT}:`,
    url,
    '',
    NOTHING_DECIDED,
    'De link is persoonlijk en werkt een beperkte tijd: stuur deze e-mail niet door.',
    '',
    `Raadspost, griffie gemeente ${place}`,
    '',
  ].join('\n');

  const p = 'margin:0 0 14px 0;';
  const htmlBody = html`<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f6f8;">
<div style="max-width:640px;margin:0 auto;padding:20px 16px;font-family:Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430;">
<p style="${p}">Beste griffier,</p>
<p style="${p}">Er is een nieuwe brief binnengekomen die bedoeld lijkt voor de gemeenteraad van ${place}. Wilt u beoordelen of hij naar alle raadsleden gaat?</p>
${
  warnings.length > 0
    ? html`<div style="margin:0 0 16px 0;padding:12px 14px;background:#fdf0e9;border:2px solid #e2a788;border-radius:8px;color:#8a2a0a;">
<p style="margin:0 0 6px 0;font-weight:bold;">Let op</p>
<ul style="margin:0;padding-left:20px;">${warnings.map((w) => html`<li>${w}</li>`)}</ul>
</div>`
    : ''
}
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;margin:0 0 16px 0;background:#ffffff;border:1px solid #d8dde4;">
${facts.map(
  ({ label, value }) => html`<tr>
<th scope="row" style="text-align:left;vertical-align:top;padding:8px 10px;width:32%;color:#56606e;font-weight:600;border-bottom:1px solid #eceff3;">${label}</th>
<td style="vertical-align:top;padding:8px 10px;border-bottom:1px solid #eceff3;word-break:break-word;">${
    typeof value === 'string' ? value : value.length === 1 ? value[0] : value.map((v, i) => html`${i > 0 ? html`<br>` : ''}• ${v}`)
  }</td>
</tr>`,
)}
</table>
<p style="margin:0 0 6px 0;font-weight:bold;">Begin van de brief</p>
<div style="margin:0 0 20px 0;padding:10px 12px;background:#ffffff;border-left:4px solid #d8dde4;font-family:Georgia,Times New Roman,serif;word-break:break-word;">${
    excerpt ? excerpt.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`) : '(geen tekst gevonden)'
  }</div>
<p style="margin:0 0 20px 0;"><a href="${url}" style="display:inline-block;padding:12px 22px;background:#1d3f6e;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:8px;">${LINK_TEXT}</a></p>
<p style="${p}">${NOTHING_DECIDED}</p>
<p style="${p}color:#56606e;font-size:14px;">De link is persoonlijk en werkt een beperkte tijd: stuur deze e-mail niet door.</p>
<p style="margin:0;color:#56606e;font-size:14px;">Raadspost, griffie gemeente ${place}</p>
</div>
</body>
</html>
`.toString();

  return { subject, text, html: htmlBody };
}

const textFact = ({ label, value }: Fact): string[] =>
  typeof value === 'string' || value.length === 1
    ? [`${`${label}:`.padEnd(14)} ${typeof value === 'string' ? value : value[0]}`]
    : [`${label}:`, ...value.map((v) => `  - ${v}`)];

const truncate = (text: string, max: number): string => {
  const chars = Array.from(text); // code points: never cut a surrogate pair in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
};
