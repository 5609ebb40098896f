import { z } from 'zod';

/** Deployment settings, from cdk.json's context with `-c key=value` overrides; checked at synth time. */
const StageConfigSchema = z.object({
  municipality: z.string().min(1),
  recipients: z.array(z.email()).min(1),
  ownDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).min(1),
  rawMailPrefix: z.string().regex(/^[a-z0-9-]+\/$/, 'expected a prefix such as inbound/'),
  region: z.enum(['eu-west-1', 'eu-central-1', 'eu-west-2'], { error: 'SES receives mail in the EU only in eu-west-1, eu-west-2 and eu-central-1' }),
});

export type StageConfig = z.infer<typeof StageConfigSchema>;

/** Context values given on the command line arrive as strings; lists may be comma separated or JSON. */
const asList = (value: unknown): unknown =>
  typeof value === 'string' ? (value.trim().startsWith('[') ? JSON.parse(value) : value.split(',').map((s) => s.trim())) : value;

/** Reads `raadspost:*` context values and fails the synth with a clear message when one is wrong. */
export function stageConfigFrom(tryGetContext: (key: string) => unknown): StageConfig {
  const parsed = StageConfigSchema.safeParse({
    municipality: tryGetContext('raadspost:municipality'),
    recipients: asList(tryGetContext('raadspost:recipients')),
    ownDomains: asList(tryGetContext('raadspost:ownDomains')),
    rawMailPrefix: tryGetContext('raadspost:rawMailPrefix'),
    region: tryGetContext('raadspost:region'),
  });
  if (!parsed.success) throw new Error(`invalid raadspost context (cdk.json or -c): ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
