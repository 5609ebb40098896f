import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeSendDailyOverview, type SendDailyOverview } from '../application/daily-overview.js';
import type { OverviewConfig } from '../config.js';
import { cryptoRandom, type Clock, type LetterRepository } from '../ports.js';
import { renderOverviewMail } from '../web/overview-mail.js';
import { makeSesClient } from './aws-clients.js';
import { DynamoDbApprovalTokenStore } from './dynamodb-approval-store.js';
import { DynamoDbCheckpoint, OVERVIEW_CHECKPOINT_KEY } from './dynamodb-checkpoint.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/** The daily overview (the reconciler's daily run and `raadspost overzicht`). */
export const buildSendDailyOverview = (
  config: OverviewConfig,
  deps: { readonly db: DynamoDBDocumentClient; readonly letters: LetterRepository; readonly clock: Clock },
): SendDailyOverview =>
  makeSendDailyOverview({
    letters: deps.letters,
    tokens: new DynamoDbApprovalTokenStore(deps.db, config.lettersTable),
    random: cryptoRandom,
    checkpoint: new DynamoDbCheckpoint(deps.db, config.lettersTable, OVERVIEW_CHECKPOINT_KEY),
    composer: new NodemailerMessageComposer(),
    sender: new SesV2MailSender(makeSesClient(config), config.configurationSet),
    renderMail: renderOverviewMail,
    clock: deps.clock,
    settings: {
      from: config.approval.from,
      approvers: config.approval.approvers,
      municipality: config.municipality,
      registerBaseUrl: config.registerBaseUrl,
      tokenTtlDays: config.approval.tokenTtlDays,
    },
  });
