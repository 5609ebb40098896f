/**
 * The page of a filed message, opened from the daily overview: what it is and why Raadspost filed it, its text, and
 * two buttons: "Voorleggen aan de raad" (it becomes a letter awaiting approval, and the normal approval mail follows) and
 * "Markeren als woo-verzoek". Opening it changes nothing. The same style, headers and rules as the approval page: no
 * script, everything from the message escaped. Pure.
 */
import { CATEGORY_LABELS } from '../domain/category.js';
import { formatDutchDay } from '../domain/dutch-time.js';
import type { ReviewView } from '../application/review-filed.js';
import { documentHtml, factList, letterTextHtml, riskBox } from './approval-page.js';
import { html } from './html.js';
import { formatAddress, formatDutchDateTime, letterFacts, letterWarnings, singleLine } from './letter-view.js';

/** The form fields of the page's POST. */
export const REVIEW_FORM = {
  token: 'token',
  action: 'action',
  submit: 'voorleggen',
  markWoo: 'woo',
  /** Who wrote the letter, for one put before the council: decides its category. */
  sender: 'afzender',
  organisation: 'organisatie',
  resident: 'inwoner',
} as const;

/** Where a message's status leaves it, in a few words. */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  awaiting_approval: 'wacht op een besluit van de griffier',
  filed: 'opgeborgen',
  approved: 'goedgekeurd',
  forwarding: 'wordt doorgestuurd',
  forwarded: 'doorgestuurd aan de raadsleden',
  forward_failed: 'goedgekeurd, doorsturen mislukt',
  rejected: 'afgewezen',
  quarantined: 'in quarantaine',
  duplicate: 'een kopie',
  in_campaign: 'bij een gelijkluidende brief geteld',
};

/** The page for a link from the daily overview. */
export function renderReviewPage(view: Exclude<ReviewView, { kind: 'problem' }>, { token, postUrl, municipality }: { token: string; postUrl: string; municipality: string }): string {
  const { summary } = view;
  const subject = singleLine(summary.subject) || '(geen onderwerp)';
  if (view.kind === 'corrected') {
    const { correction } = view;
    const who = `${singleLine(correction.by)} op ${formatDutchDateTime(correction.at)}`;
    const submitted = correction.kind === 'submitted_to_council';
    const approval = view.approval;
    const status = submitted
      ? `Voorgelegd aan de raad door ${who}, als ${CATEGORY_LABELS[correction.category]}.`
      : `Gemarkeerd als Woo-verzoek door ${who}.`;
    const next = submitted
      ? approval?.kind === 'sent'
        ? `Het bericht wacht nu op een besluit: de e-mail “Nieuwe brief voor de raad” is verstuurd aan ${approval.recipients === 1 ? 'de goedkeurder' : `${approval.recipients} goedkeurders`}. Beslis daar, zoals bij elke brief.`
        : approval?.kind === 'not_sent_yet' || approval?.kind === 'failed'
          ? 'Het bericht wacht nu op een besluit. De e-mail “Nieuwe brief voor de raad” kon nog niet worden verstuurd; Raadspost probeert het binnen een uur opnieuw.'
          : `Het bericht ${STATUS_WORDS[view.status] ?? view.status}; beslissen gaat met de e-mail “Nieuwe brief voor de raad”.`
      : view.woo
        ? `Ontvangen op ${formatDutchDay(view.woo.receivedOn)}. Op een Woo-verzoek moet binnen vier weken worden beslist: uiterlijk ${formatDutchDay(view.woo.decideBy)}; eenmaal verdagen met twee weken kan tot uiterlijk ${formatDutchDay(view.woo.extendedTo)}.`
        : '';
    const body = html`
<p class="eyebrow">Bericht uit het dagelijkse overzicht</p>
<h1>${view.justNow ? (submitted ? 'Voorgelegd aan de raad' : 'Gemarkeerd als Woo-verzoek') : 'Hier is al iets mee gedaan'}</h1>
<p class="status" role="status">${status}</p>
${next ? html`<p class="lead">${next}</p>` : ''}
<section class="card" aria-labelledby="bericht">
<h2 id="bericht">Het bericht</h2>
${factList([
  { label: 'Onderwerp', value: subject },
  { label: 'Afzender', value: formatAddress(summary.from) },
  { label: 'Ontvangen', value: formatDutchDateTime(summary.receivedAt) },
  { label: 'Raadspost had het', value: `opgeborgen als ${CATEGORY_LABELS[correction.original.category]}` },
])}
</section>`;
    return documentHtml({ title: `${status} ${subject}`, municipality, body });
  }

  const woo = view.woo;
  const body = html`
<p class="eyebrow">Opgeborgen bericht uit het dagelijkse overzicht</p>
<h1>${subject}</h1>
<p class="lead tight">Van ${formatAddress(summary.from)}. Raadspost heeft dit bericht ${view.copyOf ? 'als kopie' : `als ${CATEGORY_LABELS[summary.category]}`} opgeborgen en niet aan de raad voorgelegd.${
    view.correctable ? ' Is het toch een brief voor de raad, of een Woo-verzoek? Dat kunt u hieronder aangeven.' : ''
  }</p>
${view.correctable ? html`<p class="jump"><a href="#wat-nu">Direct naar de knoppen</a></p>` : ''}
${riskBox(letterWarnings(summary))}
${
  view.copyOf
    ? html`<p class="status rejected" role="status">Dit is een kopie van een eerder ontvangen bericht (“${singleLine(view.copyOf.subject) || '(geen onderwerp)'}”, ${STATUS_WORDS[view.copyOf.status] ?? view.copyOf.status}); het wordt niet apart aangeboden.</p>`
    : ''
}
${woo ? html`<p class="status busy" role="status">Woo-verzoek, ontvangen op ${formatDutchDay(woo.receivedOn)}: beslissen uiterlijk ${formatDutchDay(woo.decideBy)} (eenmaal verdagen: uiterlijk ${formatDutchDay(woo.extendedTo)}).</p>` : ''}
<section class="card" aria-labelledby="gegevens">
<h2 id="gegevens">Over dit bericht</h2>
${factList(letterFacts(summary))}
</section>
<section class="card preview" aria-labelledby="tekst">
<h2 id="tekst">De tekst van het bericht</h2>
<div class="letter" tabindex="0" role="region" aria-labelledby="tekst">${letterTextHtml(summary.text)}</div>
${summary.attachments.length > 0 ? html`<h3>Bijlagen (${summary.attachments.length})</h3><ul class="plain">${summary.attachments.map((a) => html`<li>${a.name}</li>`)}</ul>` : ''}
</section>
${
  view.correctable
    ? html`<form class="card" method="post" action="${postUrl}" aria-labelledby="wat-nu">
<h2 id="wat-nu">Wat wilt u ermee doen?</h2>
<input type="hidden" name="${REVIEW_FORM.token}" value="${token}">
<fieldset>
<legend>Als het een brief voor de raad is: van wie?</legend>
<div class="choice"><input type="radio" id="van-organisatie" name="${REVIEW_FORM.sender}" value="${REVIEW_FORM.organisation}"${summary.organisation ? html` checked` : ''}><label for="van-organisatie">Van een organisatie</label></div>
<div class="choice"><input type="radio" id="van-inwoner" name="${REVIEW_FORM.sender}" value="${REVIEW_FORM.resident}"${summary.organisation ? '' : html` checked`}><label for="van-inwoner">Van een inwoner</label></div>
</fieldset>
<div class="actions">
<button type="submit" name="${REVIEW_FORM.action}" value="${REVIEW_FORM.submit}" class="approve">Voorleggen aan de raad</button>
${summary.category === 'woo_request' ? '' : html`<button type="submit" name="${REVIEW_FORM.action}" value="${REVIEW_FORM.markWoo}" class="reject">Markeren als woo-verzoek</button>`}
</div>
<p class="hint">Voorleggen maakt er een brief van die op een besluit wacht: de goedkeurders krijgen de gewone e-mail “Nieuwe brief voor de raad”, en pas na “Goedkeuren en doorsturen” gaat hij naar de raadsleden. Markeren als Woo-verzoek legt vast op welke dag het binnenkwam, zodat de termijn van vier weken zichtbaar is. Beide worden bewaard als correctie, zodat Raadspost ervan leert. Het kan maar één keer.</p>
</form>`
    : ''
}`;
  return documentHtml({ title: `Opgeborgen: ${subject}`, municipality, body });
}

