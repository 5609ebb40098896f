import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
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
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SendingProps {
  /** The domain every From address is on (its SES identity signs with Easy DKIM). */
  readonly sendingDomain: string;
  /** Name of the configuration set every message is sent with (resourceNames(stage).configurationSet). */
  readonly configurationSetName: string;
  /**
   * `create`: create the domain identity here, Easy DKIM 2048-bit, with this configuration set as its default, and keep
   * it when the stack is deleted (its DKIM records are in DNS). `existing`: the identity is already in the account
   * (verified elsewhere, or kept from an earlier stack) and is only referred to.
   * @default 'create'
   */
  readonly identity?: 'create' | 'existing';
}

/**
 * Sending: the domain identity and one configuration set that records bounces, complaints, rejects and delivery delays
 * as CloudWatch metrics. Senders name the configuration set on every message (SES_CONFIGURATION_SET), so the records hold
 * with an existing identity too.
 */
export class Sending extends Construct {
  readonly configurationSetName: string;
  /** The identity and configuration set ARNs: the resources of ses:SendEmail / ses:SendRawEmail. */
  readonly sendResources: readonly string[];

  constructor(scope: Construct, id: string, props: SendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSetName = props.configurationSetName;
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE, // letters are personal data: never deliver them in clear text
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    new ConfigurationSetEventDestination(this, 'Events', {
      configurationSet,
      destination: EventDestination.cloudWatchDimensions([
        { name: 'ConfigurationSet', source: CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: props.configurationSetName },
      ]),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY],
    });

    let identityArn: string;
    if ((props.identity ?? 'create') === 'create') {
      // Stateful (DKIM keys published in DNS): at the stack's root so its logical ID never moves, and kept on delete. A
      // later stack then uses it with `existing`.
      const identity = new EmailIdentity(stack, 'SendingIdentity', {
        identity: Identity.domain(props.sendingDomain),
        configurationSet, // the identity's default set: every message from this domain is recorded, whatever sends it
        dkimSigning: true,
        dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      });
      identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(stack, `DkimRecord${i + 1}`, {
          description: `CNAME record ${i + 1} of 3 for Easy DKIM of ${props.sendingDomain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
      identityArn = identity.emailIdentityArn;
    } else {
      identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sendingDomain });
    }
    this.sendResources = [identityArn, stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName })];
  }

  /**
   * ses:SendEmail/SendRawEmail (SES v2 SendEmail checks both for raw content) from `from` to `recipients` only:
   * every recipient must be on the list (ForAllValues) and the list must be present (Null false).
   */
  grantSendOnlyTo(grantee: IGrantable, from: string, recipients: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [...this.sendResources],
        conditions: {
          StringEqualsIgnoreCase: { 'ses:FromAddress': from },
          'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': [...recipients] },
          Null: { 'ses:Recipients': 'false' },
        },
      }),
    );
  }

  /**
   * ses:SendEmail/SendRawEmail from `from` to any recipient: the acknowledgements to the senders of letters, who can be
   * anyone. Only for the acknowledgement function, which reads nothing but the letters' records (infra/functions.ts).
   */
  grantSendToSenders(grantee: IGrantable, from: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [...this.sendResources],
        conditions: { StringEqualsIgnoreCase: { 'ses:FromAddress': from } },
      }),
    );
  }

  /** Bounces of Raadspost's own messages (approval mails, forwards), from the configuration set's event destination. */
  metricBounces(): Metric {
    return new Metric({
      namespace: 'AWS/SES',
      metricName: 'Bounce',
      dimensionsMap: { ConfigurationSet: this.configurationSetName },
      statistic: 'Sum',
      period: Duration.minutes(15),
    });
  }
}
