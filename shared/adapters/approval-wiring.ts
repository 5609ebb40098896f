import type { ApproveLetterDeps } from '../application/approve-letter.js';
import { makeAssignRegisterNumber } from '../application/assign-register-number.js';
import type { ApprovalConfig } from '../config.js';
import { systemClock } from '../ports.js';
import { makeDocumentClient, makeLambdaClient } from './aws-clients.js';
import { DynamoDbApprovalTokenStore, DynamoDbRegisterCounter } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { LambdaForwardTrigger } from './lambda-forward-trigger.js';

/** The approval page's dependencies (functions/approval/index.ts and the integration tests). */
export const buildApprovalDeps = (
  config: ApprovalConfig,
  overrides: Partial<Pick<ApproveLetterDeps, 'forward' | 'clock' | 'onWarning'>> = {},
): ApproveLetterDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  return {
    letters,
    tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable),
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter: new DynamoDbRegisterCounter(db, config.lettersTable), scheme: config.registerScheme }),
    forward: overrides.forward ?? new LambdaForwardTrigger(makeLambdaClient(config), config.forwardFunctionName),
    clock: overrides.clock ?? systemClock,
    ...(overrides.onWarning && { onWarning: overrides.onWarning }),
  };
};
