import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A function invoked asynchronously whose failed events go to their own queue. */
export interface AsyncFunction {
  /** Construct ID of its failure queue (at the stack's root; never renamed: it may hold events). */
  readonly queueId: string;
  readonly fn: IFunction;
}

export interface FailureHandlingProps {
  /** The functions invoked asynchronously (by SES, by another function, by a schedule). */
  readonly asyncFunctions: readonly AsyncFunction[];
  /** Handles what lands in the queues (records it, tells the griffie); its timeout sets the queues' visibility. */
  readonly consumer: LambdaFunction;
  /** Lambda's own retries of a failed asynchronous invocation. @default 2 */
  readonly retryAttempts?: number;
  /** How long an event may wait for a retry (throttling) before it goes to the queue. @default 6 hours */
  readonly maxEventAge?: Duration;
}

/** AWS: the visibility timeout of an event source queue should be at least six times the consumer's timeout. */
export const VISIBILITY_PER_CONSUMER_TIMEOUT = 6;

/**
 * Failure handling: each asynchronous function retries twice, then its event goes to an encrypted, TLS-only queue; the
 * consumer handles both queues with partial batch responses, so a record it cannot handle yet stays (and keeps the
 * queue's alarms on). The queues are kept when the stack is deleted: they may hold the only trace of an event.
 */
export class FailureHandling extends Construct {
  readonly queues: readonly Queue[];

  constructor(scope: Construct, id: string, props: FailureHandlingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const consumerTimeout = props.consumer.timeout ?? Duration.seconds(3);
    this.queues = props.asyncFunctions.map(({ queueId, fn }) => {
      const queue = new Queue(stack, queueId, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // A batch still being handled must not become visible again to a second consumer.
        visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * VISIBILITY_PER_CONSUMER_TIMEOUT),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `${queueId} is itself the failure destination (dead letters) of ${fn.node.id}'s asynchronous invocations; a DLQ of a DLQ adds nothing.`,
      });
      fn.configureAsyncInvoke({
        onFailure: new SqsDestination(queue),
        retryAttempts: props.retryAttempts ?? 2,
        maxEventAge: props.maxEventAge ?? Duration.hours(6),
      });
      props.consumer.addEventSource(new SqsEventSource(queue, { batchSize: 5, reportBatchItemFailures: true }));
      return queue;
    });
  }
}
