import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/domain/category.js';
import { CAMPAIGN_MEMBERS_SHOWN, type CampaignMember } from '../../shared/domain/letter.js';
import { DEFAULT_HANDLING_OPTIONS, parseHandlingOptions } from '../../shared/domain/handling.js';
import { prepareLetterText } from '../../shared/domain/letter-text.js';
import {
  APPROVAL_ERRORS,
  CATEGORY_LABELS,
  renderApprovalPage,
  renderDecidedPage,
  renderErrorPage,
  renderRejectConfirmPage,
  SECURITY_HEADERS,
} from '../../shared/web/approval-page.js';
import { formatDutchDateTime } from '../../shared/web/letter-view.js';
import { aLetterSummary } from '../support/letter-summary.js';

const HANDLING = { options: parseHandlingOptions(DEFAULT_HANDLING_OPTIONS), defaultIndex: 0 };

const page = (overrides: Parameters<typeof aLetterSummary>[0] = {}) =>
  renderApprovalPage({ summary: aLetterSummary(overrides), handling: HANDLING, token: 'tok.en-123', postUrl: '/decide', municipality: 'Heemstede' });

/** The visible text of a button by its value. */
const buttonText = (doc: string, value: string) =>
  new RegExp(`<button type="submit" name="decision" value="${value}"[^>]*>([^<]*)</button>`).exec(doc)?.[1];