/** Dutch texts for the register function's error pages, with their HTTP status. */
export const REVIEW_ERRORS = {
  invalidLink: {
    status: 403,
    title: 'Deze link werkt niet',
    message: 'De link is niet (meer) geldig. Open het bericht met de link in het dagelijkse overzicht van Raadspost. Kopieert u de link, neem dan de hele link over.',
  },
  expired: {
    status: 410,
    title: 'Deze link is verlopen',
    message: 'Een link uit het dagelijkse overzicht werkt maar een beperkte tijd. Gebruik de link in een recenter overzicht.',
  },
  unavailable: {
    status: 409,
    title: 'Dit kan niet meer',
    message: 'Met dit bericht is intussen al iets gedaan. Open de link opnieuw om te zien wat.',
  },
  notFound: { status: 404, title: 'Pagina niet gevonden', message: 'Deze pagina bestaat niet. Gebruik de links in het dagelijkse overzicht van Raadspost.' },
  methodNotAllowed: { status: 405, title: 'Dit kan hier niet', message: 'Deze pagina kan alleen worden bekeken, of worden verstuurd met een van de knoppen.' },
  crossSite: {
    status: 403,
    title: 'Uw keuze is niet verwerkt',
    message: 'De keuze kwam niet van de pagina van Raadspost zelf, maar van een andere website. Open het bericht met de link in het dagelijkse overzicht en kies daar.',
  },
  tooLarge: { status: 413, title: 'Te veel gegevens', message: 'Uw keuze bevatte meer gegevens dan deze pagina aanneemt. Ga terug naar de pagina en kies opnieuw een van de knoppen.' },
  badRequest: { status: 400, title: 'Uw keuze is niet goed aangekomen', message: 'Ga terug naar de pagina, kies opnieuw een van de knoppen en probeer het nog eens.' },
  serverError: { status: 503, title: 'Er ging iets mis', message: 'Raadspost kan dit nu niet verwerken. Probeer het over een paar minuten opnieuw.' },
} as const satisfies Record<string, { status: number; title: string; message: string }>;
