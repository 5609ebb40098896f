import { CfnResource, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CronOptions } from 'aws-cdk-lib/aws-events';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

/** The griffie's clock: schedules follow Dutch time, summer and winter. */
export const GRIFFIE_TIME_ZONE = TimeZone.of('Europe/Amsterdam');

/** One recurring job. */
export interface ScheduleDeclaration {
  /** Construct ID. */
  readonly id: string;
  readonly description: string;
  /** Cron fields, in GRIFFIE_TIME_ZONE; absent fields mean "every". */
  readonly cron: CronOptions;
  /** Invoked asynchronously (its own retries and failure handling apply once it runs). */
  readonly target: IFunction;
  /** The event the target gets. */
  readonly input: Record<string, unknown>;
}

export interface SchedulesProps {
  /** Name of the schedule group that holds every schedule (resourceNames(stage).scheduleGroup). */
  readonly groupName: string;
  /** The schedules to create; more with `add`. @default none */
  readonly schedules?: readonly ScheduleDeclaration[];
}

/**
 * Schedules: EventBridge Scheduler schedules in Dutch time, all in one group, so one alarm covers every schedule's
 * failed invocations. To add one (the daily overview, a reminder): `schedules.add({ id, description, cron, target, input })`.
 */
export class Schedules extends Construct {
  readonly group: ScheduleGroup;
  /** The one role Scheduler assumes to invoke the targets; only schedules of this group may use it. */
  private readonly role: Role;
  private readonly targets = new Set<IFunction>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Stateless: the schedules are recreated with it.
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: props.groupName, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'InvokeRole', {
      description: 'Raadspost: EventBridge Scheduler invokes the scheduled functions',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.group.scheduleGroupArn } },
      }),
    });
    for (const schedule of props.schedules ?? []) this.add(schedule);
  }

  add(declaration: ScheduleDeclaration): Schedule {
    if (!this.targets.has(declaration.target)) {
      this.targets.add(declaration.target);
      const functionId = Stack.of(this).getLogicalId(declaration.target.node.defaultChild as CfnResource);
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason: `lambda grantInvoke (LambdaInvoke target) also allows ${declaration.target.node.id}'s versions and aliases (<arn>:*); it is this one function.`,
      });
    }
    return new Schedule(this, declaration.id, {
      description: `Raadspost: ${declaration.description}`,
      scheduleGroup: this.group,
      schedule: ScheduleExpression.cron({ ...declaration.cron, timeZone: GRIFFIE_TIME_ZONE }),
      // Scheduler retries a refused invoke (throttling, a missing permission) for up to an hour, then drops it: that drop
      // is what the failed-invocations alarm counts.
      target: new LambdaInvoke(declaration.target, {
        role: this.role,
        input: ScheduleTargetInput.fromObject(declaration.input),
        retryAttempts: 5,
        maxEventAge: Duration.hours(1),
      }),
    });
  }

  /**
   * Invocations a schedule gave up on after its retries: EventBridge Scheduler's counterpart of an EventBridge rule's
   * FailedInvocations (InvocationDroppedCount), for every schedule in the group.
   */
  metricFailedInvocations(): Metric {
    return this.group.metricDropped({ statistic: 'Sum', period: Duration.minutes(5) });
  }
}
