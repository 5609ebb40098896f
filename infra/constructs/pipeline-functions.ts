import { Fn, type Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ENV, type FunctionName } from '../../shared/config.js';
import { LETTER_FILES_PREFIX } from '../../shared/domain/letter.js';
import type { StageConfig } from '../config.js';
import { FUNCTION_ORDER, FUNCTIONS, INVOKE_VARIABLES, type DeclarationContext, type FunctionDeclaration } from '../functions.js';
import { PipelineFunction } from './pipeline-function.js';
import type { Sending } from './sending.js';

export interface PipelineResources {
  readonly config: StageConfig;
  readonly letters: ITableV2;
  readonly rawMail: {
    readonly bucketName: string;
    /** Export name of the bucket's ARN (stable, so policies and their cdk-nag reviews can name it). */
    readonly arnExportName: string;
    /** The bucket's KMS key: readers need kms:Decrypt through S3. */
    readonly key: IKey;
  };
  readonly sending: Sending;
  /** The approval page's URL (may be a lazy value: the page is made from the approval function). */
  readonly approvalUrl: string;
  /** The register pages' URL (may be a lazy value: the pages are made from the register function). */
  readonly registerUrl: string;
}

/** The functions a deployment may leave out (FunctionDeclaration.when); every other one is always there. */
export type OptionalFunction = 'acknowledge';

/** The created functions: all of them, except an optional one the deployment does not have. */
export type PipelineFunctions = Readonly<Record<Exclude<FunctionName, OptionalFunction>, PipelineFunction>> &
  Readonly<Partial<Record<OptionalFunction, PipelineFunction>>>;

/**
 * Creates every declared function (infra/functions.ts) at the stack's root, in declaration order: its environment is
 * what it uses plus its settings, and its role gets exactly the permissions of what it uses.
 */
export function createPipelineFunctions(stack: Stack, resources: PipelineResources): PipelineFunctions {
  const created: Partial<Record<FunctionName, PipelineFunction>> = {};
  const ctx: DeclarationContext = { config: resources.config, approvalUrl: resources.approvalUrl, registerUrl: resources.registerUrl };
  for (const name of FUNCTION_ORDER) {
    const declaration = FUNCTIONS[name] as FunctionDeclaration<typeof name>;
    if (declaration.when && !declaration.when(resources.config)) continue;
    const fn = new PipelineFunction(stack, declaration.id, {
      name,
      timeout: declaration.timeout,
      ...(declaration.memorySize !== undefined && { memorySize: declaration.memorySize }),
      ...(declaration.reservedConcurrency && { reservedConcurrentExecutions: declaration.reservedConcurrency(resources.config) }),
      environment: environmentOf(declaration, ctx, resources, created),
    });
    grant(stack, fn, declaration, resources, created);
    created[name] = fn;
  }
  return created as PipelineFunctions;
}

/** The variables of what the function uses, then its settings. */
function environmentOf(
  declaration: FunctionDeclaration<FunctionName>,
  ctx: DeclarationContext,
  resources: PipelineResources,
  created: Partial<Record<FunctionName, PipelineFunction>>,
): Record<string, string> {
  const { config, letters, rawMail, sending } = resources;
  const { mailsTo } = declaration;
  return {
    [ENV.lettersTable]: letters.tableName,
    ...(declaration.letterFiles && { [ENV.rawMailBucket]: rawMail.bucketName }),
    ...(declaration.rawMail && { [ENV.rawMailBucket]: rawMail.bucketName, [ENV.rawMailPrefix]: config.rawMailPrefix }),
    ...(mailsTo && {
      [ENV.griffieAddress]: config.griffieAddress,
      [ENV.sesConfigurationSet]: sending.configurationSetName,
      ...(mailsTo === 'approvers' && { [ENV.approvers]: config.approvers.join(',') }),
      ...(mailsTo === 'council' && { [ENV.councilList]: config.councilList.join(',') }),
    }),
    ...Object.fromEntries(invokedBy(declaration, resources.config, created).map(([target, fn]) => [INVOKE_VARIABLES[target], fn.functionName])),
    ...(declaration.settings(ctx) as Record<string, string>),
  };
}