describe('renderApprovalPage', () => {
  it('shows the summary in Dutch: real sender address, organisation, subject, time, category, topics, attachments', () => {
    // Act
    const doc = page();

    // Assess
    expect(doc).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(doc).toContain('Wijkvereniging Glip-Zuid &lt;secretariaat@glipzuid.example&gt;');
    expect(doc).toContain('<h1>Brief aan de raad: veilige schoolroutes in Glip-Zuid</h1>');
    expect(doc).toContain('donderdag 26 februari 2026 om 09:15');
    expect(doc).toContain('brief van een organisatie (zekerheid hoog)');
    expect(doc).not.toMatch(/zekerheid \d+%/);
    // Why, in the griffie's words; the classifier's signals only behind "Kenmerken".
    expect(doc).toContain('<dt>Waarom voorgesteld</dt><dd><ul><li>De brief is gericht aan de gemeenteraad.</li><li>De afzender vraagt de brief aan alle raadsleden door te sturen.</li><li>Wijkvereniging Glip-Zuid schrijft namens haar bestuur of leden.</li></ul></dd>');
    expect(doc).toContain('<details class="signals"><summary>Kenmerken die Raadspost in het bericht zag</summary><ul><li>vraagt om verspreiding onder de raadsleden</li>');
    expect(doc).toContain('verkeer en onderwijs');
    expect(doc).toContain('Brief aan de gemeenteraad.pdf (pdf-document, 146 kB)');
    expect(doc).toContain('SPF in orde · DKIM in orde · DMARC in orde · geen spam · geen virus');
    expect(doc).not.toContain('Let op');
  });

  it('names who passed a letter on and who wrote it', () => {
    const doc = page({ passedOn: { by: { name: 'KCC Heemstede', address: 'kcc@heemstede.nl' }, author: { name: 'Jan Bakker', address: 'jan@ziggo.nl' } }, grounds: ['resident', 'passed_on'] });
    expect(doc).toContain('<dt>Doorgestuurd door</dt><dd>KCC Heemstede &lt;kcc@heemstede.nl&gt;</dd><dt>Geschreven door</dt><dd>Jan Bakker &lt;jan@ziggo.nl&gt;</dd>');
    expect(doc).toContain('<li>Iemand anders heeft de brief doorgestuurd; Raadspost beoordeelt de brief van de schrijver zelf.</li>');
  });

  it('lists who else sent a campaign letter, the first 50 by address and date and the rest counted, and marks where one differs', () => {
    // Prepare: 60 residents joined; the page's summary lists the first 50, one of which changed a word.
    const members: CampaignMember[] = Array.from({ length: CAMPAIGN_MEMBERS_SHOWN }, (_, i) => ({ id: `m-${i}`, receivedAt: '2026-03-02T09:00:00.000Z', from: `bewoner${i}@ziggo.nl`, differs: false }));
    members[1] = { ...members[1]!, from: 'els.vos@ziggo.nl', differs: true, difference: { member: '… over de kap niet uit te stellen …', leader: '… over de kap uit te stellen …' } };
    const campaign = { count: 61, firstAt: '2026-03-01T09:00:00.000Z', lastAt: '2026-03-04T09:00:00.000Z', members, differing: 2 };

    // Act
    const doc = page({ campaign });

    // Assess
    expect(doc).toContain('<dt>Gelijkluidend</dt><dd>dezelfde brief is door 61 inwoners gestuurd, van 1 maart 2026 tot 4 maart 2026.');
    expect(doc).toContain('Let op: 2 van die brieven wijken iets af van deze tekst (zie de lijst van afzenders).');
    expect(doc).toContain('<details class="signals" open><summary>Wie deze brief ook stuurden (60)</summary>');
    expect(doc).toContain('<li>bewoner0@ziggo.nl, ontvangen maandag 2 maart 2026 om 10:00</li>');
    expect(doc).toContain(
      '<li>els.vos@ziggo.nl, ontvangen maandag 2 maart 2026 om 10:00<span class="bad">Wijkt af van de tekst van deze brief: “… over de kap niet uit te stellen …” in plaats van “… over de kap uit te stellen …” (woorden zonder leestekens en cijfers). Deze brief gaat niet apart naar de raadsleden.</span></li>',
    );
    expect(doc.match(/ontvangen maandag 2 maart 2026/g)).toHaveLength(CAMPAIGN_MEMBERS_SHOWN);
    // Beyond the list: how many more, and how many of those differ (the count says it, the list cannot).
    expect(doc).toContain('<p class="small">en 10 meer; daarvan wijkt één brief iets af van deze tekst</p>');
    expect(page({ campaign: { ...campaign, differing: 1 } })).toContain('<p class="small">en 10 meer</p>');
    expect(page({ campaign: { ...campaign, count: 1200, differing: 40 } })).toContain('<p class="small">en 1149 meer; daarvan wijken 39 brieven iets af van deze tekst</p>');
  });

  it('keeps the list of a campaign without differences closed, and escapes what its senders wrote', () => {
    const members: CampaignMember[] = [
      { id: 'm-1', receivedAt: '2026-03-02T09:00:00.000Z', from: 'a@x.nl', differs: false },
      { id: 'm-2', receivedAt: '2026-03-02T09:00:00.000Z', from: '<b>@x.nl', differs: true, difference: { member: '<script>alert(1)</script>', leader: 'tekst' } },
      { id: 'm-3', receivedAt: '2026-03-02T09:00:00.000Z', from: 'c@x.nl', differs: true },
    ];
    expect(page({ campaign: { count: 2, firstAt: '2026-03-01T09:00:00.000Z', lastAt: '2026-03-01T09:00:00.000Z', members: members.slice(0, 1), differing: 0 } })).toContain(
      '<details class="signals"><summary>Wie deze brief ook stuurden (1)</summary>',
    );
    const doc = page({ campaign: { count: 4, firstAt: '2026-03-01T09:00:00.000Z', lastAt: '2026-03-01T09:00:00.000Z', members, differing: 2 } });
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('&lt;b&gt;@x.nl');
    expect(doc).toContain('“&lt;script&gt;alert(1)&lt;/script&gt;” in plaats van “tekst”');
    // Beyond the listed ones the record keeps no difference: the page still says it differs.
    expect(doc).toContain('<li>c@x.nl, ontvangen maandag 2 maart 2026 om 10:00<span class="bad">Wijkt af van de tekst van deze brief. Deze brief gaat niet apart naar de raadsleden.</span></li>');
    expect(doc).not.toContain('meer</p>');
  });

  it('says which earlier letter this one is probably the same as, with its number, and leaves the decision to the griffier', () => {
    const earlier = { from: 'bestuur@dorpsbelang-heemstede.example', subject: 'Brief aan de raad: verkeersveiligheid Herenweg', receivedAt: '2026-03-02T08:00:00.000Z' };
    expect(page({ similarTo: { id: 'ses-1', because: 'same_attachment', earlier: { ...earlier, registerNumber: { year: 2026, sequence: 12, label: '12' } } } })).toContain(
      '<dt>Lijkt op</dt><dd class="bad">Deze brief lijkt op ingekomen stuk 12 (2026): “Brief aan de raad: verkeersveiligheid Herenweg” van bestuur@dorpsbelang-heemstede.example, ontvangen maandag 2 maart 2026 om 09:00. Een bijlage is precies dezelfde. Is het dezelfde brief, dan hoeft hij niet nog eens naar de raadsleden; u beslist.</dd>',
    );
    expect(page({ similarTo: { id: 'ses-1', because: 'same_text', earlier } })).toContain(
      'Deze brief lijkt op een eerder ontvangen brief: “Brief aan de raad: verkeersveiligheid Herenweg” van bestuur@dorpsbelang-heemstede.example, ontvangen maandag 2 maart 2026 om 09:00. Een alinea van de tekst is precies dezelfde.',
    );
    expect(page({ similarTo: { id: 'ses-1', because: 'same_message_id' } })).toContain(
      'Deze brief lijkt op een eerder ontvangen brief die tegelijk binnenkwam. Het bericht heeft hetzelfde kenmerk (Message-ID) van dezelfde afzender, maar een andere inhoud.',
    );
    expect(page()).not.toContain('Lijkt op');
  });

  it('says "twijfel" for a classification Raadspost is not sure of', () => {
    expect(page({ confidence: 0.42 })).toContain('brief van een organisatie (twijfel: Raadspost weet het niet zeker, kijk zelf goed)');
  });

  it('shows exactly what the raadsleden get: the complete text with quoted lines and paragraph breaks, the Reply-To, the subject', () => {
    // Prepare
    const long = `${'Dit is een lange alinea over de schoolroute. '.repeat(30)}`;
    const text = prepareLetterText(`Geachte raad,\n\n${long}\n\n> Op 1 maart schreef de griffie:\n> Log in op https://raad-heemstede.evil.example/login\n\nGroet`);
    // Act
    const doc = page({ text });
    // Assess
    expect(doc).toContain(`<div class="letter" tabindex="0" role="region" aria-labelledby="tekst"><span class="small">---------- Oorspronkelijk bericht ----------\nVan: Wijkvereniging Glip-Zuid &lt;secretariaat@glipzuid.example&gt;\nVerzonden: donderdag 26 februari 2026 om 09:14\nOnderwerp: Brief aan de raad: veilige schoolroutes in Glip-Zuid</span>\n\nGeachte raad,\n\n${long.trim()}\n\n&gt; Op 1 maart schreef de griffie:\n&gt; Log in op https://raad-heemstede.evil.example/login\n\nGroet</div>`);
    expect(doc).toContain('<dt>Antwoorden gaan naar</dt><dd>secretariaat@glipzuid.example</dd>');
    expect(doc).toContain('<dt>Onderwerp</dt><dd>[nummer]. Brief aan de raad: veilige schoolroutes in Glip-Zuid</dd>');
  });

  it('lists every link with its real host, and marks one whose text names another host', () => {
    // Prepare
    const text = prepareLetterText('Zie https://www.heemstede.nl [https://heemstede.login-portal.example/x] en www.glipzuid.nl/route');
    // Act
    const doc = page({ text });
    // Assess
    expect(doc).toContain('<h3>Links (3)</h3>');
    expect(doc).toContain('<span class="host">heemstede.login-portal.example</span><span class="url">https://heemstede.login-portal.example/x</span><span class="bad">Let op: de tekst bij deze link noemt www.heemstede.nl, maar de link gaat naar heemstede.login-portal.example.</span>');
    expect(doc).toContain('<span class="host">www.glipzuid.nl</span>');
  });

  it('names a link outside the text by its place, warns of a network path and counts links beyond the list', () => {
    // Prepare: 301 links to one site, a path to a share, and a link in the subject
    const many = Array.from({ length: 301 }, (_, i) => `https://www.glipzuid.nl/p/${i}`).join('\n');
    const prepared = prepareLetterText(`${many}\nOpen \\\\fileserver.evil.example\\stukken\\brief.docx`);
    const text = { ...prepared, links: [{ url: 'http://heemstede-raad.nl', host: 'heemstede-raad.nl', where: 'subject' as const }, ...prepared.links] };
    // Act
    const doc = page({ text });
    // Assess: 300 listed, the share among them (every host listed first), the rest counted
    expect(prepared.links).toHaveLength(300);
    expect(prepared.moreLinks).toBe(2);
    expect(doc).toContain('<h3>Links (303)</h3>');
    expect(doc).toContain('En nog 2 links naar websites die hierboven al staan.');
    expect(doc).toContain('<span class="host">heemstede-raad.nl</span> <span class="small">(in het onderwerp)</span>');
    expect(doc).toContain('<span class="host">fileserver.evil.example</span><span class="url">\\\\fileserver.evil.example\\stukken\\brief.docx</span><span class="bad">Let op: dit is een verwijzing naar een bestand op een andere computer. Open hem niet.</span>');
  });

  it('says the reading warnings in the griffier\'s words, without codes or the reader\'s English', () => {
    // Act
    const doc = page({
      warnings: [
        'PDF_UNREADABLE: PDF "foto.pdf" kon niet worden gelezen (de pdf is beschadigd of onleesbaar): Invalid PDF structure.',
        'Date header is not a valid date',
        'html could not be converted to text: HTML too long for parsing 9999999 bytes',
        'PDF "scan.pdf" bevat geen leesbare tekst (gescand of alleen afbeeldingen)',
      ],
    });
    // Assess
    expect(doc).toContain('PDF &quot;foto.pdf&quot; kon niet worden gelezen (de pdf is beschadigd of onleesbaar).');
    expect(doc).toContain('De verzenddatum in het bericht is ongeldig.');
    expect(doc).toContain('De opmaak van het bericht kon niet in gewone tekst worden omgezet');
    expect(doc).toContain('PDF &quot;scan.pdf&quot; bevat geen leesbare tekst');
    expect(doc).not.toMatch(/PDF_UNREADABLE|Invalid PDF|Date header|html could not/);
  });

  it('offers every forwarded attachment to open, and names the ones that stay home with why', () => {
    // Act
    const doc = page({
      attachments: [
        { index: 0, name: 'brief.pdf', contentType: 'application/pdf', typeLabel: 'pdf-document', size: 2048, forwarded: true, inline: false },
        { index: 1, name: 'factuur.pdf.lnk', contentType: 'application/octet-stream', size: 900, forwarded: false, reason: 'snelkoppeling die iets anders opent', inline: false },
        { index: 2, name: 'logo.png', contentType: 'image/png', size: 900, forwarded: false, reason: 'afbeelding in de opmaak van de e-mail', inline: true },
      ],
    });
    // Assess
    expect(doc).toContain('brief.pdf (pdf-document, 2 kB) <a class="open" href="/bijlage?t=tok.en-123&amp;n=0" download>Openen<span class="sr"> brief.pdf</span></a>');
    expect(doc).toContain('<h3>Bijlagen die niet meegaan (1)</h3>');
    expect(doc).toContain('factuur.pdf.lnk <span class="bad">Niet doorgestuurd: snelkoppeling die iets anders opent</span>');
    expect(doc).toContain('1 afbeelding uit de opmaak van de e-mail (zoals een logo) gaat niet mee.');
    expect(doc).not.toContain('bijlage?t=tok.en-123&amp;n=1');
  });

  it('shows the risks first, prominently, and says the Reply-To is withheld', () => {
    // Act
    const doc = page({
      risks: [
        { code: 'impersonation', text: 'De afzender noemt zich "Griffie Heemstede", maar schrijft van griffie.heemstede@gmail.com.' },
        { code: 'hidden_text', text: 'Het bericht bevat onzichtbare tekens.' },
      ],
      forwardReplyTo: { withheld: 'de afzender doet zich voor als de gemeente' },
    });
    // Assess
    expect(doc).toContain('<section class="alert risks" role="alert" aria-labelledby="letop">\n<h2 id="letop">Let op: 2 risico’s</h2>');
    expect(doc.indexOf('Let op: 2 risico’s')).toBeLessThan(doc.indexOf('Over deze brief'));
    expect(doc).toContain('<dt>Antwoorden gaan naar</dt><dd class="bad">de griffie (de afzender doet zich voor als de gemeente)</dd>');
  });

  it('marks where invisible characters were removed, and says which unsubscribe lines were taken out', () => {
    // Prepare
    const text = prepareLetterText('Betaal op NL\u200b91 ABNA\nAfmelden: https://list.example/u?id=7', { unsubscribeTargets: ['https://list.example/u?id=7'] });
    // Act
    const doc = page({ text });
    // Assess
    expect(doc).toContain('Betaal op NL<mark class="hidden-char">onzichtbaar teken</mark>91 ABNA</div>');
    expect(doc).toContain('de regel met een afmeldlink (“Afmelden: https://list.example/u?id=7”)');
  });

  it('has a post form with the hidden token, a note field and exactly the two buttons', () => {
    // Act
    const doc = page();

    // Assess
    expect(doc).toContain('<form class="card" method="post" action="/decide"');
    expect(doc).toContain('<input type="hidden" name="token" value="tok.en-123">');
    expect(doc).toMatch(/<textarea id="note" name="note" maxlength="2000"/);
    expect(buttonText(doc, 'approve')).toBe('Goedkeuren en doorsturen');
    expect(buttonText(doc, 'reject')).toBe('Afwijzen…');
    expect(doc.match(/<button /g)).toHaveLength(2);
  });

  it('escapes a hostile subject, display name, excerpt, attachment name and token', () => {
    // Act
    const doc = renderApprovalPage({
      handling: { options: parseHandlingOptions('ter kennisname; betrekken bij <agendapunt> …'), defaultIndex: 0 },
      summary: aLetterSummary({
        subject: '<script>alert(1)</script>',
        from: { name: '"><img src=x onerror=alert(2)>', address: 'boef@example.org' },
        excerpt: 'Hallo</p><script>alert(3)</script>\nTweede regel',
        attachments: [{ index: 0, name: '<svg onload=alert(4)>.pdf', contentType: 'application/pdf', size: 10, forwarded: true, inline: false }],
        text: prepareLetterText('<script>alert(7)</script> https://x.example/"><script>'),
        reasons: ["'onmouseover='alert(5)"],
      }),
      token: '"><script>alert(6)</script>',
      postUrl: '/decide?x="><script>',
      municipality: 'Heemstede',
    });

    // Assess
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/<img|<svg/i);
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &lt;boef@example.org&gt;');
    expect(doc).toContain('&#39;onmouseover=&#39;alert(5)');
    expect(doc).toContain('Hallo&lt;/p&gt;&lt;script&gt;alert(3)&lt;/script&gt;\nTweede regel');
  });

  it('shows the opening of a letter that is only in its PDF, without control characters', () => {
    const doc = page({ text: prepareLetterText('Zie bijlage.'), excerpt: 'Geachte raad,\r\n\r\n\r\n\r\nWij schrijven u\u0007 over\u202e fdp.exe' });
    expect(doc).toContain('<h3>Begin van de brief in de pdf</h3><p class="hint">De tekst zoals Raadspost die uit het bestand las.');
    expect(doc).toContain('<p class="excerpt">Geachte raad,\n\nWij schrijven u over fdp.exe</p>');
  });

  it('warns visibly when SPF, DKIM or DMARC failed', () => {
    // Act
    const doc = page({ verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'FAIL', dmarc: 'FAIL' }, failedAuthentication: ['DKIM', 'DMARC'] });

    // Assess
    expect(doc).toContain('<section class="alert risks" role="alert"');
    expect(doc).toContain('De afzender kon niet worden bevestigd: DKIM en DMARC zijn niet geslaagd.');
    expect(doc).toContain('DMARC MISLUKT');
  });

  it('warns when the display name looks like another address, and shows the real one', () => {
    // Act
    const doc = page({ from: { name: 'griffier@heemstede.nl', address: 'boef@example.org' }, displayNameLooksLikeOtherAddress: true });

    // Assess
    expect(doc).toContain('griffier@heemstede.nl &lt;boef@example.org&gt;');
    expect(doc).toContain('De naam van de afzender ziet eruit als een ander e-mailadres. Het echte adres is boef@example.org.');
  });

  it('shows a different reply-to address and the reader warnings', () => {
    const doc = page({ replyTo: [{ name: '', address: 'elders@example.org' }], warnings: ['PDF "x.pdf" bevat geen leesbare tekst'] });
    expect(doc).toContain('<dt>Antwoordadres in het bericht</dt><dd class="bad">elders@example.org</dd>');
    expect(doc).toContain('PDF &quot;x.pdf&quot; bevat geen leesbare tekst');
  });

  it('contains no script and no external resources', () => {
    const doc = page();
    expect(doc).not.toMatch(/<script|javascript:|<link|<img|https?:\/\//i);
  });
});

