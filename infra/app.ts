import { App } from 'aws-cdk-lib';
import { stageConfigFrom } from './config.js';
import { MailPipelineStack } from './stacks/mail-pipeline-stack.js';
import { MailStorageStack } from './stacks/mail-storage-stack.js';

const app = new App();
const config = stageConfigFrom((key) => app.node.tryGetContext(key));
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region };

const storage = new MailStorageStack(app, 'RaadspostStorage', { env });
new MailPipelineStack(app, 'RaadspostPipeline', { env, config, rawMail: storage.rawMail, letters: storage.letters });
