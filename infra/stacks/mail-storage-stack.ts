import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { LETTERS_INDEXES, LETTERS_TABLE_KEY, projectedNonKeyAttributes } from '../../shared/adapters/dynamodb-letter-repository.js';
import { RETENTION_KINDS, RETENTION_TAG, retentionDays } from '../../shared/domain/retention.js';
import { resourceNames, retentionPolicy, type StageConfig } from '../config.js';

const ATTRIBUTE_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

export interface MailStorageStackProps extends StackProps {
  readonly config: Pick<StageConfig, 'stage' | 'retentionRecordDays' | 'retentionShortDays' | 'retentionQuarantineDays'>;
}

/**
 * Stateful: the raw mail SES stores, its key, and the letters table. Construct IDs here are never renamed:
 * a new ID would replace the bucket or table and lose mail. Everything is retained when the stack is deleted.
 */
export class MailStorageStack extends Stack {
  readonly rawMail: Bucket;
  /** Customer managed key of the raw-mail bucket (SSE-KMS). */
  readonly rawMailKey: Key;
  readonly letters: TableV2;
  /** ARN of the one receipt rule allowed to write raw mail. */
  readonly receiptRuleArn: string;
  /** Name of the export holding the raw-mail bucket ARN (stable, so policies and their cdk-nag reviews can name it). */
  readonly rawMailArnExportName: string;

  constructor(scope: Construct, id: string, props: MailStorageStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { config } = props;
    const names = resourceNames(config.stage);
    const retention = retentionPolicy(config);

    this.receiptRuleArn = this.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${names.receiptRuleSet}:receipt-rule/${names.receiptRule}`,
    });

    this.rawMailKey = new Key(this, 'RawMailKey', {
      description: 'Raadspost: encrypts the raw mail SES stores (S3 SSE-KMS)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES writes with a plain PutObject; S3 then encrypts with the bucket's default key on SES's behalf, so SES needs
    // the key (kms:Decrypt only for multipart uploads of large messages). Only for writes on behalf of this account.
    // NB: we deliberately do NOT give the S3 receipt action a `kmsKey`: that makes SES encrypt client-side with the
    // S3 Encryption Client (Java/Ruby only), and our Node functions could not read the mail with GetObject.
    this.rawMailKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToEncryptRawMailViaS3',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'], // in a key policy "*" means this key
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const accessLogs = new Bucket(this, 'RawMailAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, // S3 server access logging cannot write to an SSE-KMS bucket
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Who read a record is kept as long as the record.
      lifecycleRules: [{ expiration: Duration.days(retention.recordDays) }],
    });
    // cdk-nag does not require access logs on a bucket that is itself an access-log target (AwsSolutions-S1).

    this.rawMail = new Bucket(this, 'RawMailBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.rawMailKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'raw-mail/',
      // Raw mail and its attachment copies (files/) expire by their retention tag (shared/domain/retention.ts): one rule
      // per expiring kind, each matching only its own tag value, so no two expirations ever cover the same object (S3
      // would apply the shorter). Untagged and `pending` objects (not yet handled) match no expiring rule and are kept.
      lifecycleRules: [
        ...RETENTION_KINDS.flatMap((kind) => {
          const days = retentionDays(kind, retention);
          return days === undefined
            ? []
            : [{ id: `retention-${kind}`, tagFilters: { [RETENTION_TAG]: kind }, expiration: Duration.days(days) }];
        }),
        // Versions replaced when a letter's retention restarted (or overwritten) go after 30 days; no current version expires here.
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(30), expiredObjectDeleteMarker: true, abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    // The SES S3 action adds "Allow ses.amazonaws.com s3:PutObject if aws:SourceAccount is ours". Any receipt rule of
    // this account would match that; this deny narrows it to our one rule (confused-deputy protection).
    this.rawMail.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenySesWritesFromOtherReceiptRules',
        effect: Effect.DENY,
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.rawMail.arnForObjects('*')],
        conditions: { StringNotLike: { 'aws:SourceArn': this.receiptRuleArn } },
      }),
    );
    this.rawMailArnExportName = `${this.stackName}-RawMailBucketArn`;
    this.exportValue(this.rawMail.bucketArn, { name: this.rawMailArnExportName });

    // Key scheme: see shared/adapters/dynamodb-letter-repository.ts.
    this.letters = new TableV2(this, 'LettersTable', {
      partitionKey: { name: LETTERS_TABLE_KEY.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: LETTERS_TABLE_KEY.sortKey.name, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Letters by status for the reconciler (a Query, not a Scan), by register number for the lijst, by campaign for the
      // acknowledgements: declared once with the key scheme. Adding an index is an online update that keeps the table;
      // CloudFormation adds one index per deployment.
      globalSecondaryIndexes: LETTERS_INDEXES.map((index) => {
        const nonKeyAttributes = projectedNonKeyAttributes(index);
        return {
          indexName: index.name,
          partitionKey: { name: index.partitionKey.name, type: ATTRIBUTE_TYPES[index.partitionKey.type] },
          sortKey: { name: index.sortKey.name, type: ATTRIBUTE_TYPES[index.sortKey.type] },
          ...(nonKeyAttributes ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...nonKeyAttributes] } : { projectionType: ProjectionType.ALL }),
        };
      }),
      timeToLiveAttribute: 'expiresAt', // TOKEN# items expire, and letters with their acknowledgements when kept no longer
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
