import type { LetterSummary } from '../../shared/domain/approval.js';

/**
 * A LetterSummary of an ordinary letter from an association, with passing verdicts.
 * @example aLetterSummary({ subject: '<script>alert(1)</script>' })
 */
export const aLetterSummary = (overrides: Partial<LetterSummary> = {}): LetterSummary => ({
  id: 'msg-0001',
  from: { name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' },
  replyTo: [],
  organisation: 'Wijkvereniging Glip-Zuid',
  subject: 'Brief aan de raad: veilige schoolroutes in Glip-Zuid',
  receivedAt: '2026-02-26T08:15:00.000Z',
  category: 'advocacy_letter',
  confidence: 0.93,
  reasons: ['vraagt om verspreiding onder de raadsleden', 'afzender is een organisatie'],
  topics: ['verkeer', 'onderwijs'],
  verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  failedAuthentication: [],
  displayNameLooksLikeOtherAddress: false,
  excerpt: 'Geachte raadsleden,\nElke schooldag lopen en fietsen ruim vierhonderd kinderen door Glip-Zuid.',
  attachments: [{ filename: 'Brief aan de gemeenteraad.pdf', contentType: 'application/pdf', size: 149_504 }],
  warnings: [],
  ...overrides,
});
