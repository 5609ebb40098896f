import { z } from 'zod';
import { parseGrace } from '../shared/domain/duration.js';

/**
 * SES receives mail only in some regions; we keep the mail in the EU (the griffie's correspondence is personal data).
 * https://docs.aws.amazon.com/ses/latest/dg/regions.html#region-receive-email
 */
export const SES_RECEIVING_REGIONS = ['eu-west-1', 'eu-central-1', 'eu-west-2'] as const;

const domain = z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a lower-case domain such as heemstede.nl');
const address = z.email().transform((a) => a.toLowerCase());
const addressList = z.array(address).min(1);

/** Context values given on the command line arrive as strings; lists may be comma separated or JSON. */
const asList = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value; // zod then reports "expected array" for this key
    }
  }
  return trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim());
};

/** `-c key=true` arrives as the string 'true'. */
const asBoolean = (value: unknown): unknown =>
  value === undefined ? undefined : typeof value === 'string' ? ({ true: true, false: false } as Record<string, boolean>)[value] ?? value : value;

/** `-c key=30` arrives as the string '30'. */
const asNumber = (value: unknown): unknown => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value);

/** `-c key=` (empty) means "not set" for optional values. */
const asOptional = (value: unknown): unknown => (value === '' || value === null ? undefined : value);

const StageConfigSchema = z
  .object({
    /** The municipality's name, shown in the approval mail and page. */
    municipality: z.string().min(1),
    /** Addresses SES receives for (the receipt rule's recipients): the griffie's inbound address(es). */
    recipients: addressList,
    /** The municipality's own mail domains: mail from them is the organisation itself. */
    ownDomains: z.array(domain).min(1),
    rawMailPrefix: z.string().regex(/^[a-z0-9-]+\/$/, 'expected a prefix such as inbound/'),
    region: z.enum(SES_RECEIVING_REGIONS, { error: `SES receives mail in the EU only in ${SES_RECEIVING_REGIONS.join(', ')}` }),
    /** Who approves letters (griffier and deputies): the approval mail goes only to them. */
    approvers: addressList,
    /** The council's distribution list: approved letters are forwarded only to it. */
    councilList: addressList,
    /** The SES sending identity (Easy DKIM): every From address must be on it. */
    sendingDomain: domain,
    /** The From address of the approval mail and of the forward to the council. */
    griffieAddress: address,
    /** Days a raw message is kept in S3 (Archiefwet/selectielijst: decide with the records manager). */
    retentionDays: z.number().int().min(1).max(3650),
    /** Days an approval link stays valid (DynamoDB TTL on TOKEN# items). */
    tokenTtlDays: z.number().int().min(1).max(60),
    /** How numbers on the lijst ingekomen stukken are counted. */
    registerScheme: z.enum(['yearly', 'continuous']),
    /** Where alarms are mailed (SNS e-mail subscription, confirmed by the recipient). @default - no subscription */
    operatorEmail: address.optional(),
    /** Activate the receipt rule set (replaces any active set in the account and region). @default false */
    activateRuleSet: z.boolean().default(false),
    /** How long the pipeline gets before the reconciler steps in (RECONCILE_OLDER_THAN): 10m, 1h, 2d. @default 1h */
    reconcileOlderThan: z
      .string()
      .default('1h')
      .refine((text) => parseGrace(text, 'reconcileOlderThan').ok, { error: 'expected a duration such as 10m, 1h or 2d, at most 7d' }),
  })
  .superRefine((c, ctx) => {
    if (!c.griffieAddress.endsWith(`@${c.sendingDomain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['griffieAddress'],
        message: `griffie address ${c.griffieAddress} is not on the sending domain ${c.sendingDomain}: SES sends only from a verified identity`,
      });
    }
    // Mail loops: a forward or approval mail to an address SES receives for would be ingested again.
    const inbound = new Set([...c.recipients, c.griffieAddress]);
    const looping = c.councilList.filter((a) => inbound.has(a));
    if (looping.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['councilList'],
        message: `the council list must not contain the griffie's own address (${looping.join(', ')}): the forward would come back in as a new letter`,
      });
    }
    const loopingApprovers = c.approvers.filter((a) => c.recipients.includes(a));
    if (loopingApprovers.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['approvers'],
        message: `approvers must not be receipt-rule recipients (${loopingApprovers.join(', ')}): the approval mail would be ingested as a letter`,
      });
    }
  });

export type StageConfig = z.infer<typeof StageConfigSchema>;

/** Context keys, all under the `raadspost:` prefix in cdk.json. */
export const CONTEXT_KEYS = [
  'municipality',
  'recipients',
  'ownDomains',
  'rawMailPrefix',
  'region',
  'approvers',
  'councilList',
  'sendingDomain',
  'griffieAddress',
  'retentionDays',
  'tokenTtlDays',
  'registerScheme',
  'operatorEmail',
  'activateRuleSet',
  'reconcileOlderThan',
] as const satisfies readonly (keyof StageConfig)[];

/** Names of the SES receiving resources. Fixed, so the stateful stack can name the rule in its bucket policy. */
export const RECEIPT_RULE_SET_NAME = 'raadspost';
export const RECEIPT_RULE_NAME = 'raadspost-griffie';
/** The configuration set every message is sent with (the sending identity's default). */
export const CONFIGURATION_SET_NAME = 'raadspost';

/** Reads `raadspost:*` context values and fails the synth with a clear message when one is wrong. */
export function stageConfigFrom(tryGetContext: (key: string) => unknown): StageConfig {
  const get = (key: (typeof CONTEXT_KEYS)[number]) => tryGetContext(`raadspost:${key}`);
  const parsed = StageConfigSchema.safeParse({
    municipality: get('municipality'),
    recipients: asList(get('recipients')),
    ownDomains: asList(get('ownDomains')),
    rawMailPrefix: get('rawMailPrefix'),
    region: get('region'),
    approvers: asList(get('approvers')),
    councilList: asList(get('councilList')),
    sendingDomain: get('sendingDomain'),
    griffieAddress: get('griffieAddress'),
    retentionDays: asNumber(get('retentionDays')),
    tokenTtlDays: asNumber(get('tokenTtlDays')),
    registerScheme: get('registerScheme'),
    operatorEmail: asOptional(get('operatorEmail')),
    activateRuleSet: asBoolean(get('activateRuleSet')),
    reconcileOlderThan: asOptional(get('reconcileOlderThan')),
  });
  if (!parsed.success) throw new Error(`invalid raadspost context (cdk.json or -c): ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
