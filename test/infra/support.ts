import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stageConfigFrom } from '../../infra/config.js';
import { REPO_ROOT, entryOf, type PipelineFunctionName } from '../../infra/constructs/pipeline-function.js';
import { FUNCTION_NAMES as DECLARED_FUNCTIONS } from '../../shared/config.js';
import { addRaadspostStacks } from '../../infra/raadspost.js';

export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' };

/** cdk.json's context (defaults and feature flags): the tests synthesise what `cdk synth` synthesises. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;

export const FUNCTION_NAMES: readonly PipelineFunctionName[] = DECLARED_FUNCTIONS;

/**
 * NodejsFunction checks that its entry file exists even when bundling is skipped. The approval and forward functions are
 * written in parallel with the infra; until their index.ts exists, the tests that synthesise the stacks are skipped.
 */
export const missingEntries = FUNCTION_NAMES.filter((name) => !existsSync(entryOf(name)));
export const SKIP_REASON = missingEntries.length
  ? `skipped: no functions/{${missingEntries.join(',')}}/index.ts yet (NodejsFunction requires the entry file)`
  : '';

/** Context that makes every function exist (the acknowledgement function only comes with raadspost:acknowledge). */
export const ALL_FUNCTIONS_CONTEXT: Record<string, unknown> = { 'raadspost:acknowledge': true };

/** Synthesises both stacks with cdk.json's context plus `overrides`, without esbuild (STYLE 6.9). */
export function synthRaadspost(overrides: Record<string, unknown> = {}) {
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [], ...overrides } });
  const config = stageConfigFrom((key) => app.node.tryGetContext(key));
  const { storage, pipeline } = addRaadspostStacks(app, config, TEST_ENV);
  return { app, config, storage, pipeline, storageTemplate: Template.fromStack(storage), pipelineTemplate: Template.fromStack(pipeline) };
}

/** The function's environment from the synthesised template; CloudFormation references become plausible dummies. */
export function environmentFromStack(name: PipelineFunctionName, pipelineTemplate: Template = synthRaadspost(ALL_FUNCTIONS_CONTEXT).pipelineTemplate): Record<string, string> {
  const fn = Object.values(pipelineTemplate.toJSON().Resources as Record<string, { Type: string; Properties: { Environment?: { Variables: Record<string, unknown> } } }>).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables.POWERTOOLS_SERVICE_NAME === name,
  );
  if (!fn) throw new Error(`no function ${name} in the pipeline stack`);
  return Object.fromEntries(
    Object.entries(fn.Properties.Environment?.Variables ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : key.endsWith('_URL') ? 'https://abcdefghij.lambda-url.eu-west-1.on.aws/' : `dummy-${key.toLowerCase().replace(/_/g, '-')}`,
    ]),
  );
}
