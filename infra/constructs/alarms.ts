import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /**
   * Where alarms are mailed (an SNS e-mail subscription the recipient confirms).
   * @default - none: the topic has no subscriber and synth warns, since every alarm would go nowhere
   */
  readonly operatorEmail?: string;
}

/** A dead letter that waited this long was not handled by the dead-letter function: someone must look. */
export const DEAD_LETTER_MAX_AGE = Duration.hours(1);

/**
 * Alarms, all to one encrypted SNS topic. Each `alarmOn*` method adds the alarms of one kind of resource; `add` takes
 * any metric (threshold: at or above).
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // The topic keeps its logical ID at the stack's root: a new topic would need the operator to confirm again.
    const key = new Key(stack, 'AlarmTopicKey', {
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
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new Topic(stack, 'AlarmTopic', { displayName: 'Raadspost alarms', masterKey: key, enforceSSL: true });
    if (props.operatorEmail) {
      this.topic.addSubscription(new EmailSubscription(props.operatorEmail));
    } else {
      Annotations.of(this).addWarningV2(
        'raadspost:no-operator-email',
        'raadspost:operatorEmail is not set: every alarm goes to the SNS topic (output AlarmTopicArn) and nobody is told. ' +
          'Set -c raadspost:operatorEmail=<address> (and confirm the subscription mail), or subscribe to the topic yourself.',
      );
    }
  }

  /** Errors (after retries, for asynchronous invocations) and throttles of each function. */
  alarmOnFunctions(functions: readonly IFunction[]): void {
    for (const fn of functions) {
      const name = fn.node.id;
      this.add(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `${name} threw (after retries for async invocations, see the failure queues)`);
      this.add(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `${name} was throttled (concurrency used up; the approval page: its reserved concurrency)`);
    }
  }

  /** A failure queue holds an event, and one has waited longer than DEAD_LETTER_MAX_AGE (not handled). */
  alarmOnFailureQueues(queues: readonly IQueue[]): void {
    for (const queue of queues) {
      const name = queue.node.id;
      this.add(
        `${name}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        `${name}: an event failed all retries; the DeadLetters function records it and mails the approvers`,
      );
      this.add(
        `${name}OldestAge`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        DEAD_LETTER_MAX_AGE.toSeconds(),
        `${name}: a dead letter has waited over ${DEAD_LETTER_MAX_AGE.toHumanString()}; the DeadLetters function cannot handle it, read its log`,
      );
    }
  }

  /**
   * Receipt-rule actions SES could not deliver (S3 write or Lambda invoke failed or expired), and the account's sending
   * reputation (AWS reviews at 5% bounces / 0.1% complaints and may pause sending at 10% / 0.5%).
   */
  alarmOnSes(bounces: IMetric): void {
    for (const metricName of ['PublishFailure', 'PublishExpired']) {
      // A Metrics Insights query sums the metric over whatever dimensions SES publishes it with.
      this.add(
        `Receipt${metricName}`,
        new MathExpression({ expression: `SELECT SUM(${metricName}) FROM "AWS/SES"`, period: Duration.minutes(5), label: `SES receipt actions: ${metricName}` }),
        1,
        `SES receipt rule action ${metricName}: mail may not have reached the bucket or the ingest function`,
      );
    }
    this.add('BounceRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }), 0.05, 'SES bounce rate at or above 5%');
    this.add('ComplaintRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) }), 0.001, 'SES complaint rate at or above 0.1%');
    this.add('SendingBounced', bounces, 1, 'a Raadspost message (approval mail or forward to the council) bounced');
  }

  /** An alarm at or above `threshold` in one period, to the topic; missing data is no breach. */
  add(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Raadspost: ${description}`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
