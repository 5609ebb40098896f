import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface MailStorageStackProps extends StackProps {
  /** Days a raw message is kept. @default 730 */
  readonly retentionDays?: number;
}

/**
 * Stateful: the raw mail SES stores and the letters table. Construct IDs here are never renamed:
 * a new ID would replace the bucket or table and lose mail.
 */
export class MailStorageStack extends Stack {
  readonly rawMail: Bucket;
  readonly letters: TableV2;

  constructor(scope: Construct, id: string, props: MailStorageStackProps = {}) {
    super(scope, id, { ...props, terminationProtection: true });
    this.rawMail = new Bucket(this, 'RawMailBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 730), noncurrentVersionExpiration: Duration.days(30) }],
    });
    // Key scheme: see shared/adapters/dynamodb-letter-repository.ts.
    this.letters = new TableV2(this, 'LettersTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
