import { makeDocumentClient } from '../../shared/adapters/aws-clients.js';
import { DynamoDbApprovalTokenStore } from '../../shared/adapters/dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { letterRepositoryContract } from '../support/letter-repository-contract.js';
import { provisionTestResources } from '../support/resources.js';

// The same suite as test/unit/letter-repository-contract.test.ts, against DynamoDB (dynalite) through the real adapter.
letterRepositoryContract('DynamoDB adapter on dynalite', async () => {
  const config = await provisionTestResources('contract');
  const db = makeDocumentClient(config);
  return { letters: new DynamoDbLetterRepository(db, config.lettersTable), tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable) };
});
