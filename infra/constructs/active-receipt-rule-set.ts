import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface ActiveReceiptRuleSetProps {
  /** The rule set to make the active one of this account and region. */
  readonly ruleSet: IReceiptRuleSet;
}

/**
 * Makes a receipt rule set the active one, and deactivates it (no active set) when this construct is deleted.
 *
 * CloudFormation cannot activate a rule set (aws/aws-cdk#10321; the `active` prop of aws/aws-cdk PR #36767 is not
 * released), so this calls SES SetActiveReceiptRuleSet through an AwsCustomResource. Only ONE rule set can be active
 * per account and region: activating ours replaces whatever was active. Use it only when the account owner agrees
 * (the app creates it only with `-c raadspost:activateRuleSet=true`).
 */
export class ActiveReceiptRuleSet extends Construct {
  constructor(scope: Construct, id: string, props: ActiveReceiptRuleSetProps) {
    super(scope, id);
    const ruleSetName = props.ruleSet.receiptRuleSetName;
    const activator = new AwsCustomResource(this, 'Activator', {
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      installLatestAwsSdk: false, // the runtime's SDK has SetActiveReceiptRuleSet; no download at deploy time
      onCreate: {
        service: 'SES',
        action: 'SetActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSetName },
        physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${ruleSetName}`),
      },
      onUpdate: {
        service: 'SES',
        action: 'SetActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSetName },
        physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${ruleSetName}`),
      },
      // Without RuleSetName, SES deactivates the active set: mail for our recipients is then no longer received.
      onDelete: { service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
    });
    // Activate only after the rule set and its rules exist.
    activator.node.addDependency(props.ruleSet);

    Validations.of(activator).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet supports no resource-level permissions (Service Authorization Reference, Amazon SES): "*" is the only possible resource.',
    });

    // The AwsCustomResource provider is one singleton Lambda per stack, created by the CDK; acknowledge its findings on it.
    const provider = Stack.of(this).node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK-owned AwsCustomResource provider uses AWSLambdaBasicExecutionRole (CloudWatch Logs write only); it runs only during deployments.',
      });
    }
  }
}