describe('SECURITY_HEADERS', () => {
  it('forbid scripts, framing, caching and referrers, and allow only the page style by its hash', () => {
    // Prepare
    const css = /<style>([\s\S]*?)<\/style>/.exec(page())?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');

    // Assess
    const csp = SECURITY_HEADERS['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe');
    expect(SECURITY_HEADERS).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(SECURITY_HEADERS['permissions-policy']).toContain('camera=()');
  });
});

describe('renderDecidedPage', () => {
  const at = '2026-02-26T09:40:00.000Z';
  const approved = { kind: 'approved' as const, by: 'griffier@heemstede.nl', at, note: 'Graag lezen vóór het debat.\n<b>Dank</b>' };
  const number = { year: 2026, sequence: 28, label: '28' };
  const decided = (overrides: Partial<Parameters<typeof renderDecidedPage>[0]> = {}) =>
    renderDecidedPage({ summary: aLetterSummary(), decision: approved, registerNumber: number, status: 'approved', justNow: true, municipality: 'Heemstede', token: 'tok', ...overrides });

  it('shows the number, who approved and when, the note, and that the forward is under way (refreshing itself)', () => {
    // Act
    const doc = decided();
    // Assess
    expect(doc).toContain('<p class="status busy" role="status">Goedgekeurd als ingekomen stuk nr. 28: wordt verstuurd naar de raadsleden</p>');
    expect(doc).toContain('<meta http-equiv="refresh" content="8; url=/?t=tok">');
    expect(doc).toContain('griffier@heemstede.nl');
    expect(doc).toContain('donderdag 26 februari 2026 om 10:40');
    expect(doc).toContain('Graag lezen vóór het debat.\n&lt;b&gt;Dank&lt;/b&gt;');
    expect(doc).not.toContain('<form');
    expect(doc).not.toMatch(/doorgestuurd als/i);
  });

  it('says "verstuurd" only once SES accepted the forward', () => {
    const doc = decided({ status: 'forwarded', justNow: false, forwarding: { at: '2026-02-26T09:41:00.000Z', attempts: 1, providerMessageIds: ['ses-1'], recipientCount: 19 } });
    expect(doc).toContain('Verstuurd als ingekomen stuk nr. 28 aan 19 raadsleden op donderdag 26 februari 2026 om 10:41');
    expect(doc).not.toContain('http-equiv="refresh"');
  });

  it('says when sending failed, whether Raadspost tries again, and when the forward could not be started', () => {
    const retry = decided({ status: 'forward_failed', forwarding: { at, attempts: 1, providerMessageIds: [], recipientCount: 19, failure: { code: 'FORWARD_CAP_REACHED', retryable: true, message: 'cap' } } });
    const stop = decided({ status: 'forward_failed', forwarding: { at, attempts: 1, providerMessageIds: [], recipientCount: 19, failure: { code: 'SEND_REJECTED', retryable: false, message: 'MessageRejected' } } });
    const notStarted = decided({ forwardNotStarted: true });
    expect(retry).toContain('maar versturen is mislukt: het maximum aantal doorzendingen per uur is bereikt. Raadspost probeert het binnen een uur opnieuw.');
    expect(stop).toContain('maar versturen is mislukt: de mailverzending van Amazon weigerde het bericht. Raadspost probeert het niet vanzelf opnieuw');
    expect(notStarted).toContain('Het versturen kon nog niet worden gestart; Raadspost probeert het binnen een uur opnieuw.');
    for (const doc of [retry, stop, notStarted]) expect(doc).toContain('class="status failed"');
  });

  it('says a decision was made before when the link is used again', () => {
    // Act
    const doc = decided({ decision: { kind: 'rejected', by: 'griffier@heemstede.nl', at, note: '' }, status: 'rejected', registerNumber: undefined, justNow: false });
    // Assess
    expect(doc).toContain('Over deze brief is al beslist');
    expect(doc).toContain('<p class="status rejected" role="status">Afgewezen: de brief wordt niet doorgestuurd</p>');
    expect(doc).not.toMatch(/<button|<form/);
  });

  it('names the afdoeningsvoorstel of an approval, and what a rejected message is instead', () => {
    const withHandling = decided({ decision: { ...approved, handling: 'betrekken bij agendapunt 5. Mobiliteitsvisie' } });
    expect(withHandling).toContain('<dt>Voorgestelde afhandeling</dt><dd>betrekken bij agendapunt 5. Mobiliteitsvisie</dd>');
    const corrected = decided({
      decision: { ...approved, kind: 'rejected' },
      correction: { kind: 'not_a_letter', at: approved.at, by: approved.by, category: 'newsletter', original: { category: 'citizen_letter', confidence: 0.6, reasons: [] } },
    });
    expect(corrected).toContain('<dt>Wat het is</dt><dd>geen brief voor de raad: nieuwsbrief</dd>');
  });
});

