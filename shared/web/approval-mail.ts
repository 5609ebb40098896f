/**
 * The approval mail to the griffier: the same summary as the approval page, as text and as HTML, with ONE
 * link to that page. Opening the link decides nothing (mail scanners and link previews open links too): the
 * decision is a button on the page. Pure.
 */
import type { LetterSummary } from '../domain/approval.js';
import { confidenceLevel } from '../domain/confidence.js';
import { RAADSPOST_MARK } from '../domain/own-mail.js';
import { mailDocument, signatureLines } from './mail-layout.js';
import { html } from './html.js';
import { linkify } from '../domain/letter-text.js';
import { attachmentsOf, cleanExcerpt, describeAttachment, excerptLabel, joinDutch, letterFacts, letterWarnings, pageContents, singleLine, type Fact } from './letter-view.js';

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
 * Nothing from the letter is clickable in this mail (links, bare domains and addresses are written as
 * "[link naar evil[.]example]"): the only link is the one to the page, where every link is listed with its real host.
 *
 * @example
 * const mail = renderApprovalMail(summary, 'https://abc.lambda-url.eu-west-1.on.aws/?t=…', 'Heemstede', ['brief.pdf']);
 * // mail.subject === 'Nieuwe brief voor de raad: Brief aan de raad: veilige schoolroutes in Glip-Zuid'
 */
