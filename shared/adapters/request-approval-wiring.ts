import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeRequestApproval, type RequestApproval } from '../application/request-approval.js';
import type { IngestConfig } from '../config.js';
import { cryptoRandom, type Clock, type LetterFileStore, type LetterRepository } from '../ports.js';
import { renderApprovalMail } from '../web/approval-mail.js';
import { makeSesClient } from './aws-clients.js';
import { DynamoDbApprovalTokenStore } from './dynamodb-approval-store.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/** The approval mail to the griffier (nodemailer + SES v2), shared by the ingest and reconcile wiring. */
export const buildRequestApproval = (
  config: Pick<IngestConfig, 'region' | 'endpoints' | 'lettersTable' | 'municipality' | 'approval' | 'configurationSet'>,
  deps: { readonly db: DynamoDBDocumentClient; readonly letters: LetterRepository; readonly clock: Clock; readonly files: LetterFileStore },
): RequestApproval =>
  makeRequestApproval({
    letters: deps.letters,
    files: deps.files,
    tokens: new DynamoDbApprovalTokenStore(deps.db, config.lettersTable),
    random: cryptoRandom,
    composer: new NodemailerMessageComposer(),
    sender: new SesV2MailSender(makeSesClient(config), config.configurationSet),
    renderMail: renderApprovalMail,
    clock: deps.clock,
    settings: { ...config.approval, municipality: config.municipality },
  });
