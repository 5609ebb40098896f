import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  CloudWatchDimensionSource,
  ConfigurationSet,
  ConfigurationSetEventDestination,
  ConfigurationSetTlsPolicy,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LETTERS_BY_STATUS_INDEX } from '../../shared/adapters/dynamodb-letter-repository.js';
import { ENV } from '../../shared/config.js';
import { LETTER_FILES_PREFIX } from '../../shared/domain/letter.js';
import { CONFIGURATION_SET_NAME, RECEIPT_RULE_NAME, RECEIPT_RULE_SET_NAME, type StageConfig } from '../config.js';
import { ActiveReceiptRuleSet } from '../constructs/active-receipt-rule-set.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';

export interface MailPipelineStackProps extends StackProps {
  readonly config: StageConfig;
  /** The bucket SES stores raw mail in (MailStorageStack). */
  readonly rawMail: IBucket;
  /** Export name of the raw-mail bucket's ARN (MailStorageStack.rawMailArnExportName). */
  readonly rawMailArnExportName: string;
  /** The raw-mail bucket's KMS key: readers need kms:Decrypt through S3. */
  readonly rawMailKey: IKey;
  readonly letters: ITableV2;
}

/**
 * DynamoDB actions per function, on the letters table only (items LETTER#, TOKEN#, COUNTER#), from what the adapters
 * call (shared/adapters/dynamodb-*.ts). TransactWriteItems is authorised per item, so `decide` (two Updates) needs only
 * UpdateItem. Ingest creates letters and TOKEN# items (Put) and claims the approval request (Update); approval reads
 * tokens and letters, decides and counts register numbers (Update); forward claims and records the forward (Update).
 */