function grant(
  stack: Stack,
  fn: PipelineFunction,
  declaration: FunctionDeclaration<FunctionName>,
  { config, letters, rawMail, sending }: PipelineResources,
  created: Partial<Record<FunctionName, PipelineFunction>>,
): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: [...declaration.letters], resources: [letters.tableArn] }));
  for (const index of declaration.lettersIndexes ?? []) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${letters.tableArn}/index/${index}`] }));
  }

  const bucketArn = Fn.importValue(rawMail.arnExportName);
  const objects = `${bucketArn}/${config.rawMailPrefix}*`;
  const access = new Set(declaration.rawMail ?? []);
  if (access.has('read') || access.has('tag') || access.has('restart-retention')) {
    fn.acknowledgeRoleFinding(
      `AwsSolutions-IAM5[Resource::${rawMail.arnExportName}/${config.rawMailPrefix}*]`,
      `Raw mail objects are named by SES message id under ${config.rawMailPrefix}; the id is unknown in advance, so access is scoped to the prefix.`,
    );
  }
  if (access.has('read')) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    // Without ListBucket S3 answers a missing key with AccessDenied, which the adapter must treat as transient.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [rawMail.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
  }
  if (access.has('tag') || access.has('restart-retention')) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObjectTagging'], resources: [objects] }));
  }
  if (access.has('restart-retention')) {
    // A write only as a copy from raw mail: the role cannot put bytes of its own into the record of what was received.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: { StringLike: { 's3:x-amz-copy-source': [`${rawMail.bucketName}/${config.rawMailPrefix}*`] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [rawMail.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
  }
  const files = new Set(declaration.letterFiles ?? []);
  if (files.size > 0) {
    const fileObjects = `${bucketArn}/${LETTER_FILES_PREFIX}*`;
    const kms = (action: string) =>
      new PolicyStatement({ actions: [action], resources: [rawMail.key.keyArn], conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } } });
    if (files.has('read')) fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [fileObjects] }));
    // Without ListBucket S3 answers a missing copy with AccessDenied instead of NoSuchKey (LetterFileMissingError).
    if (files.has('read')) fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    if (files.has('read')) fn.addToRolePolicy(kms('kms:Decrypt'));
    if (files.has('write')) fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [fileObjects] }));
    if (files.has('write')) fn.addToRolePolicy(kms('kms:GenerateDataKey'));
    if (files.has('tag')) fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObjectTagging'], resources: [fileObjects] }));
    fn.acknowledgeRoleFinding(
      `AwsSolutions-IAM5[Resource::${rawMail.arnExportName}/${LETTER_FILES_PREFIX}*]`,
      `Attachment copies are named ${LETTER_FILES_PREFIX}<SES message id>/<index>; the ids are unknown in advance, so access is scoped to the prefix.`,
    );
  }
  if (access.has('list')) {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn], conditions: { StringLike: { 's3:prefix': [`${config.rawMailPrefix}*`] } } }),
    );
  }

  if (declaration.mailsTo === 'approvers') sending.grantSendOnlyTo(fn, config.griffieAddress, config.approvers);
  // The forward's visible To is the griffie itself (the council gets it in BCC, shared/application/forward-letter.ts);
  // allow that address too in case SES counts header recipients of raw content in ses:Recipients.
  if (declaration.mailsTo === 'council') sending.grantSendOnlyTo(fn, config.griffieAddress, [...config.councilList, config.griffieAddress]);
  if (declaration.mailsTo === 'senders') sending.grantSendToSenders(fn, config.griffieAddress);

  const targets = invokedBy(declaration, config, created).map(([, target]) => target.functionArn);
  if (targets.length > 0) fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: targets }));
}

/** The functions this one starts that the deployment has (a function left out by its `when` is not started). */
const invokedBy = (
  declaration: FunctionDeclaration<FunctionName>,
  config: StageConfig,
  created: Partial<Record<FunctionName, PipelineFunction>>,
): [keyof typeof INVOKE_VARIABLES, PipelineFunction][] =>
  (declaration.invokes ?? []).flatMap((target): [keyof typeof INVOKE_VARIABLES, PipelineFunction][] => {
    const targetDeclaration = FUNCTIONS[target] as FunctionDeclaration<FunctionName>;
    if (targetDeclaration.when && !targetDeclaration.when(config)) return [];
    const fn = created[target];
    if (!fn) throw new Error(`infra/functions.ts: ${target} must be declared before the functions that invoke it`);
    return [[target, fn]];
  });
