import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/domain/category.js';
import {
  APPROVAL_ERRORS,
  CATEGORY_LABELS,
  renderApprovalPage,
  renderDecidedPage,
  renderErrorPage,
  SECURITY_HEADERS,
} from '../../shared/web/approval-page.js';
import { formatDutchDateTime } from '../../shared/web/letter-view.js';
import { aLetterSummary } from '../support/letter-summary.js';

const page = (overrides: Parameters<typeof aLetterSummary>[0] = {}) =>
  renderApprovalPage({ summary: aLetterSummary(overrides), token: 'tok.en-123', postUrl: '/decide', municipality: 'Heemstede' });

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
    expect(doc).toContain('brief van een organisatie (zekerheid 93%)');
    expect(doc).toContain('<li>vraagt om verspreiding onder de raadsleden</li>');
    expect(doc).toContain('verkeer en onderwijs');
    expect(doc).toContain('Brief aan de gemeenteraad.pdf (pdf-document, 146 kB)');
    expect(doc).toContain('SPF in orde · DKIM in orde · DMARC in orde · geen spam · geen virus');
    expect(doc).not.toContain('Let op');
  });

  it('has a post form with the hidden token, a note field and exactly the two buttons', () => {
    // Act
    const doc = page();

    // Assess
    expect(doc).toContain('<form class="card" method="post" action="/decide"');
    expect(doc).toContain('<input type="hidden" name="token" value="tok.en-123">');
    expect(doc).toMatch(/<textarea id="note" name="note" maxlength="2000"/);
    expect(buttonText(doc, 'approve')).toBe('Goedkeuren en doorsturen');
    expect(buttonText(doc, 'reject')).toBe('Afwijzen');
    expect(doc.match(/<button /g)).toHaveLength(2);
  });

  it('escapes a hostile subject, display name, excerpt, attachment name and token', () => {
    // Act
    const doc = renderApprovalPage({
      summary: aLetterSummary({
        subject: '<script>alert(1)</script>',
        from: { name: '"><img src=x onerror=alert(2)>', address: 'boef@example.org' },
        excerpt: 'Hallo</p><script>alert(3)</script>\nTweede regel',
        attachments: [{ filename: '<svg onload=alert(4)>.pdf', contentType: 'application/pdf', size: 10 }],
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

  it('keeps the line breaks of the opening lines, without control characters', () => {
    const doc = page({ excerpt: 'Geachte raad,\r\n\r\n\r\n\r\nWij schrijven u\u0007 over\u202e fdp.exe' });
    expect(doc).toContain('<p class="excerpt">Geachte raad,\n\nWij schrijven u over fdp.exe</p>');
  });

  it('warns visibly when SPF, DKIM or DMARC failed', () => {
    // Act
    const doc = page({ verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'FAIL', dmarc: 'FAIL' }, failedAuthentication: ['DKIM', 'DMARC'] });

    // Assess
    expect(doc).toContain('<section class="alert" role="alert"');
    expect(doc).toContain('De afzender kon niet worden bevestigd: DKIM en DMARC zijn mislukt.');
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
    expect(doc).toContain('<dt>Antwoorden gaan naar</dt><dd>elders@example.org</dd>');
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
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(SECURITY_HEADERS['permissions-policy']).toContain('camera=()');
  });
});

describe('renderDecidedPage', () => {
  const at = '2026-02-26T09:40:00.000Z';

  it('shows the register number, who approved and when, and the note', () => {
    // Act
    const doc = renderDecidedPage({
      summary: aLetterSummary(),
      decision: { kind: 'approved', by: 'griffier@heemstede.nl', at, note: 'Graag lezen vóór het debat.\n<b>Dank</b>' },
      registerNumber: { year: 2026, sequence: 28, label: '28' },
      justNow: true,
      municipality: 'Heemstede',
    });

    // Assess
    expect(doc).toContain('Goedgekeurd en doorgestuurd als ingekomen stuk nr. 28');
    expect(doc).toContain('griffier@heemstede.nl');
    expect(doc).toContain('donderdag 26 februari 2026 om 10:40');
    expect(doc).toContain('Graag lezen vóór het debat.\n&lt;b&gt;Dank&lt;/b&gt;');
    expect(doc).not.toContain('<form');
  });

  it('says a decision was made before when the link is used again', () => {
    // Act
    const doc = renderDecidedPage({
      summary: aLetterSummary(),
      decision: { kind: 'rejected', by: 'griffier@heemstede.nl', at, note: '' },
      justNow: false,
      municipality: 'Heemstede',
    });

    // Assess
    expect(doc).toContain('Over deze brief is al beslist');
    expect(doc).toContain('<p class="status rejected" role="status">Afgewezen</p>');
    expect(doc).not.toMatch(/<button|<form/);
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
