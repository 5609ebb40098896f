import { describe, expect, it } from 'vitest';
import { renderApprovalMail } from '../../shared/web/approval-mail.js';
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
    expect(html).toContain('&lt;a href=&quot;https://evil.example&quot;&gt;Griffie&lt;/a&gt; &lt;boef@example.org&gt;');
  });

  it('warns in both versions when DMARC failed', () => {
    // Act
    const mail = renderApprovalMail(
      aLetterSummary({ verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' }, failedAuthentication: ['DMARC'] }),
      URL,
      'Heemstede',
    );

    // Assess
    expect(mail.text).toContain('LET OP\n- De afzender kon niet worden bevestigd: DMARC is mislukt.');
    expect(mail.html).toContain('De afzender kon niet worden bevestigd: DMARC is mislukt.');
    expect(mail.html).toContain('DMARC MISLUKT');
  });
});
