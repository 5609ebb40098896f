import type { App, Environment } from 'aws-cdk-lib';
import { resourceNames, type StageConfig } from './config.js';
import { MailPipelineStack } from './stacks/mail-pipeline-stack.js';
import { MailStorageStack } from './stacks/mail-storage-stack.js';

/** Stack construct IDs. Never renamed: the storage stack holds the mail. The stack names add the stage (resourceNames). */
export const STORAGE_STACK_ID = 'RaadspostStorage';
export const PIPELINE_STACK_ID = 'RaadspostPipeline';

/** Adds Raadspost's two stacks to an app; shared by infra/app.ts and the infra tests so both build the same thing. */
export function addRaadspostStacks(app: App, config: StageConfig, env: Environment) {
  const names = resourceNames(config.stage);
  const storage = new MailStorageStack(app, STORAGE_STACK_ID, {
    env,
    stackName: names.stack(STORAGE_STACK_ID),
    description: `Raadspost ${config.municipality} (${config.stage}): raw mail, its key, letters table (retained)`,
    config,
  });
  const pipeline = new MailPipelineStack(app, PIPELINE_STACK_ID, {
    env,
    stackName: names.stack(PIPELINE_STACK_ID),
    description: `Raadspost ${config.municipality} (${config.stage}): SES receiving and sending, functions, schedules, alarms`,
    config,
    rawMail: storage.rawMail,
    rawMailArnExportName: storage.rawMailArnExportName,
    rawMailKey: storage.rawMailKey,
    letters: storage.letters,
  });
  return { storage, pipeline };
}
