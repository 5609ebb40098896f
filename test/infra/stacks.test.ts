import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../infra/config.js';
import { FUNCTION_ORDER, FUNCTIONS } from '../../infra/functions.js';
import { DEPENDENCY_POLICIES, worstCaseCallMs, type Dependency } from '../../shared/adapters/aws-clients.js';
import { METRIC_NAMES } from '../../shared/metrics.js';
import { RETENTION_TAG } from '../../shared/domain/retention.js';
import {
  FUNCTION_ENVIRONMENTS,
  FUNCTION_NAMES,
  RUNTIME_PROVIDED_VARIABLES,
  loadAcknowledgeConfig,
  loadApprovalConfig,
  loadDeadLettersConfig,
  loadForwardConfig,
  loadIngestConfig,
  loadReconcileConfig,
  loadRegisterConfig,
  type FunctionName,
} from '../../shared/config.js';
import { ALL_FUNCTIONS_CONTEXT, SKIP_REASON, TEST_ENV, environmentFromStack, synthRaadspost } from './support.js';

/** Set by PipelineFunction for the runtime itself (source maps, Powertools), not for our loaders. */
const LAMBDA_OWN_VARIABLES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'];
const LOADERS: Record<FunctionName, (env: Record<string, string>) => unknown> = {
  'ingest-mail': loadIngestConfig,
  approval: loadApprovalConfig,
  'forward-letter': loadForwardConfig,
  'dead-letters': loadDeadLettersConfig,
  reconcile: loadReconcileConfig,
  acknowledge: loadAcknowledgeConfig,
  register: loadRegisterConfig,
};

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
/** The resource of raw mail objects and of the attachment copies, as the templates write them. */
const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'RaadspostStorage-prod-RawMailBucketArn' }, `/${prefix}*`]] });
const RAW_MAIL = JSON.stringify(objectsUnder('inbound/'));
const FILES = JSON.stringify(objectsUnder('files/'));
/** The S3 actions of these statements whose resource is `resource`. */
const s3ActionsOn = (statements: Statement[], resource: string) =>
  [...new Set(actionsOf(statements.filter((st) => asArray(st.Resource).some((r) => JSON.stringify(r) === resource))).filter((a) => a.startsWith('s3:')))].sort();
const NAMES = resourceNames('prod');

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

