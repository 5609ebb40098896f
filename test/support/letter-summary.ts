import type { LetterSummary } from '../../shared/domain/approval.js';
import { originalHeadLines, previewSubject } from '../../shared/domain/forward.js';
import { prepareLetterText } from '../../shared/domain/letter-text.js';

/**
 * A LetterSummary of an ordinary letter from an association, with passing verdicts.
 * @example aLetterSummary({ subject: '<script>alert(1)</script>' })
 */
export const aLetterSummary = (overrides: Partial<LetterSummary> = {}): LetterSummary => {
  const summary = anOrdinarySummary(overrides);
  // As summarise builds it: from the (overridden) sender, risks and subject.
  return { ...summary, forwardHead: overrides.forwardHead ?? { subject: previewSubject(summary.subject), lines: originalHeadLines({ ...summary, sentAt: SENT_AT }) } };
};

const SENT_AT = '2026-02-26T08:14:00.000Z';

const anOrdinarySummary = (overrides: Partial<LetterSummary>): Omit<LetterSummary, 'forwardHead'> => ({
  id: 'msg-0001',
  from: { name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' },
  replyTo: [],
  organisation: 'Wijkvereniging Glip-Zuid',
  subject: 'Brief aan de raad: veilige schoolroutes in Glip-Zuid',
  receivedAt: '2026-02-26T08:15:00.000Z',
  category: 'advocacy_letter',
  confidence: 0.93,
  reasons: ['vraagt om verspreiding onder de raadsleden', 'afzender is een organisatie'],
  grounds: ['addressed_to_council', 'asks_distribution', 'on_behalf_of_members'],
  topics: ['verkeer', 'onderwijs'],
  verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  verdictSource: { kind: 'ses' },
  failedAuthentication: [],
  displayNameLooksLikeOtherAddress: false,
  excerpt: 'Geachte raadsleden,\nElke schooldag lopen en fietsen ruim vierhonderd kinderen door Glip-Zuid.',
  attachments: [
    { index: 0, name: 'Brief aan de gemeenteraad.pdf', contentType: 'application/pdf', typeLabel: 'pdf-document', size: 149_504, forwarded: true, inline: false },
  ],
  warnings: [],
  risks: [],
  text: prepareLetterText('Geachte raadsleden,\n\nElke schooldag lopen en fietsen ruim vierhonderd kinderen door Glip-Zuid.\n\nMet vriendelijke groet,\nWijkvereniging Glip-Zuid'),
  forwardReplyTo: { address: 'secretariaat@glipzuid.example' },
  copies: 0,
  ...overrides,
});