export function renderApprovalMail(summary: LetterSummary, approvalUrl: string, municipality: string, attached: readonly string[] = []): ApprovalMail {
  const letterSubject = defang(singleLine(summary.subject)) || '(geen onderwerp)';
  const doubt = confidenceLevel(summary.confidence) === 'twijfel' ? ' (twijfel)' : '';
  const risks = summary.risks.length > 0 ? ` – let op: ${summary.risks.length === 1 ? '1 risico' : `${summary.risks.length} risico's`}` : '';
  const subject = truncate(`Nieuwe brief voor de raad${doubt}${risks}: ${letterSubject}`, MAX_SUBJECT_CHARS);
  const facts = [...letterFacts(summary), ...attachmentFacts(summary)].map(({ label, value, ...rest }) => ({
    label,
    value: typeof value === 'string' ? defang(value) : value.map((v) => defang(v)),
    ...rest,
  }));
  // Our own sentences name domains ("gebruikt heemstede-gemeente.nl"): written out, but not as links.
  const warnings = letterWarnings(summary).map((w) => defang(w, { named: false }));
  const excerpt = defang(cleanExcerpt(summary.excerpt));
  const place = singleLine(municipality);
  const url = singleLine(approvalUrl);
  const onPage = `Op de pagina staan ${pageContents(summary)}.`;
  const attachedLine = attached.length > 0 ? `De brief zit als pdf bij deze e-mail: ${joinDutch(attached.map((a) => defang(singleLine(a))))}.` : '';
  const mark = `${RAADSPOST_MARK} ${singleLine(summary.id)}`;
  // A message the griffie put before the council from the daily overview did not "seem meant" for it to Raadspost.
  const intro = summary.correction?.kind === 'submitted_to_council'
    ? `Een bericht dat Raadspost had opgeborgen, is vanuit het dagelijkse overzicht voorgelegd als brief voor de gemeenteraad van ${place}. Wilt u beoordelen of het naar alle raadsleden gaat?`
    : `Er is een nieuwe brief binnengekomen die bedoeld lijkt voor de gemeenteraad van ${place}. Wilt u beoordelen of hij naar alle raadsleden gaat?`;

  const text = [
    'Beste griffier,',
    '',
    intro,
    '',
    ...(warnings.length > 0 ? [`LET OP: ${warnings.length === 1 ? 'één risico' : `${warnings.length} risico's`}`, ...warnings.map((w) => `- ${w}`), ''] : []),
    ...facts.flatMap(textFact),
    '',
    `${excerptLabel(summary)}:`,
    ...(excerpt ? excerpt.split('\n').map((line) => (line ? `  ${line}` : '')) : ['  (geen tekst gevonden)']),
    '',
    onPage,
    ...(attachedLine ? [attachedLine] : []),
    '',
    `${LINK_TEXT}:`,
    url,
    '',
    NOTHING_DECIDED,
    'De link is persoonlijk en werkt een beperkte tijd: stuur deze e-mail niet door.',
    '',
    ...signatureLines(place, mark),
  ].join('\n');

  const p = 'margin:0 0 14px 0;';
  const htmlBody = mailDocument({
    subject,
    maxWidthPx: 640,
    place,
    mark,
    body: html`<p style="${p}">Beste griffier,</p>
<p style="${p}">${intro}</p>
${
  warnings.length > 0
    ? html`<div style="margin:0 0 16px 0;padding:12px 14px;background:#fdf0e9;border:2px solid #e2a788;border-radius:8px;color:#8a2a0a;">
<p style="margin:0 0 6px 0;font-weight:bold;">Let op: ${warnings.length === 1 ? 'één risico' : `${warnings.length} risico’s`}</p>
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
<p style="margin:0 0 6px 0;font-weight:bold;">${excerptLabel(summary)}</p>
<div style="margin:0 0 20px 0;padding:10px 12px;background:#ffffff;border-left:4px solid #d8dde4;font-family:Georgia,Times New Roman,serif;word-break:break-word;">${
    excerpt ? excerpt.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`) : '(geen tekst gevonden)'
  }</div>
<p style="${p}font-weight:bold;">${onPage}</p>
${attachedLine ? html`<p style="${p}">${attachedLine}</p>` : ''}
<p style="margin:0 0 20px 0;"><a href="${url}" style="display:inline-block;padding:12px 22px;background:#1d3f6e;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:8px;">${LINK_TEXT}</a></p>
<p style="${p}">${NOTHING_DECIDED}</p>
<p style="${p}color:#56606e;font-size:14px;">De link is persoonlijk en werkt een beperkte tijd: stuur deze e-mail niet door.</p>`,
  });

  return { subject, text, html: htmlBody };
}

/** The attachments in the mail: what goes along and what does not (the page offers them to open). */
const attachmentFacts = (summary: LetterSummary): Fact[] => {
  const { forwarded, leftOut } = attachmentsOf(summary);
  return [
    { label: 'Bijlagen', value: forwarded.length > 0 ? forwarded.map(describeAttachment) : 'geen' },
    ...(leftOut.length > 0 ? [{ label: 'Gaan niet mee', value: leftOut.map((a) => `${a.name} (${a.reason ?? 'onbekende reden'})`), alert: true }] : []),
  ];
};

const textFact = ({ label, value }: Fact): string[] =>
  typeof value === 'string' || value.length === 1
    ? [`${`${label}:`.padEnd(14)} ${typeof value === 'string' ? value : value[0]}`]
    : [`${label}:`, ...value.map((v) => `  - ${v}`)];

const truncate = (text: string, max: number): string => {
  const chars = Array.from(text); // code points: never cut a surrogate pair in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
};

/**
 * Letter text for the approval mail, where nothing from the letter may be clickable: every web link and bare domain
 * becomes "[link naar raad-heemstede[.]evil[.]example]" (no mail client makes that a link). E-mail addresses stay as
 * they are: the griffier needs the sender's real address, and a mail client only opens a new message for one.
 */
export const defang = (text: string, { named = true }: { readonly named?: boolean } = {}): string => {
  let out = '';
  let at = 0;
  for (const m of linkify().match(text) ?? []) {
    if (m.schema === 'mailto:' || (!m.schema && m.raw.includes('@'))) continue;
    const host = hostOfUrl(m.url)?.replace(/\./g, '[.]') ?? 'onbekende website';
    out += `${text.slice(at, m.index)}${named ? `[link naar ${host}]` : host}`;
    at = m.lastIndex;
  }
  return out + text.slice(at);
};

const hostOfUrl = (url: string): string | undefined => {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
};
