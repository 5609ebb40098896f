import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config.js';
import type { StageConfig } from '../config.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';

export interface MailPipelineStackProps extends StackProps {
  readonly config: StageConfig;
  readonly rawMail: IBucket;
  readonly letters: ITableV2;
}

/** Stateless: the functions and the SES receipt rule that feeds them. */
export class MailPipelineStack extends Stack {
  readonly ingestMail: PipelineFunction;

  constructor(scope: Construct, id: string, props: MailPipelineStackProps) {
    super(scope, id, props);
    const { config, rawMail, letters } = props;

    this.ingestMail = new PipelineFunction(this, 'IngestMail', {
      name: 'ingest-mail',
      environment: {
        [ENV.rawMailBucket]: rawMail.bucketName,
        [ENV.rawMailPrefix]: config.rawMailPrefix,
        [ENV.lettersTable]: letters.tableName,
        [ENV.ownDomains]: config.ownDomains.join(','),
      },
    });
    rawMail.grantRead(this.ingestMail, `${config.rawMailPrefix}*`);
    letters.grantReadWriteData(this.ingestMail);

    // SES stores the raw message first (S3 action), then invokes ingest with the verdicts (Lambda action).
    // A rule set made by CloudFormation is not active (aws/aws-cdk#10321); activating it is a deliberate step.
    new ReceiptRuleSet(this, 'ReceiptRuleSet', {
      rules: [
        {
          recipients: config.recipients,
          tlsPolicy: TlsPolicy.REQUIRE,
          scanEnabled: true,
          actions: [
            new S3({ bucket: rawMail, objectKeyPrefix: config.rawMailPrefix }),
            new Lambda({ function: this.ingestMail, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
  }
}
