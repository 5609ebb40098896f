/**
 * vitest globalSetup of the integration project: starts dynalite, s3rver and aws-ses-v2-local once, on
 * 127.0.0.1 with free ports, and provides their endpoints to the test files (`inject('endpoints')`).
 */
import type { TestProject } from 'vitest/node';
import { LOCAL_AWS_ENV, startEmulators, type EmulatorEndpoints } from '../../infra/local/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: EmulatorEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The SDK needs some credentials even for emulators; dummy ones also make sure no test ever signs with
  // a developer's real keys. Workers start after globalSetup and inherit this environment.
  Object.assign(process.env, LOCAL_AWS_ENV);
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const emulators = await startEmulators({ ports: { s3: 0, dynamodb: 0, ses: 0 } });
  project.provide('endpoints', emulators.endpoints);
  return () => emulators.stop();
}
