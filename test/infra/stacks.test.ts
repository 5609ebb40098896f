import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_RULE_NAME, RECEIPT_RULE_SET_NAME } from '../../infra/config.js';
import { SKIP_REASON, TEST_ENV, synthRaadspost } from './support.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The logical ID of the Lambda function whose POWERTOOLS_SERVICE_NAME is `name`. */
const functionId = (t: Template, name: string): string => {
  const [id] = Object.keys(
    t.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: name }) } },
    }),
  );
  if (!id) throw new Error(`no function ${name}`);
  return id;
};

/** Every IAM statement attached to the role of function `name`. */
const statementsOf = (t: Template, name: string): Statement[] => {
  const fn = t.toJSON().Resources[functionId(t, name)];
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(t.findResources('AWS::IAM::Policy') as Resources).filter((p) =>
    (p.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
  );
  return policies.flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => asArray(s.Action));
/** The S3 objects under a prefix of the raw-mail bucket, as the policies name them. */
const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'RaadspostStorage-RawMailBucketArn' }, `/${prefix}*`]] });
const resourcesOf = (t: Template, name: string, action: string) =>
  statementsOf(t, name)
    .filter((s) => actionsOf([s]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

describe.skipIf(SKIP_REASON)('MailPipelineStack', () => {
  let pipeline: Template;
  let resources: Resources;
  beforeAll(() => {
    ({ pipelineTemplate: pipeline } = synthRaadspost());
    resources = pipeline.toJSON().Resources;
  });

  it('stores the mail in S3 before invoking the ingest function, with scanning and TLS on', () => {
    pipeline.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Name: RECEIPT_RULE_NAME,
        Recipients: ['griffie@heemstede.nl'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/', BucketName: Match.anyValue() }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    pipeline.resourceCountIs('AWS::SES::ReceiptRule', 1);
  });

  it('leaves encryption of stored mail to the bucket key (no SES client-side KmsKeyArn the functions could not read)', () => {
    const [rule] = Object.values(pipeline.findResources('AWS::SES::ReceiptRule') as Resources);
    const s3Action = (rule?.Properties?.Rule as { Actions: { S3Action?: Record<string, unknown> }[] }).Actions[0]?.S3Action;
    expect(s3Action).toBeDefined();
    expect(s3Action).not.toHaveProperty('KmsKeyArn');
  });

  it('lets SES invoke ingest only from our receipt rule', () => {
    pipeline.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ses.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId(pipeline, 'ingest-mail'), 'Arn'] },
      SourceAccount: TEST_ENV.account,
      SourceArn: `arn:aws:ses:eu-west-1:${TEST_ENV.account}:receipt-rule-set/${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
    });
  });

  it('runs five functions on nodejs22.x arm64, each with its own role', () => {
    const fns = Object.values(pipeline.findResources('AWS::Lambda::Function') as Resources).filter(
      (f) => (f.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME,
    );
    expect(fns).toHaveLength(5);
    for (const fn of fns) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    const roles = new Set(fns.map((f) => JSON.stringify(f.Properties?.Role)));
    expect(roles.size).toBe(5);
  });

  it('passes configuration to the functions under the names in shared/config.ts ENV', () => {
    const env = (name: string) => (resources[functionId(pipeline, name)]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env('ingest-mail')).toMatchObject({
      RAW_MAIL_PREFIX: 'inbound/',
      OWN_DOMAINS: 'heemstede.nl',
      APPROVERS: 'griffier@heemstede.nl',
      GRIFFIE_ADDRESS: 'griffie@heemstede.nl',
      MUNICIPALITY_NAME: 'Heemstede',
      TOKEN_TTL_DAYS: '14',
      APPROVAL_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^ApprovalFunctionUrl/), 'FunctionUrl'] },
    });
    expect(env('ingest-mail')).not.toHaveProperty('COUNCIL_LIST');
    expect(env('approval')).toMatchObject({ FORWARD_FUNCTION_NAME: { Ref: functionId(pipeline, 'forward-letter') }, REGISTER_SCHEME: 'yearly' });
    expect(Object.keys(env('approval')).sort()).toEqual(
      ['FORWARD_FUNCTION_NAME', 'GRIFFIE_ADDRESS', 'LETTERS_TABLE', 'MUNICIPALITY_NAME', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'RAW_MAIL_BUCKET', 'REGISTER_SCHEME'].sort(),
    );
    expect(env('forward-letter')).toMatchObject({ COUNCIL_LIST: 'raadsleden@heemstede.nl', GRIFFIE_ADDRESS: 'griffie@heemstede.nl' });
  });

  it('publishes the approval page as a Function URL without IAM auth (the one-time token is the authorisation)', () => {
    pipeline.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId(pipeline, 'approval'), 'Arn'] },
    });
    pipeline.resourceCountIs('AWS::Lambda::Url', 1);
  });

  describe('least privilege', () => {
    it('uses no wildcard actions in any function role', () => {
      for (const name of ['ingest-mail', 'approval', 'forward-letter', 'dead-letters', 'reconcile']) {
        expect(actionsOf(statementsOf(pipeline, name)).filter((a) => a.includes('*'))).toEqual([]);
      }
    });

    it('lets ingest send only from the griffie address to the approvers, never to the council list', () => {
      const send = statementsOf(pipeline, 'ingest-mail').filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
      expect(send).toHaveLength(1);
      expect(send[0]).toMatchObject({
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Condition: {
          StringEqualsIgnoreCase: { 'ses:FromAddress': 'griffie@heemstede.nl' },
          'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': ['griffier@heemstede.nl'] },
          Null: { 'ses:Recipients': 'false' },
        },
      });
      expect(JSON.stringify(statementsOf(pipeline, 'ingest-mail'))).not.toContain('raadsleden@heemstede.nl');
    });

    it('lets forward send only from the griffie address to the council list', () => {
      const send = statementsOf(pipeline, 'forward-letter').filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
      expect(send).toHaveLength(1);
      expect(send[0]?.Condition).toEqual({
        StringEqualsIgnoreCase: { 'ses:FromAddress': 'griffie@heemstede.nl' },
        // the council list (BCC) and the griffie itself (the forward's visible To)
        'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': ['raadsleden@heemstede.nl', 'griffie@heemstede.nl'] },
        Null: { 'ses:Recipients': 'false' },
      });
    });

    it('lets the approval function read only the stored attachments: never raw mail, never send', () => {
      const actions = actionsOf(statementsOf(pipeline, 'approval'));
      expect(resourcesOf(pipeline, 'approval', 's3:GetObject')).toEqual([objects('files/')]);
      expect(actions.filter((a) => /^(s3|ses|kms):/.test(a)).sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      expect(actions).toContain('lambda:InvokeFunction');
      const invoke = statementsOf(pipeline, 'approval').find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
      expect(invoke?.Resource).toEqual({ 'Fn::GetAtt': [functionId(pipeline, 'forward-letter'), 'Arn'] });
    });

    it('lets only ingest read raw mail; ingest writes the attachment copies the page and the forward read', () => {
      expect(resourcesOf(pipeline, 'ingest-mail', 's3:GetObject')).toEqual(expect.arrayContaining([objects('inbound/'), objects('files/')]));
      expect(resourcesOf(pipeline, 'ingest-mail', 's3:GetObject')).toHaveLength(2);
      expect(resourcesOf(pipeline, 'forward-letter', 's3:GetObject')).toEqual([objects('files/')]);
      expect(resourcesOf(pipeline, 'ingest-mail', 's3:PutObject')).toEqual([objects('files/')]);
      for (const name of ['ingest-mail', 'forward-letter', 'approval']) {
        const kms = statementsOf(pipeline, name).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
        expect(kms.length).toBeGreaterThan(0);
        for (const statement of kms) expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
      }
      expect(actionsOf(statementsOf(pipeline, 'forward-letter')).filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:ListBucket']);
    });
  });

  describe('dead letters and reconciliation', () => {
    it('consumes both failure queues with the dead-letter function, with partial batch responses', () => {
      const deadLetters = functionId(pipeline, 'dead-letters');
      const mappings = Object.values(pipeline.findResources('AWS::Lambda::EventSourceMapping') as Resources).map((m) => m.Properties ?? {});
      expect(mappings).toHaveLength(2);
      for (const m of mappings) expect(m).toMatchObject({ FunctionName: { Ref: deadLetters }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      expect(mappings.map((m) => JSON.stringify(m.EventSourceArn)).sort()).toEqual(
        [expect.stringContaining('ForwardFailures'), expect.stringContaining('IngestFailures')],
      );
    });

    it('lets the dead-letter and reconcile functions mail only the approvers, from the griffie address', () => {
      for (const name of ['dead-letters', 'reconcile']) {
        const send = statementsOf(pipeline, name).filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
        expect(send).toHaveLength(1);
        expect(send[0]?.Condition).toEqual({
          StringEqualsIgnoreCase: { 'ses:FromAddress': 'griffie@heemstede.nl' },
          'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': ['griffier@heemstede.nl'] },
          Null: { 'ses:Recipients': 'false' },
        });
      }
    });

    it('gives the dead-letter function no S3 or KMS access', () => {
      expect(actionsOf(statementsOf(pipeline, 'dead-letters')).filter((a) => /^(s3|kms|lambda):/.test(a))).toEqual([]);
    });

    it('lets the reconciler list raw mail under the prefix but not read it (only the attachment copies), and invoke only ingest and forward', () => {
      const statements = statementsOf(pipeline, 'reconcile');
      const actions = actionsOf(statements);
      expect(resourcesOf(pipeline, 'reconcile', 's3:GetObject')).toEqual([objects('files/')]);
      expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['inbound/*'] } } }));
      const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
      expect(invoke?.Resource).toEqual(
        expect.arrayContaining([
          { 'Fn::GetAtt': [functionId(pipeline, 'ingest-mail'), 'Arn'] },
          { 'Fn::GetAtt': [functionId(pipeline, 'forward-letter'), 'Arn'] },
        ]),
      );
      expect(invoke?.Resource).toHaveLength(2);
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      const query = statements.find((s) => actionsOf([s]).includes('dynamodb:Query'));
      expect(JSON.stringify(query?.Resource)).toMatch(/\/index\/byStatus"/);
    });

    it('gives the reconciler its grace period from the context (1 hour by default)', () => {
      pipeline.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ RECONCILE_OLDER_THAN: '1h', INGEST_FUNCTION_NAME: Match.anyValue() }) },
      });
    });

    it('runs the reconciler hourly, and daily with the quarantine overview', () => {
      const rules = Object.values(pipeline.findResources('AWS::Events::Rule') as Resources).map((r) => r.Properties ?? {});
      const reconcile = functionId(pipeline, 'reconcile');
      const inputs = rules
        .flatMap((r) => (r.Targets as { Arn: unknown; Input: string }[]).map((t) => ({ schedule: r.ScheduleExpression, arn: t.Arn, input: t.Input })))
        .filter((t) => JSON.stringify(t.arn).includes(reconcile));
      expect(inputs.map((t) => [t.schedule, t.input]).sort()).toEqual([
        ['cron(0 6 * * ? *)', '{"overview":true}'],
        ['cron(17 * * * ? *)', '{}'],
      ]);
    });
  });

  it('retries asynchronous invocations twice, then sends the event to an encrypted, TLS-only queue', () => {
    for (const name of ['ingest-mail', 'forward-letter']) {
      pipeline.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId(pipeline, name) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('Failures'), 'Arn'] } } },
      });
    }
    pipeline.resourceCountIs('AWS::SQS::Queue', 2);
    pipeline.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    pipeline.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    pipeline.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('alarms on function errors, dead letters, receipt action failures and the bounce rate, all to the encrypted topic', () => {
    const alarms = Object.values(pipeline.findResources('AWS::CloudWatch::Alarm') as Resources).map((a) => a.Properties ?? {});
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('Errors')).toHaveLength(5);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(byMetric('ApproximateNumberOfMessagesVisible').every((a) => a.Threshold === 1 && a.ComparisonOperator === 'GreaterThanOrEqualToThreshold')).toBe(true);
    expect(byMetric('Reputation.BounceRate')).toEqual([expect.objectContaining({ Namespace: 'AWS/SES', Threshold: 0.05 })]);
    const expressions = alarms.flatMap((a) => (a.Metrics as { Expression?: string }[] | undefined)?.map((m) => m.Expression) ?? []);
    expect(expressions).toEqual(expect.arrayContaining(['SELECT SUM(PublishFailure) FROM "AWS/SES"', 'SELECT SUM(PublishExpired) FROM "AWS/SES"']));
    const [topicId] = Object.keys(pipeline.findResources('AWS::SNS::Topic'));
    expect(alarms.every((a) => JSON.stringify(a.AlarmActions) === JSON.stringify([{ Ref: topicId }]))).toBe(true);
    pipeline.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    pipeline.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the operator to the alarms when an e-mail is given', () => {
    const { pipelineTemplate } = synthRaadspost({ 'raadspost:operatorEmail': 'beheer@heemstede.nl' });
    pipelineTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'beheer@heemstede.nl' });
  });

  it('sends from a DKIM-signed domain identity whose default configuration set records bounces and complaints', () => {
    pipeline.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'heemstede.nl',
      DkimAttributes: { SigningEnabled: true },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^SendingConfigurationSet') } },
    });
    pipeline.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        CloudWatchDestination: Match.anyValue(),
      }),
    });
  });

  it('does not activate the receipt rule set unless asked to', () => {
    pipeline.resourceCountIs('Custom::SesActiveReceiptRuleSet', 0);
  });

  it('activates the rule set with raadspost:activateRuleSet=true, and deactivates it on delete', () => {
    const { pipelineTemplate } = synthRaadspost({ 'raadspost:activateRuleSet': 'true' });
    const [activator] = Object.values(pipelineTemplate.findResources('Custom::SesActiveReceiptRuleSet') as Resources);
    const create = JSON.stringify(activator?.Properties?.Create);
    expect(create).toContain('SetActiveReceiptRuleSet');
    expect(create).toContain(`RuleSetName\\":\\"`);
    const del = JSON.parse(activator?.Properties?.Delete as string) as { action: string; parameters?: Record<string, unknown> };
    expect(del.action).toBe('SetActiveReceiptRuleSet');
    expect(del.parameters ?? {}).not.toHaveProperty('RuleSetName');
    expect(activator?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ReceiptRuleSet/)]));
  });
});

describe.skipIf(SKIP_REASON)('MailStorageStack', () => {
  let storage: Template;
  beforeAll(() => {
    ({ storageTemplate: storage } = synthRaadspost({ 'raadspost:retentionDays': '400' }));
  });

  it('keeps the construct IDs of the bucket and the table (a new ID would replace them and lose mail)', () => {
    const { storage: stack } = synthRaadspost();
    expect(stack.node.tryFindChild('RawMailBucket')).toBeDefined();
    expect(stack.node.tryFindChild('LettersTable')).toBeDefined();
    expect(stack.terminationProtection).toBe(true);
  });

  it('keeps raw mail private, KMS-encrypted with a rotating customer managed key, versioned, logged and retained', () => {
    storage.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RawMailKey'), 'Arn'] } } },
          ],
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400, Status: 'Enabled' })] },
      }),
    });
    storage.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets only SES of this account, through our receipt rule, write raw mail, over TLS only', () => {
    const [policy] = Object.values(storage.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^RawMailBucket') } } }) as Resources);
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    );
    const deny = statements.find((s) => s.Effect === 'Deny' && s.Action === 's3:PutObject');
    expect(JSON.stringify(deny?.Condition?.StringNotLike?.['aws:SourceArn'])).toContain(`:receipt-rule-set/${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`);
    expect(statements.filter((s) => s.Effect === 'Allow').every((s) => JSON.stringify(s).includes('ses.amazonaws.com'))).toBe(true);
  });

  it('lets SES use the raw-mail key for S3 writes on behalf of this account', () => {
    storage.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'aws:SourceAccount': TEST_ENV.account } },
          }),
        ]),
      },
    });
  });

  it('keeps the letters table on demand, encrypted, with point-in-time recovery, token TTL and the pk/sk key scheme', () => {
    storage.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
        ],
      }),
    });
  });

  it('indexes letters by status and time of receipt (the reconciler queries it instead of scanning)', () => {
    storage.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'receivedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });
});
