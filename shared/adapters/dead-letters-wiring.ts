import type { HandleDeadLetterDeps } from '../application/handle-dead-letter.js';
import { makeNotifyGriffie } from '../application/notify-griffie.js';
import type { DeadLettersConfig } from '../config.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeSesClient } from './aws-clients.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/** The dead-letter function's dependencies: the letters table, and mail to the approvers only (no mail parser). */
export const buildDeadLettersDeps = (config: DeadLettersConfig, clock: Clock = systemClock): HandleDeadLetterDeps => ({
  letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable),
  notify: makeNotifyGriffie({
    composer: new NodemailerMessageComposer(),
    sender: new SesV2MailSender(makeSesClient(config), config.configurationSet),
    clock,
    settings: { from: config.griffieAddress, to: config.approvers, municipality: config.municipality },
  }),
  clock,
  rawMailPrefix: config.rawMailPrefix,
});
