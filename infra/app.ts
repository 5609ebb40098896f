import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfigFrom } from './config.js';
import { addRaadspostStacks } from './raadspost.js';

const app = new App();
// cdk-nag v3: a policy-validation plugin; unacknowledged AwsSolutions findings fail `cdk synth` with a report.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const config = stageConfigFrom((key) => app.node.tryGetContext(key));
addRaadspostStacks(app, config, { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region });