const TABLE_ACTIONS = {
  ingest: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  approval: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  forward: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // Dead letters: read the letter, create a quarantined record (Put), mark forward_failed (Update).
  deadLetters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Reconcile: Get per raw object and of its checkpoint (Update), the approval mail's TOKEN# items (Put) and claim
  // (Update); letters by status are a Query on the status index (granted on the index apart).
  reconcile: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const;

const ASYNC_RETRY_ATTEMPTS = 2;


/**
 * Stateless: the three functions and their roles, the SES receipt rule that feeds ingest, the approval Function URL,
 * the sending identity and configuration set, failure queues and alarms. Safe to destroy and redeploy: the mail and
 * the letters live in MailStorageStack.
 */
export class MailPipelineStack extends Stack {
  readonly ingestMail: PipelineFunction;
  readonly approval: PipelineFunction;
  readonly forwardLetter: PipelineFunction;
  readonly deadLetters: PipelineFunction;
  readonly reconcile: PipelineFunction;
  readonly receiptRuleSet: ReceiptRuleSet;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MailPipelineStackProps) {
    super(scope, id, props);
    const { config, rawMail, rawMailKey, letters } = props;
    const receiptRuleArn = this.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
    });

    // ---- Sending: one domain identity (Easy DKIM) whose default configuration set records bounces and complaints.
    const configurationSet = new ConfigurationSet(this, 'SendingConfigurationSet', {
      configurationSetName: CONFIGURATION_SET_NAME,
      reputationMetrics: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE, // letters are personal data: never deliver them in clear text
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    new ConfigurationSetEventDestination(this, 'SendingEvents', {
      configurationSet,
      destination: EventDestination.cloudWatchDimensions([
        { name: 'ConfigurationSet', source: CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: CONFIGURATION_SET_NAME },
      ]),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY],
    });
    const identity = new EmailIdentity(this, 'SendingIdentity', {
      identity: Identity.domain(config.sendingDomain),
      configurationSet, // the identity's default set: every message from this domain is recorded, whatever the code sends
      dkimSigning: true,
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `CNAME record ${i + 1} of 3 for Easy DKIM of ${config.sendingDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    const configurationSetArn = this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: CONFIGURATION_SET_NAME });

    // ---- Functions: one role each (PipelineFunction), permissions below, next to what they are for.
    this.forwardLetter = new PipelineFunction(this, 'ForwardLetter', {
      name: 'forward-letter',
      environment: {
        [ENV.rawMailBucket]: rawMail.bucketName,
        [ENV.rawMailPrefix]: config.rawMailPrefix,
        [ENV.lettersTable]: letters.tableName,
        [ENV.municipality]: config.municipality,
        [ENV.griffieAddress]: config.griffieAddress,
        [ENV.councilList]: config.councilList.join(','),
        [ENV.registerScheme]: config.registerScheme,
      },
    });
    this.approval = new PipelineFunction(this, 'Approval', {
      name: 'approval',
      timeout: Duration.seconds(15), // a web page: fail fast
      memorySize: 512,
      environment: {
        [ENV.lettersTable]: letters.tableName,
        [ENV.municipality]: config.municipality,
        [ENV.registerScheme]: config.registerScheme,
        [ENV.forwardFunctionName]: this.forwardLetter.functionName,
        [ENV.rawMailBucket]: rawMail.bucketName,
        [ENV.griffieAddress]: config.griffieAddress,
      },
    });
    // The approval page: the one-time token in the link is the authorisation (no AWS credentials in a mail client).
    const approvalUrl = this.approval.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    // What reading mail and asking for approval needs: ingest's environment, and the base of the reconciler's.
    const ingestEnvironment = {
      [ENV.rawMailBucket]: rawMail.bucketName,
      [ENV.rawMailPrefix]: config.rawMailPrefix,
      [ENV.lettersTable]: letters.tableName,
      [ENV.ownDomains]: config.ownDomains.join(','),
      [ENV.municipality]: config.municipality,
      [ENV.griffieAddress]: config.griffieAddress,
      [ENV.approvers]: config.approvers.join(','),
      [ENV.approvalBaseUrl]: approvalUrl.url,
      [ENV.tokenTtlDays]: String(config.tokenTtlDays),
    };
    this.ingestMail = new PipelineFunction(this, 'IngestMail', { name: 'ingest-mail', environment: ingestEnvironment });

    // Ingest: reads raw mail, writes letters and TOKEN# items, mails the approvers (and nobody else).
    const rawMailRead = { exportName: props.rawMailArnExportName, key: rawMailKey, prefix: config.rawMailPrefix };
    // Copies of the attachments that may be forwarded (files/<letter id>/<n>): written by ingest, read by the approval
    // page (to open them), the forward (to attach them) and the approval mail (its PDFs). Raw mail itself is read by
    // ingest only.
    const letterFiles = { exportName: props.rawMailArnExportName, key: rawMailKey, prefix: LETTER_FILES_PREFIX };
    this.grantRawMailRead(this.ingestMail, rawMailRead);
    this.grantRawMailRead(this.ingestMail, letterFiles);
    this.grantLetterFilesWrite(this.ingestMail, letterFiles);
    this.grantTable(this.ingestMail, letters, TABLE_ACTIONS.ingest);
    this.grantSendOnlyTo(this.ingestMail, config.griffieAddress, config.approvers, [identity.emailIdentityArn, configurationSetArn]);
    // Approval: the table, the stored attachments (read-only) and invoking forward; never raw mail, never SES.
    this.grantTable(this.approval, letters, TABLE_ACTIONS.approval);
    this.grantRawMailRead(this.approval, letterFiles);
    this.approval.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.forwardLetter.functionArn] }),
    );
    // Forward: reads the stored attachments (never raw mail), updates the letter, sends to the council list only.
    this.grantRawMailRead(this.forwardLetter, letterFiles);
    this.grantTable(this.forwardLetter, letters, TABLE_ACTIONS.forward);
    // The forward's visible To is the griffie itself (the council gets it in BCC, shared/application/forward-letter.ts);
    // allow that address too in case SES counts header recipients of raw content in ses:Recipients.
    this.grantSendOnlyTo(this.forwardLetter, config.griffieAddress, [...config.councilList, config.griffieAddress], [
      identity.emailIdentityArn,
      configurationSetArn,
    ]);

    // ---- Asynchronous invocations (ingest from SES, forward from approval): retries, then a failure queue.
    const ingestFailures = this.failureQueue('IngestFailures', this.ingestMail);
    const forwardFailures = this.failureQueue('ForwardFailures', this.forwardLetter);

    // ---- Dead letters are handled, not only stored: a quarantined record or forward_failed, and a mail to the griffie.
    this.deadLetters = new PipelineFunction(this, 'DeadLetters', {
      name: 'dead-letters',
      timeout: Duration.seconds(30),
      memorySize: 512,
      environment: {
        [ENV.rawMailPrefix]: config.rawMailPrefix,
        [ENV.lettersTable]: letters.tableName,
        [ENV.municipality]: config.municipality,
        [ENV.griffieAddress]: config.griffieAddress,
        [ENV.approvers]: config.approvers.join(','),
      },
    });
    for (const queue of [ingestFailures, forwardFailures]) {
      // Partial batch responses: a record that cannot be handled yet stays in its queue (and keeps its alarm on).
      this.deadLetters.addEventSource(new SqsEventSource(queue, { batchSize: 5, reportBatchItemFailures: true }));
    }
    this.grantTable(this.deadLetters, letters, TABLE_ACTIONS.deadLetters);
    this.grantSendOnlyTo(this.deadLetters, config.griffieAddress, config.approvers, [identity.emailIdentityArn, configurationSetArn]);

    // ---- Reconciler: hourly (stuck letters, unrecorded raw mail) and daily with the quarantine overview.
    this.reconcile = new PipelineFunction(this, 'Reconcile', {
      name: 'reconcile',
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: {
        ...ingestEnvironment,
        [ENV.forwardFunctionName]: this.forwardLetter.functionName,
        [ENV.ingestFunctionName]: this.ingestMail.functionName,
        [ENV.reconcileOlderThan]: config.reconcileOlderThan,
      },
    });
    // It lists raw mail (never reads it: re-ingest runs in the ingest function), so ListBucket under the prefix only.
    this.reconcile.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [Fn.importValue(props.rawMailArnExportName)],
        conditions: { StringLike: { 's3:prefix': [`${config.rawMailPrefix}*`] } },
      }),
    );
    this.grantTable(this.reconcile, letters, TABLE_ACTIONS.reconcile);
    this.grantRawMailRead(this.reconcile, letterFiles); // the approval mail it sends again carries the letter's PDFs
    this.reconcile.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${letters.tableArn}/index/${LETTERS_BY_STATUS_INDEX.name}`] }),
    );
    this.reconcile.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.ingestMail.functionArn, this.forwardLetter.functionArn] }),
    );
    this.grantSendOnlyTo(this.reconcile, config.griffieAddress, config.approvers, [identity.emailIdentityArn, configurationSetArn]);
    new Rule(this, 'ReconcileHourly', {
      description: 'Raadspost: restart stuck letters and ingest unrecorded raw mail',
      schedule: Schedule.cron({ minute: '17' }),
      targets: [new LambdaFunction(this.reconcile, { event: RuleTargetInput.fromObject({}), retryAttempts: 2 })],
    });
    new Rule(this, 'ReconcileDaily', {
      description: 'Raadspost: as hourly, plus the overview of quarantined messages to the griffie',
      schedule: Schedule.cron({ minute: '0', hour: '6' }), // 07:00 / 08:00 in the Netherlands
      targets: [new LambdaFunction(this.reconcile, { event: RuleTargetInput.fromObject({ overview: true }), retryAttempts: 2 })],
    });

    // ---- Receiving. SES stores the raw message first (S3 action), then invokes ingest with the verdicts (Lambda action).
    // SES may invoke only from our rule (the S3 action's own permission checks only the account).
    this.ingestMail.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: this.account,
      sourceArn: receiptRuleArn,
    });
    this.receiptRuleSet = new ReceiptRuleSet(this, 'ReceiptRuleSet', {
      receiptRuleSetName: RECEIPT_RULE_SET_NAME,
      rules: [
        {
          receiptRuleName: RECEIPT_RULE_NAME,
          recipients: config.recipients,
          tlsPolicy: TlsPolicy.REQUIRE,
          scanEnabled: true,
          actions: [
            // No `kmsKey` here on purpose: with it SES encrypts client-side (S3 Encryption Client, Java/Ruby only) and
            // the functions could not read the mail. The bucket's default SSE-KMS key encrypts it (MailStorageStack).
            new S3({ bucket: rawMail, objectKeyPrefix: config.rawMailPrefix }),
            new Lambda({ function: this.ingestMail, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
    // A rule set made by CloudFormation is not active (aws/aws-cdk#10321); activating it is a deliberate step.
    if (config.activateRuleSet) {
      new ActiveReceiptRuleSet(this, 'ActiveReceiptRuleSet', { ruleSet: this.receiptRuleSet });
    }

    // ---- Alarms, all to one encrypted topic.
    this.alarmTopic = this.createAlarmTopic(config.operatorEmail);
    for (const fn of [this.ingestMail, this.approval, this.forwardLetter, this.deadLetters, this.reconcile]) {
      this.alarm(`${fn.node.id}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `${fn.node.id} threw (after retries for async invocations, see the failure queues)`);
    }
    for (const queue of [ingestFailures, forwardFailures]) {
      this.alarm(
        `${queue.node.id}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        `${queue.node.id}: an event failed all retries; read the message, fix, and replay it`,
      );
    }
    // Receipt-rule actions that SES could not deliver (S3 write or Lambda invoke failed or expired). A Metrics Insights
    // query sums the metric over whatever dimensions SES publishes it with.
    for (const metricName of ['PublishFailure', 'PublishExpired']) {
      this.alarm(
        `Receipt${metricName}`,
        new MathExpression({
          expression: `SELECT SUM(${metricName}) FROM "AWS/SES"`,
          period: Duration.minutes(5),
          label: `SES receipt actions: ${metricName}`,
        }),
        1,
        `SES receipt rule action ${metricName}: mail may not have reached the bucket or the ingest function`,
      );
    }
    // Account reputation: AWS reviews at 5% bounces / 0.1% complaints and may pause sending at 10% / 0.5%.
    this.alarm('BounceRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }), 0.05, 'SES bounce rate at or above 5%');
    this.alarm('ComplaintRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) }), 0.001, 'SES complaint rate at or above 0.1%');
    this.alarm(
      'SendingBounced',
      new Metric({ namespace: 'AWS/SES', metricName: 'Bounce', dimensionsMap: { ConfigurationSet: CONFIGURATION_SET_NAME }, statistic: 'Sum', period: Duration.minutes(15) }),
      1,
      'a Raadspost message (approval mail or forward to the council) bounced',
    );

    new CfnOutput(this, 'ApprovalUrl', { value: approvalUrl.url, description: 'Base URL of the approval page (Function URL)' });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.receiptRuleSet.receiptRuleSetName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }

  /** s3:PutObject of attachment copies under their prefix, encrypted with the bucket's key (through S3 only). */
  private grantLetterFilesWrite(fn: PipelineFunction, files: { exportName: string; key: IKey; prefix: string }): void {
    const bucketArn = Fn.importValue(files.exportName);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${bucketArn}/${files.prefix}*`] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [files.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
  }

  /** s3:GetObject under the prefix, kms:Decrypt through S3 only, and ListBucket so a missing key is NoSuchKey. */
  private grantRawMailRead(fn: PipelineFunction, raw: { exportName: string; key: IKey; prefix: string }): void {
    const { exportName, key, prefix } = raw;
    const bucketArn = Fn.importValue(exportName);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/${prefix}*`] }));
    // Without ListBucket S3 answers a missing key with AccessDenied, which the adapter must treat as transient.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
    fn.acknowledgeRoleFinding(
      `AwsSolutions-IAM5[Resource::${exportName}/${prefix}*]`,
      `Objects under ${prefix} are named by SES message id (raw mail, and the attachment copies of each letter); the id is unknown in advance, so access is scoped to the prefix.`,
    );
  }

  /** Exactly these actions on the letters table (no index: the table has none). */
  private grantTable(fn: PipelineFunction, table: ITableV2, actions: readonly string[]): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
  }

  /**
   * ses:SendEmail/SendRawEmail (SES v2 SendEmail checks both for raw content) from `from` to `recipients` only:
   * every recipient must be on the list (ForAllValues) and the list must be present (Null false).
   */
  private grantSendOnlyTo(fn: PipelineFunction, from: string, recipients: readonly string[], resources: string[]): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources,
        conditions: {
          StringEqualsIgnoreCase: { 'ses:FromAddress': from },
          'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': [...recipients] },
          Null: { 'ses:Recipients': 'false' },
        },
      }),
    );
  }

  /** An SQS queue (SSE, TLS only) as the on-failure destination of the function's asynchronous invocations. */
  private failureQueue(id: string, fn: IFunction): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `${id} is itself the failure destination (dead letters) of ${fn.node.id}'s asynchronous invocations; a DLQ of a DLQ adds nothing.`,
    });
    fn.configureAsyncInvoke({
      onFailure: new SqsDestination(queue),
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
    });
    return queue;
  }

  private createAlarmTopic(operatorEmail: string | undefined): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Raadspost: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY, // alarm notifications are transient; the key is not needed after the stack
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets them (the AWS managed SNS key does not).
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'], // in a key policy "*" means this key
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Raadspost alarms', masterKey: key, enforceSSL: true });
    if (operatorEmail) topic.addSubscription(new EmailSubscription(operatorEmail));
    return topic;
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Raadspost: ${description}`,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }
}
