import { describe, expect, it } from 'vitest';
import { renderApprovalMail } from '../../shared/web/approval-mail.js';
import { prepareLetterText } from '../../shared/domain/letter-text.js';
import { aLetterSummary } from '../support/letter-summary.js';

const URL = 'https://abc.lambda-url.eu-west-1.on.aws/?t=tok.en&x=1';

describe('renderApprovalMail', () => {
  it('has a one-line Dutch subject with the letter subject', () => {
    // Act
    const mail = renderApprovalMail(aLetterSummary({ subject: 'Brief\r\nBcc: boef@example.org\u0000 over wonen' }), URL, 'Heemstede');

    // Assess
    expect(mail.subject).toBe('Nieuwe brief voor de raad: Brief Bcc: boef@example.org over wonen');
    expect(mail.subject).not.toMatch(/[\u0000-\u001f]/);
  });

  it('cuts a very long subject', () => {
    const mail = renderApprovalMail(aLetterSummary({ subject: 'x'.repeat(1000) }), URL, 'Heemstede');
    expect(Array.from(mail.subject).length).toBeLessThanOrEqual(180);
    expect(mail.subject.endsWith('…')).toBe(true);
  });

  it('summarises the letter in the text version, with the link once and that opening it decides nothing', () => {
    // Act
    const { text } = renderApprovalMail(aLetterSummary(), URL, 'Heemstede');

    // Assess
    expect(text).toContain('gemeenteraad van Heemstede');
    expect(text).toContain('Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>');
    expect(text).toContain('donderdag 26 februari 2026 om 09:15');
    expect(text).toContain('brief van een organisatie');
    expect(text).toContain('Brief aan de gemeenteraad.pdf (pdf-document, 146 kB)');
    expect(text).toContain('  Geachte raadsleden,\n  Elke schooldag');
    expect(text).toContain(`Bekijk en beslis:\n${URL}\n`);
    expect(text.split(URL)).toHaveLength(2);
    expect(text).toContain('Het openen van de link beslist nog niets');
  });

  it('says that a message the griffie put before the council was filed by Raadspost, not that it seemed meant for the council', () => {
    // Prepare
    const correction = { kind: 'submitted_to_council', at: '2026-02-27T08:00:00.000Z', by: 'griffier@heemstede.nl', category: 'advocacy_letter', original: { category: 'newsletter', confidence: 0.97, reasons: [] } } as const;

    // Act
    const { text, html } = renderApprovalMail(aLetterSummary({ correction }), URL, 'Heemstede');

    // Assess
    for (const body of [text, html]) {
      expect(body).toContain('Een bericht dat Raadspost had opgeborgen, is vanuit het dagelijkse overzicht voorgelegd als brief voor de gemeenteraad van Heemstede.');
      expect(body).not.toContain('bedoeld lijkt');
    }
  });

  it('says when the opening lines are the text Raadspost read from the PDF, not the mail', () => {
    // Prepare: the mail says only "zie bijlage"; the excerpt is the PDF's text
    const summary = aLetterSummary({ text: prepareLetterText('Zie bijlage.'), excerpt: 'Geachte leden van de raad, wij schrijven u over de speeltuin.' });
    // Act
    const { text, html } = renderApprovalMail(summary, URL, 'Heemstede');
    // Assess
    expect(text).toContain('Begin van de brief in de pdf (de tekst zoals Raadspost die uit het bestand las):\n  Geachte leden');
    expect(html).toContain('>Begin van de brief in de pdf (de tekst zoals Raadspost die uit het bestand las)</p>');
    expect(renderApprovalMail(aLetterSummary(), URL, 'Heemstede').text).toContain('Begin van de brief:\n');
  });

  it('has exactly one link in the HTML version, to the approval page', () => {
    // Act
    const { html } = renderApprovalMail(aLetterSummary(), URL, 'Heemstede');

    // Assess
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain(`<a href="https://abc.lambda-url.eu-west-1.on.aws/?t=tok.en&amp;x=1"`);
    expect(html).toContain('>Bekijk en beslis</a>');
    expect(html).toContain('<html lang="nl">');
  });

  it('escapes a hostile subject, display name and excerpt in the HTML version', () => {
    // Act
    const { html } = renderApprovalMail(
      aLetterSummary({
        subject: '<script>alert(1)</script>',
        from: { name: '<a href="https://evil.example">Griffie</a>', address: 'boef@example.org' },
        excerpt: '<img src=x onerror=alert(1)>\n<a href=https://evil.example>klik</a>',
      }),
      URL,
      'Heemstede',
    );

    // Assess
    expect(html).not.toMatch(/<script|<img/i);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;a href=&quot;[link naar evil[.]example]&quot;&gt;Griffie&lt;/a&gt; &lt;boef@example.org&gt;');
  });

  it('makes nothing from the letter clickable: links and bare domains are written out as text', () => {
    // Act
    const { text, html } = renderApprovalMail(
      aLetterSummary({
        subject: 'Inloggen op www.heemstede-login.example.com',
        excerpt: 'Geachte raad,\n> Log in op https://raad-heemstede.evil.example/login of kijk op heemstede.nl.',
      }),
      URL,
      'Heemstede',
    );
    // Assess
    for (const version of [text, html]) {
      expect(version).toContain('Log in op [link naar raad-heemstede[.]evil[.]example] of kijk op [link naar heemstede[.]nl].');
      expect(version).toContain('Inloggen op [link naar www[.]heemstede-login[.]example[.]com]');
      expect(version).not.toContain('https://raad-heemstede');
    }
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it('says in one line what the page holds, marks doubt and risks in the subject, and names the attached PDF', () => {
    // Act
    const mail = renderApprovalMail(
      aLetterSummary({ confidence: 0.4, risks: [{ code: 'lookalike_domain', text: 'De afzender gebruikt heemstede-gemeente.nl' }] }),
      URL,
      'Heemstede',
      ['Brief aan de gemeenteraad.pdf'],
    );
    // Assess
    expect(mail.subject).toBe('Nieuwe brief voor de raad (twijfel) – let op: 1 risico: Brief aan de raad: veilige schoolroutes in Glip-Zuid');
    expect(mail.text).toContain('Op de pagina staan de volledige tekst die de raadsleden krijgen, geen links en 1 bijlage om te openen.');
    expect(mail.text).toContain('De brief zit als pdf bij deze e-mail: Brief aan de gemeenteraad.pdf.');
    expect(mail.text).toContain('LET OP: één risico\n- De afzender gebruikt heemstede-gemeente[.]nl');
    expect(mail.text).toContain('Kenmerk Raadspost: msg-0001');
  });

  it('says in both versions which earlier letter this one is probably the same as', () => {
    const similarTo = { id: 'ses-1', because: 'same_attachment' as const, earlier: { from: 'bestuur@dorpsbelang.example', subject: 'Herenweg', receivedAt: '2026-03-02T08:00:00.000Z' } };
    const { text, html } = renderApprovalMail(aLetterSummary({ similarTo }), URL, 'Heemstede');
    expect(text).toContain('Deze brief lijkt op een eerder ontvangen brief: “Herenweg” van bestuur@dorpsbelang.example');
    expect(html).toContain('Lijkt op');
    expect(html).toContain('Een bijlage is precies dezelfde.');
  });

  it('warns in both versions when DMARC failed', () => {
    // Act
    const mail = renderApprovalMail(
      aLetterSummary({ verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' }, failedAuthentication: ['DMARC'] }),
      URL,
      'Heemstede',
    );

    // Assess
    expect(mail.text).toContain('LET OP: één risico\n- De afzender kon niet worden bevestigd: DMARC is niet geslaagd.');
    expect(mail.html).toContain('De afzender kon niet worden bevestigd: DMARC is niet geslaagd.');
    expect(mail.html).toContain('DMARC MISLUKT');
  });
});