describe('the afdoeningsvoorstel on the approval page', () => {
  it('offers every option as a radio button, the default chosen, with a text field for each blank', () => {
    // Act
    const doc = page();

    // Assess
    const radios = [...doc.matchAll(/<input type="radio" id="handling-(\d)" name="handling" value="(\d)"( checked)?><label for="handling-\d">([^<]*)<\/label>/g)];
    expect(radios.map((m) => m[4])).toEqual([
      'ter kennisname',
      'ter afdoening in handen van het college stellen',
      'ter afdoening in handen van de griffie stellen',
      'betrekken bij agendapunt …',
      'agenderen voor de commissie …',
      'voor advies in handen van het college stellen',
    ]);
    expect(radios.filter((m) => m[3]).map((m) => m[2])).toEqual(['0']);
    expect(doc).toContain('<legend>Voorgestelde afhandeling (afdoeningsvoorstel)</legend>');
    expect(doc).toContain('<label for="handling-detail-3">Vul aan bij “betrekken bij agendapunt …”</label><input class="text" type="text" id="handling-detail-3" name="handling_detail_3" maxlength="120">');
    expect(doc).toContain('name="handling_detail_4"');
    expect(doc).not.toContain('name="handling_detail_0"');
  });
});

describe('renderRejectConfirmPage', () => {
  it('asks what it is: a letter that does not go out (chosen), or no letter and then what', () => {
    const doc = renderRejectConfirmPage({ summary: aLetterSummary(), token: 'tok', postUrl: '/', note: '', municipality: 'Heemstede' });
    const choices = [...doc.matchAll(/<input type="radio" id="as-[a-z_]+" name="rejected_as" value="([a-z_]+)"( checked)?><label[^>]*>([^<]*)</g)];
    expect(choices.map((m) => [m[1], m[3]])).toEqual([
      ['letter', 'Wel een brief voor de raad, maar hij gaat niet door (bijvoorbeeld anoniem of beledigend)'],
      ['newsletter', 'Geen brief voor de raad: nieuwsbrief'],
      ['invitation', 'Geen brief voor de raad: uitnodiging'],
      ['auto_reply', 'Geen brief voor de raad: automatisch bericht'],
      ['spam', 'Geen brief voor de raad: spam of phishing'],
      ['woo_request', 'Geen brief voor de raad: Woo-verzoek'],
      ['council_business', 'Geen brief voor de raad: raadszaken / eigen organisatie'],
    ]);
    expect(choices.filter((m) => m[2]).map((m) => m[1])).toEqual(['letter']);
  });

  it('asks once more, keeps the reason typed, and offers a way back without deciding', () => {
    const doc = renderRejectConfirmPage({ summary: aLetterSummary(), token: 'tok', postUrl: '/', note: 'Geen <brief>', municipality: 'Heemstede' });
    expect(doc).toContain('<h1>Deze brief afwijzen?</h1>');
    expect(doc).toContain('<input type="hidden" name="confirm" value="ja">');
    expect(doc).toContain('>Geen &lt;brief&gt;</textarea>');
    expect(buttonText(doc, 'reject')).toBe('Ja, afwijzen');
    expect(doc).toContain('<a class="back" href="/?t=tok">Nee, terug naar de brief</a>');
    expect(doc.match(/<button /g)).toHaveLength(1);
  });
});

