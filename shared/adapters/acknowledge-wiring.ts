import type { AcknowledgeDeps } from '../application/acknowledge-letter.js';
import type { AcknowledgeConfig } from '../config.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeSesClient } from './aws-clients.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/** The acknowledgement function's dependencies (functions/acknowledge/index.ts, the CLI and the integration tests). */
export const buildAcknowledgeDeps = (config: AcknowledgeConfig, clock: Clock = systemClock): AcknowledgeDeps => ({
  letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable),
  composer: new NodemailerMessageComposer(),
  sender: new SesV2MailSender(makeSesClient(config), config.configurationSet),
  clock,
  settings: {
    griffieAddress: config.griffieAddress,
    municipality: config.municipality,
    ownDomains: config.ownDomains,
    template: config.template,
    defaultHandling: config.defaultHandling,
  },
});
