import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfigFrom, type StageConfig } from '../../infra/config.js';
import { MailPipelineStack } from '../../infra/stacks/mail-pipeline-stack.js';
import { MailStorageStack } from '../../infra/stacks/mail-storage-stack.js';

const CONFIG: StageConfig = {
  municipality: 'Heemstede',
  recipients: ['griffie@heemstede.nl'],
  ownDomains: ['heemstede.nl'],
  rawMailPrefix: 'inbound/',
  region: 'eu-west-1',
};
const ENV = { account: '111111111111', region: 'eu-west-1' };

const synth = () => {
  // Skip esbuild in assertion tests (STYLE 6.9): bundling is covered by its own smoke test.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const storage = new MailStorageStack(app, 'Storage', { env: ENV });
  const pipeline = new MailPipelineStack(app, 'Pipeline', { env: ENV, config: CONFIG, rawMail: storage.rawMail, letters: storage.letters });
  return { storage: Template.fromStack(storage), pipeline: Template.fromStack(pipeline) };
};

describe('MailPipelineStack', () => {
  it('stores the mail in S3 before invoking the ingest function, with scanning and TLS on', () => {
    // Act
    const { pipeline } = synth();
    // Assess
    pipeline.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['griffie@heemstede.nl'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          Match.objectLike({ S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) }),
          Match.objectLike({ LambdaAction: Match.objectLike({ InvocationType: 'Event' }) }),
        ],
      }),
    });
  });

  it('runs the ingest function on nodejs22.x arm64 with the table and bucket in its environment', () => {
    const { pipeline } = synth();
    pipeline.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ RAW_MAIL_PREFIX: 'inbound/', OWN_DOMAINS: 'heemstede.nl', RAW_MAIL_BUCKET: Match.anyValue(), LETTERS_TABLE: Match.anyValue() }) },
    });
  });
});

describe('MailStorageStack', () => {
  it('keeps raw mail private, encrypted, versioned and retained', () => {
    const { storage } = synth();
    storage.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
    });
    storage.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('keeps the letters table with point-in-time recovery and the pk/sk key scheme', () => {
    const { storage } = synth();
    storage.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    });
  });
});

describe('stageConfigFrom', () => {
  it('reads comma-separated lists given with -c', () => {
    const context: Record<string, unknown> = { 'raadspost:municipality': 'Heemstede', 'raadspost:recipients': 'a@heemstede.nl, b@heemstede.nl', 'raadspost:ownDomains': '["heemstede.nl"]', 'raadspost:rawMailPrefix': 'inbound/', 'raadspost:region': 'eu-west-1' };
    expect(stageConfigFrom((k) => context[k]).recipients).toEqual(['a@heemstede.nl', 'b@heemstede.nl']);
  });

  it('fails the synth with a clear message for a region where SES does not receive mail', () => {
    const context: Record<string, unknown> = { 'raadspost:municipality': 'Heemstede', 'raadspost:recipients': ['griffie@heemstede.nl'], 'raadspost:ownDomains': ['heemstede.nl'], 'raadspost:rawMailPrefix': 'inbound/', 'raadspost:region': 'us-east-2' };
    expect(() => stageConfigFrom((k) => context[k])).toThrow(/invalid raadspost context[\s\S]*SES receives mail/);
  });

  it('fails the synth for a recipient that is not an address', () => {
    const context: Record<string, unknown> = { 'raadspost:municipality': 'X', 'raadspost:recipients': ['griffie'], 'raadspost:ownDomains': ['x.nl'], 'raadspost:rawMailPrefix': 'inbound/', 'raadspost:region': 'eu-west-1' };
    expect(() => stageConfigFrom((k) => context[k])).toThrow(/recipients/);
  });
});
