import { Validations, type CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SKIP_REASON, synthRaadspost } from './support.js';

/** Everything on: the rule set activated, an operator e-mail, the acknowledgements (their function and its grant). */
const ACTIVATED = { 'raadspost:activateRuleSet': true, 'raadspost:operatorEmail': 'beheer@heemstede.nl', 'raadspost:acknowledge': true };

/** cdk-nag v3's test entry point; it honours Validations.of(x).acknowledge(...). */
const violations = (scope: IConstruct) =>
  new AwsSolutionsChecks(undefined, { verbose: true })
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath })));

/** The findings as if nothing were acknowledged (cdk-nag reads acknowledgements under this metadata key). */
const unacknowledgedViolations = (scope: IConstruct) => {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  Object.defineProperty(Validations, 'ACKNOWLEDGED_RULES_METADATA_KEY', { value: 'raadspost:test:ignore-acknowledgements' });
  try {
    return violations(scope);
  } finally {
    Object.defineProperty(Validations, 'ACKNOWLEDGED_RULES_METADATA_KEY', { value: key });
  }
};

/** Every acknowledgement in the app: where, which rule, why. */
const acknowledgements = (scope: IConstruct) =>
  scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );

describe.skipIf(SKIP_REASON)('AwsSolutions checks (cdk-nag v3)', () => {
  it('has no unacknowledged findings with the default context', () => {
    expect(violations(synthRaadspost().app)).toEqual([]);
  });

  it('has no unacknowledged findings with the rule set activated and an operator e-mail', () => {
    expect(violations(synthRaadspost(ACTIVATED).app)).toEqual([]);
  });

  it('acknowledges only findings that exist, next to the resource, each with a reason', () => {
    const { app, pipeline } = synthRaadspost(ACTIVATED);
    const raw = unacknowledgedViolations(app);
    const acks = acknowledgements(app);
    const reconcileId = pipeline.getLogicalId(pipeline.functions.reconcile.node.defaultChild as CfnResource);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(40);
      expect(raw.some((v) => v.rule === ack.id && (v.path === ack.path || (v.path ?? '').startsWith(`${ack.path}/`))), `stale acknowledgement ${ack.id} at ${ack.path}`).toBe(true);
    }
    // The reviewed list. A new acknowledgement must be added here on purpose.
    expect(acks.map((a) => `${a.path} ${a.id}`).sort()).toEqual(
      [
        ...['IngestMail', 'Approval', 'ForwardLetter', 'DeadLetters', 'Reconcile', 'Acknowledge', 'Register'].flatMap((fn) => [
          `RaadspostPipeline/${fn} AwsSolutions-L1`,
          `RaadspostPipeline/${fn}Role AwsSolutions-IAM5[Resource::*]`,
        ]),
        'RaadspostPipeline/IngestMailRole AwsSolutions-IAM5[Resource::RaadspostStorage-prod-RawMailBucketArn/inbound/*]',
        'RaadspostPipeline/ForwardLetterRole AwsSolutions-IAM5[Resource::RaadspostStorage-prod-RawMailBucketArn/inbound/*]',
        'RaadspostPipeline/RegisterRole AwsSolutions-IAM5[Resource::RaadspostStorage-prod-RawMailBucketArn/inbound/*]',
        ...['IngestMail', 'Approval', 'ForwardLetter', 'Reconcile', 'Register'].map(
          (fn) => `RaadspostPipeline/${fn}Role AwsSolutions-IAM5[Resource::RaadspostStorage-prod-RawMailBucketArn/files/*]`,
        ),
        `RaadspostPipeline/Schedules/InvokeRole AwsSolutions-IAM5[Resource::<${reconcileId}.Arn>:*]`,
        'RaadspostPipeline/IngestFailures AwsSolutions-SQS3',
        'RaadspostPipeline/ForwardFailures AwsSolutions-SQS3',
        'RaadspostPipeline/ActiveReceiptRuleSet/Activator AwsSolutions-IAM5[Resource::*]',
        'RaadspostPipeline/AWS679f53fac002430cb0da5b7982bd2287 AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ].sort(),
    );
  });
});
