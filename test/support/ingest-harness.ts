/**
 * The ingest use case with the real reader (mailparser + isolated pdf.js) and the real classification rules, on
 * in-memory fakes: for tests that feed it hostile or spoofed messages.
 */
import { createMailReader } from '../../shared/adapters/mail-reader.js';
import { makeIngestMail, type IngestMail } from '../../shared/application/ingest-mail.js';
import { DEFAULT_READ_LIMITS } from '../../shared/application/read-mail.js';
import { makeRequestApproval } from '../../shared/application/request-approval.js';
import { classify } from '../../shared/domain/classify.js';
import { renderApprovalMail } from '../../shared/web/approval-mail.js';
import { InMemoryLetterRepository, InMemoryRawMailStore, RecordingComposer, RecordingMailSender, fixedClock, sequenceRandom } from './fakes.js';

export function realIngest(): { ingest: IngestMail; rawMail: InMemoryRawMailStore; letters: InMemoryLetterRepository } {
  const rawMail = new InMemoryRawMailStore();
  const letters = new InMemoryLetterRepository();
  const clock = fixedClock('2026-02-02T09:30:00.000Z');
  const ingest = makeIngestMail({
    rawMail,
    readMail: createMailReader(DEFAULT_READ_LIMITS),
    classify,
    letters,
    clock,
    ownDomains: ['heemstede.nl'],
    requestApproval: makeRequestApproval({
      letters,
      tokens: letters.tokens,
      random: sequenceRandom(),
      composer: new RecordingComposer(),
      sender: new RecordingMailSender(),
      renderMail: renderApprovalMail,
      clock,
      settings: { from: 'griffie@heemstede.nl', approvers: ['griffier@heemstede.nl'], baseUrl: 'https://approve.example/', tokenTtlDays: 14, municipality: 'Heemstede' },
    }),
  });
  return { ingest, rawMail, letters };
}
