import { z } from 'zod';
import { parseGrace } from '../shared/domain/duration.js';
import { FORWARDING_SYSTEMS, type TrustedForwarder } from '../shared/domain/forwarded-authentication.js';
import { checkAcknowledgementTemplate } from '../shared/domain/acknowledgement.js';
import { DEFAULT_HANDLING, DEFAULT_HANDLING_OPTIONS, defaultHandlingIndex, parseHandlingOptions } from '../shared/domain/handling.js';
import { DEFAULT_PRIVATE_SENDER } from '../shared/domain/register-list.js';
import { DEFAULT_RETENTION, FIVE_YEARS_DAYS, type RetentionPolicy } from '../shared/domain/retention.js';

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

/** The afdoeningsvoorstellen: a JSON list, or one string with `;` or `|` between them; empty means "not set". */
const handlingList = (value: unknown): unknown => {
  if (value === '' || value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  return value.trim().startsWith('[') ? asList(value) : value.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
};

/** `-c key=` (empty) means "not set" for optional values. */
const asOptional = (value: unknown): unknown => (value === '' || value === null ? undefined : value);

/**
 * A trusted forwarder as configured: a known mail system (`exchange-online`, `google-workspace`) or its own authserv-id
 * and ARC sealer, and the domains it sends from.
 */
const TrustedForwarderSchema = z
  .object({
    system: z.enum(Object.keys(FORWARDING_SYSTEMS) as [keyof typeof FORWARDING_SYSTEMS]).optional(),
    name: z.string().trim().min(1).max(60).optional(),
    domains: z.array(domain).min(1),
    authservId: z.string().regex(/^[a-z0-9.-]+$/i).optional(),
    arcSealer: domain.optional(),
  })
  .strict()
  .transform((f, ctx): TrustedForwarder => {
    const known = f.system ? FORWARDING_SYSTEMS[f.system] : undefined;
    const authservId = f.authservId ?? known?.authservId;
    const arcSealer = f.arcSealer ?? known?.arcSealer;
    if (!authservId || !arcSealer) {
      ctx.addIssue({ code: 'custom', message: `give "system" (${Object.keys(FORWARDING_SYSTEMS).join(' or ')}) or both "authservId" and "arcSealer"` });
      return z.NEVER;
    }
    return { name: f.name ?? known?.name ?? authservId, domains: f.domains, authservId: authservId.toLowerCase(), arcSealer };
  });

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

const StageConfigSchema = z
  .object({
    /**
     * Part of every name that must be unique per account and region (stacks, rule set, configuration set, schedule group),
     * so a second stage can live beside the first. @default 'prod'
     */
    stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'expected a short lower-case name such as prod or test').default('prod'),
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
    /**
     * Days a handled letter's raw mail (and its access logs) is kept: an archival record, at least five years after
     * handling (Selectielijst gemeenten 2020; decide a longer term with the records manager). @default 1827
     */
    retentionRecordDays: z
      .number()
      .int()
      .min(FIVE_YEARS_DAYS, `a letter to the council is kept at least five years (${FIVE_YEARS_DAYS} days) after handling`)
      .max(36_500)
      .default(DEFAULT_RETENTION.recordDays),
    /** Days newsletters, spam and automatic replies are kept. @default 90 */
    retentionShortDays: z.number().int().min(1).max(36_500).default(DEFAULT_RETENTION.shortDays),
    /** Days quarantined mail is kept (the daily overview lists it all that time). @default 365 */
    retentionQuarantineDays: z.number().int().min(30).max(36_500).default(DEFAULT_RETENTION.quarantineDays),
    /** Days an approval link stays valid (DynamoDB TTL on TOKEN# items). */
    tokenTtlDays: z.number().int().min(1).max(60),
    /** How numbers on the lijst ingekomen stukken are counted. */
    registerScheme: z.enum(['yearly', 'continuous']),
    /** Where alarms are mailed (SNS e-mail subscription, confirmed by the recipient). @default - none: synth warns */
    operatorEmail: address.optional(),
    /** Activate the receipt rule set (replaces any active set in the account and region). @default false */
    activateRuleSet: z.boolean().default(false),
    /** How long the pipeline gets before the reconciler steps in (RECONCILE_OLDER_THAN): 10m, 1h, 2d. @default 1h */
    reconcileOlderThan: z
      .string()
      .default('1h')
      .refine((text) => parseGrace(text, 'reconcileOlderThan').ok, { error: 'expected a duration such as 10m, 1h or 2d, at most 7d' }),
    /** Mail systems that forward to the Raadspost address and whose ARC results are taken (README). @default none */
    trustedForwarders: z.array(TrustedForwarderSchema).default([]),
    /**
     * `create`: the stack creates the sending domain's SES identity (Easy DKIM) and keeps it when deleted; `existing`:
     * use an identity that already exists in the account (verified elsewhere, or kept from an earlier stack). @default create
     */
    sendingIdentity: z.enum(['create', 'existing']).default('create'),
    /**
     * Reserved concurrency of the approval page: a flood of requests cannot take the concurrency that ingest and forward
     * need. Needs an account concurrency quota of at least 100 more than all reservations. @default 5
     */
    approvalConcurrency: z.number().int().min(1).max(100).default(5),
    /**
     * Send each forwarded letter's sender (and each resident of a campaign) an ontvangstbevestiging: creates the
     * acknowledgement function, the only one that may send from the griffie address to addresses outside the
     * municipality. Leave the SES sandbox first. @default false
     */
    acknowledge: z.boolean().default(false),
    /** The acknowledgement's text, with {afzender}, {ontvangen}, {onderwerp}, {nummer}, {afdoeningsvoorstel}, {gemeente}. @default the built-in text */
    acknowledgementTemplate: z
      .string()
      .optional()
      .superRefine((text, ctx) => {
        if (text === undefined) return;
        try {
          checkAcknowledgementTemplate(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    /** The afdoeningsvoorstellen on the approval page; `…` or `...` marks a blank the griffier fills in. @default the usual six */
    handlingOptions: z.array(z.string().min(1)).min(1).optional(),
    /** The afdoeningsvoorstel chosen until the griffier picks another: one of handlingOptions. @default 'ter kennisname' */
    defaultHandling: z.string().min(1).default(DEFAULT_HANDLING),
    /** How a private person is named on the public lijst ingekomen stukken. @default 'inwoner' */
    listPrivateSender: z.string().trim().min(1).max(40).default(DEFAULT_PRIVATE_SENDER),
  })
  .superRefine((c, ctx) => {
    try {
      defaultHandlingIndex(parseHandlingOptions(c.handlingOptions ?? DEFAULT_HANDLING_OPTIONS), c.defaultHandling);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['handlingOptions'], message: (err as Error).message });
    }
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
    // The receiving domain's MX points to SES: every address on it goes to SES, where no rule matches any but ours.
    const people: [string, readonly string[]][] = [['approvers', c.approvers], ['councilList', c.councilList], ['griffieAddress', [c.griffieAddress]]];
    for (const recipient of c.recipients) {
      const receiving = domainOf(recipient);
      const clashes = people.filter(([, addresses]) => addresses.some((a) => domainOf(a) === receiving)).map(([key]) => key);
      if (clashes.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['recipients'],
          message:
            `recipient ${recipient} is on ${receiving}, the domain of ${clashes.join(', ')}: its MX record would send all mail for ${receiving} ` +
            `(the griffier's and the raadsleden's too) to SES. Receive on a subdomain that only Raadspost uses, e.g. ` +
            `griffie@post.${receiving}, and let the griffie mailbox forward or redirect to it (README, "Receiving for a real municipality")`,
        });
      }
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
  'retentionRecordDays',
  'retentionShortDays',
  'retentionQuarantineDays',
  'tokenTtlDays',
  'registerScheme',
  'operatorEmail',
  'activateRuleSet',
  'reconcileOlderThan',
  'stage',
  'trustedForwarders',
  'sendingIdentity',
  'approvalConcurrency',
  'acknowledge',
  'acknowledgementTemplate',
  'handlingOptions',
  'defaultHandling',
  'listPrivateSender',
] as const satisfies readonly (keyof StageConfig)[];

/**
 * Physical names that must be unique per account and region, all with the stage in them. Fixed (not generated), so the
 * stateful stack can name the receipt rule in its bucket policy and the alarms can name the configuration set.
 */
export const resourceNames = (stage: string) =>
  ({
    /** CloudFormation stack names, by stack construct ID. */
    stack: (id: string) => `${id}-${stage}`,
    receiptRuleSet: `raadspost-${stage}`,
    receiptRule: `raadspost-${stage}-griffie`,
    /** The configuration set every message is sent with. */
    configurationSet: `raadspost-${stage}`,
    scheduleGroup: `raadspost-${stage}`,
    /** CloudWatch namespace of Raadspost's own metrics. */
    metricsNamespace: `Raadspost/${stage}`,
  }) as const;

export type ResourceNames = ReturnType<typeof resourceNames>;

/** The deployment's retention terms, as the domain and the functions name them. */
export const retentionPolicy = (c: Pick<StageConfig, 'retentionRecordDays' | 'retentionShortDays' | 'retentionQuarantineDays'>): RetentionPolicy => ({
  recordDays: c.retentionRecordDays,
  shortDays: c.retentionShortDays,
  quarantineDays: c.retentionQuarantineDays,
});

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
    retentionRecordDays: asNumber(get('retentionRecordDays')),
    retentionShortDays: asNumber(get('retentionShortDays')),
    retentionQuarantineDays: asNumber(get('retentionQuarantineDays')),
    tokenTtlDays: asNumber(get('tokenTtlDays')),
    registerScheme: get('registerScheme'),
    operatorEmail: asOptional(get('operatorEmail')),
    activateRuleSet: asBoolean(get('activateRuleSet')),
    reconcileOlderThan: asOptional(get('reconcileOlderThan')),
    stage: asOptional(get('stage')),
    trustedForwarders: asList(get('trustedForwarders')),
    sendingIdentity: asOptional(get('sendingIdentity')),
    approvalConcurrency: asNumber(get('approvalConcurrency')),
    acknowledge: asBoolean(get('acknowledge')),
    acknowledgementTemplate: asOptional(get('acknowledgementTemplate')),
    // Options may contain commas ("agenderen, ..."): a string is split on ; or |, a list is taken as it is.
    handlingOptions: handlingList(get('handlingOptions')),
    defaultHandling: asOptional(get('defaultHandling')),
    listPrivateSender: asOptional(get('listPrivateSender')),
  });
  if (!parsed.success) throw new Error(`invalid raadspost context (cdk.json or -c): ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
