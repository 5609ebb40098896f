import { CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { METRIC_NAMES } from '../../shared/metrics.js';
import { resourceNames, type StageConfig } from '../config.js';
import { Alarms } from '../constructs/alarms.js';
import { ApprovalPage } from '../constructs/approval-page.js';
import { FailureHandling } from '../constructs/failure-handling.js';
import { createPipelineFunctions, type PipelineFunctions } from '../constructs/pipeline-functions.js';
import { Receiving } from '../constructs/receiving.js';
import { Schedules } from '../constructs/schedules.js';
import { Sending } from '../constructs/sending.js';

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
 * The pipeline: sending, the functions (declared in infra/functions.ts), the approval page, receiving, failure handling,
 * schedules and alarms. Termination-protected; what must survive a delete is kept (the SES identity, the failure
 * queues), and the mail and letters live in MailStorageStack.
 */
export class MailPipelineStack extends Stack {
  readonly functions: PipelineFunctions;
  readonly sending: Sending;
  readonly approvalPage: ApprovalPage;
  /** The register's pages: the daily overview's links and the lijst ingekomen stukken. */
  readonly registerPage: ApprovalPage;
  readonly receiving: Receiving;
  readonly failureHandling: FailureHandling;
  readonly schedules: Schedules;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: MailPipelineStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { config } = props;
    const names = resourceNames(config.stage);

    this.sending = new Sending(this, 'Sending', {
      sendingDomain: config.sendingDomain,
      configurationSetName: names.configurationSet,
      identity: config.sendingIdentity,
    });

    let approvalPage: ApprovalPage | undefined;
    let registerPage: ApprovalPage | undefined;
    this.functions = createPipelineFunctions(this, {
      config,
      letters: props.letters,
      rawMail: { bucketName: props.rawMail.bucketName, arnExportName: props.rawMailArnExportName, key: props.rawMailKey },
      sending: this.sending,
      // Ingest mails links to the page that the approval function serves: known once that function has its URL.
      approvalUrl: Lazy.string({ produce: () => approvalPage?.url }),
      // The daily overview links to the register's pages: known once the register function has its URL.
      registerUrl: Lazy.string({ produce: () => registerPage?.url }),
    });
    const fns = this.functions;
    this.approvalPage = approvalPage = new ApprovalPage(this, 'ApprovalPage', { fn: fns.approval });
    this.registerPage = registerPage = new ApprovalPage(this, 'RegisterPage', {
      fn: fns.register,
      output: { id: 'RegisterUrl', description: "Base URL of the register's pages: the daily overview's links and the lijst ingekomen stukken (Function URL)" },
    });

    this.receiving = new Receiving(this, 'Receiving', {
      recipients: config.recipients,
      ruleSetName: names.receiptRuleSet,
      ruleName: names.receiptRule,
      rawMail: props.rawMail,
      rawMailPrefix: config.rawMailPrefix,
      ingest: fns['ingest-mail'],
      activate: config.activateRuleSet,
    });

    this.failureHandling = new FailureHandling(this, 'FailureHandling', {
      asyncFunctions: [
        { queueId: 'IngestFailures', fn: fns['ingest-mail'] },
        { queueId: 'ForwardFailures', fn: fns['forward-letter'] },
      ],
      consumer: fns['dead-letters'],
    });

    this.schedules = new Schedules(this, 'Schedules', {
      groupName: names.scheduleGroup,
      schedules: [
        {
          id: 'ReconcileHourly',
          description: 'restart stuck letters and ingest unrecorded raw mail',
          cron: { minute: '17' },
          target: fns.reconcile,
          input: {},
        },
        {
          id: 'ReconcileDaily',
          description: "as hourly, then the approvers' daily overview (what came in, filed messages with their links, quarantine, failed forwards, the list)",
          cron: { minute: '0', hour: '7' },
          target: fns.reconcile,
          input: { overview: true },
        },
      ],
    });

    this.alarms = new Alarms(this, 'Alarms', { ...(config.operatorEmail && { operatorEmail: config.operatorEmail }) });
    this.alarms.alarmOnFunctions(Object.values(fns).filter((fn) => fn !== undefined));
    this.alarms.add('ApprovalUrl5xx', this.approvalPage.metricUrl5xx(), 1, 'the approval page answered 5xx (its error page, a function error or a timeout): read the Approval log group');
    this.alarms.add('RegisterUrl5xx', this.registerPage.metricUrl5xx(), 1, "the register's pages answered 5xx (its error page, a function error or a timeout): read the Register log group");
    this.alarms.alarmOnFailureQueues(this.failureHandling.queues);
    this.alarms.add(
      'PermanentForwardFailures',
      new Metric({
        namespace: names.metricsNamespace,
        metricName: METRIC_NAMES.permanentForwardFailures,
        dimensionsMap: { service: 'forward-letter' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      1,
      'SES refused a forward to the council for good (no retry): the letter is forward_failed; fix the cause and run raadspost reprocess <id> --force',
    );
    this.alarms.add('ScheduleFailedInvocations', this.schedules.metricFailedInvocations(), 1, 'a schedule could not invoke its function after its retries (the reconciler did not run)');
    this.alarms.alarmOnSes(this.sending.metricBounces());

    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.receiving.ruleSet.receiptRuleSetName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
