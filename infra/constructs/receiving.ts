import { Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { ActiveReceiptRuleSet } from './active-receipt-rule-set.js';

export interface ReceivingProps {
  /** Addresses SES receives for: the Raadspost address(es) on the receiving subdomain. */
  readonly recipients: readonly string[];
  readonly ruleSetName: string;
  readonly ruleName: string;
  /** Where SES stores the raw message (the storage stack's bucket, whose policy names this rule). */
  readonly rawMail: IBucket;
  readonly rawMailPrefix: string;
  /** Invoked asynchronously with SES's event (verdicts) once the raw message is stored. */
  readonly ingest: IFunction;
  /**
   * Make the rule set the active one of the account and region, through a custom resource; deploying without it, or
   * deleting the stack, leaves no active rule set. @default false
   */
  readonly activate?: boolean;
}

/**
 * Receiving: one rule set with one rule for the recipients (TLS required, spam and virus scanning): SES stores the raw
 * message first (S3 action), then invokes ingest with the verdicts (Lambda action).
 */
export class Receiving extends Construct {
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: ReceivingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ruleArn = stack.formatArn({ service: 'ses', resource: 'receipt-rule-set', resourceName: `${props.ruleSetName}:receipt-rule/${props.ruleName}` });
    // SES may invoke only from our rule (the S3 action's own permission checks only the account).
    props.ingest.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: stack.account,
      sourceArn: ruleArn,
    });
    // At the stack's root: SES refuses to delete the active rule set, so a replacement (a new logical ID) would fail.
    this.ruleSet = new ReceiptRuleSet(stack, 'ReceiptRuleSet', {
      receiptRuleSetName: props.ruleSetName,
      rules: [
        {
          receiptRuleName: props.ruleName,
          recipients: [...props.recipients],
          tlsPolicy: TlsPolicy.REQUIRE,
          scanEnabled: true,
          actions: [
            // No `kmsKey` here on purpose: with it SES encrypts client-side (S3 Encryption Client, Java/Ruby only) and
            // the functions could not read the mail. The bucket's default SSE-KMS key encrypts it (MailStorageStack).
            new S3({ bucket: props.rawMail, objectKeyPrefix: props.rawMailPrefix }),
            new Lambda({ function: props.ingest, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
    // A rule set made by CloudFormation is not active (aws/aws-cdk#10321); activating it is a deliberate step.
    if (props.activate) new ActiveReceiptRuleSet(stack, 'ActiveReceiptRuleSet', { ruleSet: this.ruleSet });
  }
}
