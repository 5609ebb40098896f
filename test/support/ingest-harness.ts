/**
 * The ingest use case with the real reader (mailparser + isolated pdf.js) and the real classification rules, on
 * in-memory fakes: for tests that feed it hostile or spoofed messages.
 */
import { createMailReader } from '../../shared/adapters/mail-reader.js';
import { makeIngestMail, type IngestMail } from '../../shared/application/ingest-mail.js';
import { DEFAULT_READ_LIMITS } from '../../shared/application/read-mail.js';
import { classify } from '../../shared/domain/classifier/index.js';
import type { TrustedForwarder } from '../../shared/domain/forwarded-authentication.js';
import { requestApprovalFor } from './approval-requester.js';
import type { Clock } from '../../shared/ports.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, InMemoryRawMailStore, RecordingMailSender, fixedClock } from './fakes.js';

export interface RealIngest {
  readonly ingest: IngestMail;
  readonly rawMail: InMemoryRawMailStore;
  readonly letters: InMemoryLetterRepository;
  readonly files: InMemoryLetterFileStore;
  /** Every approval mail sent. */
  readonly sender: RecordingMailSender;
}

export function realIngest(
  clock: Clock = fixedClock('2026-02-02T09:30:00.000Z'),
  options: { readonly trustedForwarders?: readonly TrustedForwarder[] } = {},
): RealIngest {
  const rawMail = new InMemoryRawMailStore();
  const files = new InMemoryLetterFileStore();
  const letters = new InMemoryLetterRepository();
  const sender = new RecordingMailSender();
  const ingest = makeIngestMail({
    rawMail,
    files,
    readMail: createMailReader(DEFAULT_READ_LIMITS),
    classify,
    letters,
    clock,
    ownDomains: ['heemstede.nl'],
    municipality: 'Heemstede',
    requestApproval: requestApprovalFor(letters, clock, sender, files),
    trustedForwarders: options.trustedForwarders ?? [],
  });
  return { ingest, rawMail, letters, files, sender };
}