describe.skipIf(SKIP_REASON)('MailPipelineStack', () => {
  let pipeline: Template;
  let resources: Resources;
  beforeAll(() => {
    // Every function, acknowledgements included (raadspost:acknowledge; its default, off, is tested apart).
    ({ pipelineTemplate: pipeline } = synthRaadspost(ALL_FUNCTIONS_CONTEXT));
    resources = pipeline.toJSON().Resources;
  });

  it('stores the mail in S3 before invoking the ingest function, with scanning and TLS on', () => {
    pipeline.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Name: NAMES.receiptRule,
        Recipients: ['griffie@post.heemstede.nl'],
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
      SourceArn: `arn:aws:ses:eu-west-1:${TEST_ENV.account}:receipt-rule-set/${NAMES.receiptRuleSet}:receipt-rule/${NAMES.receiptRule}`,
    });
  });

  it('runs seven functions on nodejs22.x arm64, each with its own role', () => {
    const fns = Object.values(pipeline.findResources('AWS::Lambda::Function') as Resources).filter(
      (f) => (f.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME,
    );
    expect(fns).toHaveLength(7);
    for (const fn of fns) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    const roles = new Set(fns.map((f) => JSON.stringify(f.Properties?.Role)));
    expect(roles.size).toBe(7);
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
      ['DEFAULT_HANDLING', 'FORWARD_FUNCTION_NAME', 'GRIFFIE_ADDRESS', 'LETTERS_TABLE', 'MUNICIPALITY_NAME', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'RAW_MAIL_BUCKET', 'REGISTER_SCHEME'].sort(),
    );
    expect(env('forward-letter')).toMatchObject({ COUNCIL_LIST: 'raadsleden@heemstede.nl', GRIFFIE_ADDRESS: 'griffie@heemstede.nl' });
  });

  it('gives each function exactly the variables its loader reads, and its loader accepts them', () => {
    for (const name of FUNCTION_NAMES) {
      const schema = FUNCTION_ENVIRONMENTS[name];
      const env = environmentFromStack(name, pipeline);
      const declared = Object.keys(env).filter((k) => !LAMBDA_OWN_VARIABLES.includes(k));
      const read = Object.keys(schema.shape);
      const required = read.filter((k) => !schema.shape[k as keyof typeof schema.shape].safeParse(undefined).success);
      expect(declared.filter((k) => !read.includes(k)), `${name}: variables its loader never reads`).toEqual([]);
      expect(required.filter((k) => !declared.includes(k) && !(RUNTIME_PROVIDED_VARIABLES as readonly string[]).includes(k)), `${name}: required but not set`).toEqual([]);
      expect(() => LOADERS[name]({ ...env, AWS_REGION: 'eu-west-1' }), name).not.toThrow();
    }
  });

  it('publishes the approval page and the register pages as Function URLs without IAM auth (the one-time token is the authorisation)', () => {
    for (const name of ['approval', 'register']) {
      pipeline.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [functionId(pipeline, name), 'Arn'] } });
    }
    pipeline.resourceCountIs('AWS::Lambda::Url', 2);
    // The daily overview's links start at the register's URL.
    pipeline.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'reconcile', REGISTER_BASE_URL: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegisterFunctionUrl'), 'FunctionUrl'] } }) },
    });
  });

  describe('the register and the acknowledgements', () => {
    it('sends acknowledgements only when asked: by default no acknowledgement function, and nothing may mail anyone outside the lists', () => {
      const { pipelineTemplate: byDefault } = synthRaadspost();
      const services = Object.values(byDefault.findResources('AWS::Lambda::Function') as Resources).map(
        (f) => (f.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME,
      );
      expect(services).not.toContain('acknowledge');
      expect(JSON.stringify(byDefault.toJSON())).not.toContain('ACKNOWLEDGE_FUNCTION_NAME');
      const unlimited = Object.values(byDefault.findResources('AWS::IAM::Policy') as Resources)
        .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((st) => actionsOf([st]).some((a) => a.startsWith('ses:Send')) && !st.Condition?.['ForAllValues:StringEqualsIgnoreCase']);
      expect(unlimited).toEqual([]);
    });

    it('lets only the acknowledgement function send to the letters\' senders, from the griffie address, reading nothing but the letters', () => {
      const statements = statementsOf(pipeline, 'acknowledge');
      const send = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('ses:')));
      expect(send).toEqual([expect.objectContaining({ Action: ['ses:SendEmail', 'ses:SendRawEmail'], Condition: { StringEqualsIgnoreCase: { 'ses:FromAddress': 'griffie@heemstede.nl' } } })]);
      const actions = actionsOf(statements);
      expect(actions.filter((a) => /^(s3|kms|lambda):/.test(a))).toEqual([]);
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      // It queries only the campaign index (which holds what an acknowledgement needs), never the table.
      const query = statements.filter((s) => actionsOf([s]).includes('dynamodb:Query'));
      expect(query).toHaveLength(1);
      expect(JSON.stringify(query[0]?.Resource)).toMatch(/\/index\/byCampaign"/);
      // Every other role that sends is limited to its list.
      for (const name of FUNCTION_NAMES.filter((n) => n !== 'acknowledge')) {
        for (const st of statementsOf(pipeline, name).filter((x) => actionsOf([x]).some((a) => a.startsWith('ses:Send')))) {
          expect(st.Condition?.['ForAllValues:StringEqualsIgnoreCase'], name).toBeDefined();
        }
      }
    });

    it('lets the forward function and the reconciler start the acknowledgements', () => {
      const acknowledge = functionId(pipeline, 'acknowledge');
      for (const name of ['forward-letter', 'reconcile']) {
        const invoke = statementsOf(pipeline, name).find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
        expect(JSON.stringify(invoke?.Resource), name).toContain(acknowledge);
        pipeline.hasResourceProperties('AWS::Lambda::Function', {
          Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: name, ACKNOWLEDGE_FUNCTION_NAME: { Ref: acknowledge } }) },
        });
      }
    });

    it('lets the register read the list through its index, correct and retag a filed message, and mail only the approvers', () => {
      const statements = statementsOf(pipeline, 'register');
      // The list through its index; under a letter (its acknowledgements follow a corrected retention) on the table.
      const query = statements.filter((s) => actionsOf([s]).includes('dynamodb:Query'));
      expect(query.map((s) => JSON.stringify(s.Resource).match(/\/index\/(\w+)"/)?.[1] ?? 'table').sort()).toEqual(['byRegisterNumber', 'table']);
      expect(s3ActionsOn(statements, RAW_MAIL)).toEqual(['s3:PutObjectTagging']);
      expect(s3ActionsOn(statements, FILES)).toEqual(['s3:GetObject', 's3:PutObjectTagging']);
      const send = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
      expect(send).toHaveLength(1);
      expect(send[0]?.Condition?.['ForAllValues:StringEqualsIgnoreCase']).toEqual({ 'ses:Recipients': ['griffier@heemstede.nl'] });
      expect(actionsOf(statements)).not.toContain('lambda:InvokeFunction');
    });

    it('takes the afdoeningsvoorstellen, the acknowledgement text and the list\'s word for a resident from the context, checked at synth', () => {
      const { pipelineTemplate } = synthRaadspost({
        ...ALL_FUNCTIONS_CONTEXT,
        'raadspost:handlingOptions': 'voor kennisgeving aannemen; in handen van het college ...',
        'raadspost:defaultHandling': 'voor kennisgeving aannemen',
        'raadspost:acknowledgementTemplate': 'Uw brief heeft nummer {nummer}.',
        'raadspost:listPrivateSender': 'burger',
      });
      expect(environmentFromStack('approval', pipelineTemplate)).toMatchObject({ HANDLING_OPTIONS: 'voor kennisgeving aannemen\nin handen van het college ...', DEFAULT_HANDLING: 'voor kennisgeving aannemen' });
      expect(loadApprovalConfig({ ...environmentFromStack('approval', pipelineTemplate), AWS_REGION: 'eu-west-1' }).handling.options).toHaveLength(2);
      expect(environmentFromStack('acknowledge', pipelineTemplate)).toMatchObject({ ACKNOWLEDGEMENT_TEMPLATE: 'Uw brief heeft nummer {nummer}.' });
      expect(environmentFromStack('register', pipelineTemplate)).toMatchObject({ LIST_PRIVATE_SENDER: 'burger' });
      expect(() => synthRaadspost({ 'raadspost:acknowledgementTemplate': 'Dank.' })).toThrow(/must name the number: \{nummer\}/);
      expect(() => synthRaadspost({ 'raadspost:defaultHandling': 'afwijzen' })).toThrow(/the default "afwijzen" is not one of the options/);
    });
  });

  describe('least privilege', () => {
    it('uses no wildcard actions in any function role', () => {
      for (const name of FUNCTION_NAMES) {
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

    it('gives the approval function no raw mail and no SES: it reads only the attachment copies it hands out', () => {
      const statements = statementsOf(pipeline, 'approval');
      const actions = actionsOf(statements);
      expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
      expect(s3ActionsOn(statements, RAW_MAIL)).toEqual([]);
      expect(s3ActionsOn(statements, FILES)).toEqual(['s3:GetObject']);
      expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
      expect(actions.filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      expect(actions).toContain('lambda:InvokeFunction');
      const invoke = statementsOf(pipeline, 'approval').find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
      expect(invoke?.Resource).toEqual({ 'Fn::GetAtt': [functionId(pipeline, 'forward-letter'), 'Arn'] });
    });

    it('lets ingest and forward read raw mail only under the prefix, decrypting only through S3', () => {
      for (const name of ['ingest-mail', 'forward-letter']) {
        const statements = statementsOf(pipeline, name);
        expect(s3ActionsOn(statements, RAW_MAIL)).toContain('s3:GetObject');
        for (const s of statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('kms:')))) {
          expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
        }
        // Every S3 action is on raw mail or the attachment copies, or ListBucket on the bucket.
        for (const s of statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('s3:')))) {
          expect(actionsOf([s]).every((a) => a === 's3:ListBucket') || asArray(s.Resource).every((r) => [RAW_MAIL, FILES].includes(JSON.stringify(r))), JSON.stringify(s)).toBe(true);
        }
      }
    });

    it('lets ingest tag raw mail (its retention kind) but never write it, and store the attachment copies', () => {
      const statements = statementsOf(pipeline, 'ingest-mail');
      expect(s3ActionsOn(statements, RAW_MAIL)).toEqual(['s3:GetObject', 's3:PutObjectTagging']);
      expect(s3ActionsOn(statements, FILES)).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
    });

    it('lets forward store raw mail again only as a copy of raw mail (restarting a decided letter’s retention)', () => {
      const statements = statementsOf(pipeline, 'forward-letter');
      expect(s3ActionsOn(statements, RAW_MAIL)).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
      expect(s3ActionsOn(statements, FILES)).toEqual(['s3:GetObject', 's3:PutObjectTagging']);
      const put = statements.filter((s) => actionsOf([s]).includes('s3:PutObject'));
      expect(put).toEqual([expect.objectContaining({ Action: 's3:PutObject', Condition: { StringLike: { 's3:x-amz-copy-source': [expect.objectContaining({ 'Fn::Join': expect.anything() })] } } })]);
      expect(JSON.stringify(put[0]?.Condition)).toContain('/inbound/*');
      expect(statements.filter((s) => actionsOf([s]).includes('kms:GenerateDataKey'))).toEqual([
        expect.objectContaining({ Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }),
      ]);
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

    it('lets the reconciler list raw mail under the prefix but not read it (only the PDFs of an approval mail), and invoke only ingest, forward and the acknowledgements', () => {
      const statements = statementsOf(pipeline, 'reconcile');
      const actions = actionsOf(statements);
      expect(s3ActionsOn(statements, RAW_MAIL)).toEqual([]);
      expect(s3ActionsOn(statements, FILES)).toEqual(['s3:GetObject']);
      expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['inbound/*'] } } }));
      const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
      expect(invoke?.Resource).toEqual(
        expect.arrayContaining([
          { 'Fn::GetAtt': [functionId(pipeline, 'ingest-mail'), 'Arn'] },
          { 'Fn::GetAtt': [functionId(pipeline, 'forward-letter'), 'Arn'] },
          { 'Fn::GetAtt': [functionId(pipeline, 'acknowledge'), 'Arn'] },
        ]),
      );
      expect(invoke?.Resource).toHaveLength(3);
      expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      const query = statements.find((s) => actionsOf([s]).includes('dynamodb:Query'));
      expect(JSON.stringify(query?.Resource)).toMatch(/\/index\/byStatus"/);
    });

    it('gives the reconciler its grace period from the context (1 hour by default)', () => {
      pipeline.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ RECONCILE_OLDER_THAN: '1h', INGEST_FUNCTION_NAME: Match.anyValue() }) },
      });
    });

    it('runs the reconciler hourly, and daily at 07:00 Dutch time with the overview, from one schedule group', () => {
      const schedules = Object.values(pipeline.findResources('AWS::Scheduler::Schedule') as Resources).map((r) => r.Properties ?? {});
      const reconcile = functionId(pipeline, 'reconcile');
      expect(schedules.every((s) => JSON.stringify((s.Target as { Arn: unknown }).Arn).includes(reconcile))).toBe(true);
      expect(schedules.map((s) => [s.ScheduleExpression, s.ScheduleExpressionTimezone, (s.Target as { Input: string }).Input]).sort()).toEqual([
        ['cron(0 7 * * ? *)', 'Europe/Amsterdam', '{"overview":true}'],
        ['cron(17 * * * ? *)', 'Europe/Amsterdam', '{}'],
      ]);
      expect(schedules.every((s) => s.GroupName !== undefined)).toBe(true);
      pipeline.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: NAMES.scheduleGroup });
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

  it('alarms on every failure, all to the encrypted topic', () => {
    const alarms = Object.values(pipeline.findResources('AWS::CloudWatch::Alarm') as Resources).map((a) => a.Properties ?? {});
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    const fnDimension = (a: Record<string, unknown>) => JSON.stringify(a.Dimensions);
    const everyFunction = FUNCTION_NAMES.map((n) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId(pipeline, n) } }]));
    expect(byMetric('Errors').map(fnDimension).sort()).toEqual([...everyFunction].sort());
    expect(byMetric('Throttles').map(fnDimension).sort()).toEqual([...everyFunction].sort());
    // The pages answer their own 503 page on any failure: their Errors stay 0, the URL's 5xx count does not.
    expect(byMetric('Url5xxCount')).toEqual(
      ['approval', 'register'].map((name) =>
        expect.objectContaining({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(pipeline, name) } }] }),
      ),
    );
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(byMetric('ApproximateNumberOfMessagesVisible').every((a) => a.Threshold === 1 && a.ComparisonOperator === 'GreaterThanOrEqualToThreshold')).toBe(true);
    expect(byMetric('ApproximateAgeOfOldestMessage').map((a) => [JSON.stringify(a.Dimensions), a.Threshold]).sort()).toEqual([
      [expect.stringContaining('ForwardFailures'), 3600],
      [expect.stringContaining('IngestFailures'), 3600],
    ]);
    // EventBridge Scheduler's failed invocations (dropped after its retries), for the group that holds every schedule.
    expect(byMetric('InvocationDroppedCount')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/Scheduler', Dimensions: [{ Name: 'ScheduleGroup', Value: NAMES.scheduleGroup }], Threshold: 1 }),
    ]);
    // Permanent forward failures end the invocation normally: the forward handler counts them (shared/metrics.ts).
    expect(byMetric(METRIC_NAMES.permanentForwardFailures)).toEqual([
      expect.objectContaining({ Namespace: NAMES.metricsNamespace, Dimensions: [{ Name: 'service', Value: 'forward-letter' }], Statistic: 'Sum', Threshold: 1 }),
    ]);
    expect((resources[functionId(pipeline, 'forward-letter')]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.METRICS_NAMESPACE).toBe(NAMES.metricsNamespace);
    expect(byMetric('Reputation.BounceRate')).toEqual([expect.objectContaining({ Namespace: 'AWS/SES', Threshold: 0.05 })]);
    expect(byMetric('Bounce')).toEqual([expect.objectContaining({ Dimensions: [{ Name: 'ConfigurationSet', Value: NAMES.configurationSet }] })]);
    const expressions = alarms.flatMap((a) => (a.Metrics as { Expression?: string }[] | undefined)?.map((m) => m.Expression) ?? []);
    expect(expressions).toEqual(expect.arrayContaining(['SELECT SUM(PublishFailure) FROM "AWS/SES"', 'SELECT SUM(PublishExpired) FROM "AWS/SES"']));
    const [topicId] = Object.keys(pipeline.findResources('AWS::SNS::Topic'));
    expect(alarms.every((a) => JSON.stringify(a.AlarmActions) === JSON.stringify([{ Ref: topicId }]))).toBe(true);
    pipeline.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    pipeline.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('warns at synth when no operator e-mail is set, since every alarm would go nowhere', () => {
    const { pipeline: withoutEmail } = synthRaadspost();
    Annotations.fromStack(withoutEmail).hasWarning('/RaadspostPipeline/Alarms', Match.stringLikeRegexp('raadspost:operatorEmail is not set: every alarm'));
    const { pipeline: withEmail } = synthRaadspost({ 'raadspost:operatorEmail': 'beheer@heemstede.nl' });
    Annotations.fromStack(withEmail).hasNoWarning('*', Match.stringLikeRegexp('operatorEmail'));
  });

  describe('limits', () => {
    it('reserves a small, configurable concurrency for the public pages only (approval and register)', () => {
      const reserved = (t: Template) =>
        Object.fromEntries(
          Object.values(t.findResources('AWS::Lambda::Function') as Resources)
            .filter((f) => f.Properties?.ReservedConcurrentExecutions !== undefined)
            .map((f) => [(f.Properties?.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME, f.Properties?.ReservedConcurrentExecutions]),
        );
      expect(reserved(pipeline)).toEqual({ approval: 5, register: 5 });
      expect(reserved(synthRaadspost({ 'raadspost:approvalConcurrency': '12' }).pipelineTemplate)).toEqual({ approval: 12, register: 12 });
    });

    it('keeps a failure queue message invisible for at least six times its consumer’s timeout', () => {
      const consumerTimeout = resources[functionId(pipeline, 'dead-letters')]?.Properties?.Timeout as number;
      const queues = Object.values(pipeline.findResources('AWS::SQS::Queue') as Resources);
      expect(queues).toHaveLength(2);
      for (const q of queues) expect(q.Properties?.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * consumerTimeout);
    });

    it('gives every function a timeout longer than the worst case of each dependency it uses', () => {
      for (const name of FUNCTION_ORDER) {
        const declaration = FUNCTIONS[name];
        const used: Dependency[] = [
          'dynamodb',
          ...(declaration.rawMail ? (['s3'] as const) : []),
          ...(declaration.mailsTo ? (['ses'] as const) : []),
          ...(declaration.invokes?.length ? (['lambda'] as const) : []),
        ];
        const timeoutMs = (resources[functionId(pipeline, name)]?.Properties?.Timeout as number) * 1000;
        for (const dependency of used) {
          expect(worstCaseCallMs(DEPENDENCY_POLICIES[dependency]), `${name} uses ${dependency}`).toBeLessThan(timeoutMs);
        }
      }
    });
  });

  describe('names and ownership', () => {
    it('puts the stage in every name that must be unique per account and region', () => {
      const { app, pipelineTemplate, storageTemplate, pipeline: stack, storage } = synthRaadspost({ 'raadspost:stage': 'test' });
      expect([stack.stackName, storage.stackName]).toEqual(['RaadspostPipeline-test', 'RaadspostStorage-test']);
      pipelineTemplate.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'raadspost-test' });
      pipelineTemplate.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Name: 'raadspost-test-griffie' }) });
      pipelineTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'raadspost-test' });
      pipelineTemplate.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'raadspost-test' });
      expect(JSON.stringify(storageTemplate.toJSON())).toContain('receipt-rule-set/raadspost-test:receipt-rule/raadspost-test-griffie');
      expect(JSON.stringify(storageTemplate.toJSON().Outputs)).toContain('RaadspostStorage-test-RawMailBucketArn');
      expect(app.node.tryGetContext('raadspost:stage')).toBe('test');
    });

    it('sends with the configuration set named on every message', () => {
      for (const name of ['ingest-mail', 'forward-letter', 'dead-letters', 'reconcile']) {
        expect((resources[functionId(pipeline, name)]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.SES_CONFIGURATION_SET).toBe(NAMES.configurationSet);
      }
    });

    it('keeps the SES identity and the failure queues when the stack is deleted, and protects the stack', () => {
      const { pipeline: stack } = synthRaadspost();
      expect(stack.terminationProtection).toBe(true);
      pipeline.hasResource('AWS::SES::EmailIdentity', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      pipeline.allResources('AWS::SQS::Queue', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      // Logical IDs at the stack's root: moving them into a construct would replace them.
      for (const id of ['SendingIdentity', 'IngestFailures', 'ForwardFailures', 'ReceiptRuleSet', 'AlarmTopic']) expect(stack.node.tryFindChild(id), id).toBeDefined();
    });

    it('uses an existing SES identity when asked, without creating one or its DKIM outputs', () => {
      const { pipelineTemplate } = synthRaadspost({ 'raadspost:sendingIdentity': 'existing' });
      pipelineTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
      expect(Object.keys(pipelineTemplate.toJSON().Outputs).filter((o) => o.startsWith('Dkim'))).toEqual([]);
      const statements = statementsOf(pipelineTemplate, 'forward-letter').filter((s) => actionsOf([s]).includes('ses:SendEmail'));
      expect(JSON.stringify(statements[0]?.Resource)).toContain(':identity/heemstede.nl');
    });
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
    ({ storageTemplate: storage } = synthRaadspost());
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
      }),
    });
    storage.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('expires raw mail by its retention tag: one rule per kind, letters kept five years, nothing shorter covering them', () => {
    const lifecycle = (t: Template) => {
      const [bucket] = Object.values(t.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }) as Resources);
      return (bucket?.Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    };
    const rules = lifecycle(storage);
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
    // By tag alone: raw mail (inbound/) and the letters' attachment copies (files/) alike.
    expect(expiring.map((r) => [r.TagFilters, r.Prefix, r.ExpirationInDays])).toEqual([
      [[{ Key: RETENTION_TAG, Value: 'record' }], undefined, 1827],
      [[{ Key: RETENTION_TAG, Value: 'short' }], undefined, 90],
      [[{ Key: RETENTION_TAG, Value: 'quarantine' }], undefined, 365],
    ]);
    // An object has one value of the tag, so no two expirations overlap; pending and untagged mail never expires.
    expect(rules.filter((r) => r.ExpirationInDays !== undefined && !r.TagFilters)).toEqual([]);
    expect(rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true }));
    const longer = lifecycle(synthRaadspost({ 'raadspost:retentionRecordDays': '3653', 'raadspost:retentionShortDays': '30' }).storageTemplate);
    expect(longer.filter((r) => r.ExpirationInDays !== undefined).map((r) => r.ExpirationInDays)).toEqual([3653, 30, 365]);
  });

  it('lets only SES of this account, through our receipt rule, write raw mail, over TLS only', () => {
    const [policy] = Object.values(storage.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: Match.stringLikeRegexp('^RawMailBucket') } } }) as Resources);
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    );
    const deny = statements.find((s) => s.Effect === 'Deny' && s.Action === 's3:PutObject');
    expect(JSON.stringify(deny?.Condition?.StringNotLike?.['aws:SourceArn'])).toContain(`:receipt-rule-set/${NAMES.receiptRuleSet}:receipt-rule/${NAMES.receiptRule}`);
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

  it('indexes letters by status and time of receipt (the reconciler queries it instead of scanning), by year and number (the list), and by campaign (the acknowledgements)', () => {
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
        {
          IndexName: 'byRegisterNumber',
          KeySchema: [
            { AttributeName: 'registerYear', KeyType: 'HASH' },
            { AttributeName: 'registerSequence', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byCampaign',
          KeySchema: [
            { AttributeName: 'campaignOf', KeyType: 'HASH' },
            { AttributeName: 'receivedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['id', 'from', 'verdicts', 'automated', 'subject', 'headerMessageId'] },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'registerYear', AttributeType: 'N' },
        { AttributeName: 'registerSequence', AttributeType: 'N' },
        { AttributeName: 'campaignOf', AttributeType: 'S' },
      ]),
    });
  });
});
