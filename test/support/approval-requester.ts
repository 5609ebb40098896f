import { makeRequestApproval, type RequestApproval } from '../../shared/application/request-approval.js';
import type { Clock, MailSender } from '../../shared/ports.js';
import { renderApprovalMail } from '../../shared/web/approval-mail.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, RecordingComposer, RecordingMailSender, sequenceRandom } from './fakes.js';

/**
 * The approval step of ingest for the Heemstede test setting: real use case, recording composer and sender.
 * @example makeIngestMail({ ..., requestApproval: requestApprovalFor(letters, clock) })
 */
export function requestApprovalFor(
  letters: InMemoryLetterRepository,
  clock: Clock,
  sender: MailSender = new RecordingMailSender(),
  files: InMemoryLetterFileStore = new InMemoryLetterFileStore(),
): RequestApproval {
  return makeRequestApproval({
    letters,
    files,
    tokens: letters.tokens,
    random: sequenceRandom(),
    composer: new RecordingComposer(),
    sender,
    renderMail: renderApprovalMail,
    clock,
    settings: { from: 'griffie@heemstede.nl', approvers: ['griffier@heemstede.nl'], baseUrl: 'https://approve.example/', tokenTtlDays: 14, municipality: 'Heemstede' },
  });
}