describe('renderErrorPage', () => {
  it('renders a Dutch page without details', () => {
    // Act
    const doc = renderErrorPage(APPROVAL_ERRORS.invalidLink);

    // Assess
    expect(doc).toContain('<html lang="nl">');
    expect(doc).toContain('<h1>Deze link werkt niet</h1>');
    expect(doc).toContain('Er is niets besloten of doorgestuurd.');
  });

  it('escapes its title and message', () => {
    const doc = renderErrorPage({ status: 400, title: '<i>x</i>', message: '<script>' });
    expect(doc).not.toMatch(/<i>|<script/);
  });
});

describe('CATEGORY_LABELS', () => {
  it('names every category in Dutch', () => {
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual([...CATEGORIES].sort());
    expect(CATEGORY_LABELS.woo_request).toBe('Woo-verzoek');
  });
});

describe('formatDutchDateTime', () => {
  it('writes Dutch time in summer and winter', () => {
    expect(formatDutchDateTime('2026-07-01T22:05:00Z')).toBe('donderdag 2 juli 2026 om 00:05');
    expect(formatDutchDateTime('2026-01-05T07:30:00Z')).toBe('maandag 5 januari 2026 om 08:30');
    expect(formatDutchDateTime('geen datum')).toBe('onbekend moment');
  });
});
