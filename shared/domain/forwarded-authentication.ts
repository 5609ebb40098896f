/**
 * Authentication of mail that the griffie's own mail system forwards to Raadspost.
 *
 * A real griffie address lives in Exchange Online (or another mail system) that forwards or redirects to the Raadspost
 * address. SES then checks the forwarder, not the sender: SPF passes for the forwarder's rewritten envelope sender (SRS),
 * DKIM for the forwarder's own signature, and DMARC of the original From usually fails. The original sender's results
 * travel in the ARC set the forwarder added when it sent the message on (RFC 8617): its ARC-Authentication-Results holds
 * what the forwarder found when the message reached it.
 *
 * Raadspost takes those results only when (1) SES's own verdicts show the message came from a trusted forwarder (SPF
 * passed for an envelope sender on one of its domains, or a DKIM signature of one of them passed), and (2) the ARC set
 * is the topmost one and sits above the forwarder's own Received lines. Headers are prepended on every hop, so
 * everything below the forwarder's Received lines was already in the message when the forwarder got it: a set the
 * sender wrote is always there, whatever instance number or authserv-id it claims. Signatures are not verified here
 * (that needs DNS); the position and SES's verdicts are what make the set the forwarder's.
 *
 * Pure: no I/O. Every header value is attacker-controlled text and is only parsed, never trusted by its content alone.
 */
import type { VerdictStatus, Verdicts } from './verdicts.js';

/** A forwarding mail system whose ARC results Raadspost accepts. */
export interface TrustedForwarder {
  /** Shown on the approval page, e.g. "Exchange Online". */
  readonly name: string;
  /**
   * Domains the forwarder sends from: the domain of its rewritten envelope sender (SRS) or of its DKIM signature, e.g.
   * the municipality's domain and its `<tenant>.onmicrosoft.com`. Subdomains count too.
   */
  readonly domains: readonly string[];
  /** The authserv-id in its ARC-Authentication-Results, e.g. "mx.microsoft.com". */
  readonly authservId: string;
  /** The signing domain (d=) of its ARC-Seal, e.g. "microsoft.com". */
  readonly arcSealer: string;
}

/** Mail systems whose ARC headers we know; a deployment names one instead of spelling out authserv-id and sealer. */
export const FORWARDING_SYSTEMS = {
  'exchange-online': { name: 'Exchange Online', authservId: 'mx.microsoft.com', arcSealer: 'microsoft.com' },
  'google-workspace': { name: 'Google Workspace', authservId: 'mx.google.com', arcSealer: 'google.com' },
} as const satisfies Record<string, Omit<TrustedForwarder, 'domains'>>;

export type ForwardingSystem = keyof typeof FORWARDING_SYSTEMS;

/** One header field of the message's top-level header block: the name in lower case, the value unfolded. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** The header fields the check reads; the mail parser passes these on, in order, top first. */
export const AUTHENTICATION_HEADER_NAMES: ReadonlySet<string> = new Set(['received', 'authentication-results', 'arc-seal', 'arc-authentication-results']);

/** Where the letter's SPF, DKIM and DMARC verdicts come from. */
export type VerdictSource =
  | { readonly kind: 'ses' }
  | {
      readonly kind: 'forwarder';
      /** The trusted forwarder's name. */
      readonly forwarder: string;
      /** The ARC instance (i=) whose results were taken. */
      readonly arcInstance: number;
      /** What SES itself found (about the forwarder), kept for the record. */
      readonly ses: Verdicts;
    };

export const SES_VERDICT_SOURCE: VerdictSource = { kind: 'ses' };

export interface AuthenticationInput {
  /** SES's verdicts from the receipt (about whoever delivered the message to SES). */
  readonly ses: Verdicts;
  /** The envelope sender SES received (the event's mail.source); empty or null for bounces. */
  readonly envelopeFrom: string | null;
  /** The message's authentication headers, top first (AUTHENTICATION_HEADER_NAMES). */
  readonly headers: readonly HeaderField[];
  readonly trustedForwarders: readonly TrustedForwarder[];
}

/** The verdicts to judge the letter by, and where they come from. Spam and virus always stay SES's own scan. */
export function effectiveVerdicts(input: AuthenticationInput): { readonly verdicts: Verdicts; readonly source: VerdictSource } {
  const { ses } = input;
  const set = topmostArcSet(input.headers);
  // The forwarder that added the topmost set, if SES's checks say the message came from it. Two forwarders may share a
  // domain (the municipality's own); the set's authserv-id and sealer tell them apart.
  const forwarder = set && vouchedFor(input).find((f) => f.authservId.toLowerCase() === set.authservId && f.arcSealer.toLowerCase() === set.sealer);
  if (!set || !forwarder) return { verdicts: ses, source: SES_VERDICT_SOURCE };
  return {
    verdicts: { spam: ses.spam, virus: ses.virus, spf: set.results.spf, dkim: set.results.dkim, dmarc: set.results.dmarc },
    source: { kind: 'forwarder', forwarder: forwarder.name, arcInstance: set.instance, ses },
  };
}

/** The trusted forwarders whose SPF or DKIM passed at SES. */
function vouchedFor({ ses, envelopeFrom, headers, trustedForwarders }: AuthenticationInput): TrustedForwarder[] {
  const envelopeDomain = domainOfAddress(envelopeFrom ?? '');
  const dkimDomains = ses.dkim === 'PASS' ? sesDkimPasses(headers) : [];
  return trustedForwarders.filter(
    (f) =>
      (ses.spf === 'PASS' && envelopeDomain !== null && f.domains.some((d) => withinDomain(envelopeDomain, d))) ||
      dkimDomains.some((signer) => f.domains.some((d) => withinDomain(signer, d))),
  );
}

/** The SES receiving endpoint's authserv-id in the Authentication-Results it prepends. */
const SES_AUTHSERV_ID = 'amazonses.com';

/**
 * Domains of the DKIM signatures SES found passing, from the Authentication-Results SES prepends. Only the topmost
 * Authentication-Results is read, and only when SES wrote it: one lower down may be the sender's.
 */
function sesDkimPasses(headers: readonly HeaderField[]): string[] {
  const first = headers.find((h) => h.name === 'authentication-results');
  if (!first) return [];
  const [authserv, ...results] = clauses(first.value);
  if (authservIdOf(authserv ?? '') !== SES_AUTHSERV_ID) return [];
  return results.flatMap((clause) => {
    const r = resultOf(clause);
    if (r?.method !== 'dkim' || r.result !== 'pass') return [];
    const signer = r.properties.get('header.d') ?? domainOfAddress(r.properties.get('header.i') ?? '');
    return signer ? [signer] : [];
  });
}

interface ArcSet {
  readonly instance: number;
  readonly authservId: string;
  readonly sealer: string;
  readonly results: Pick<Verdicts, 'spf' | 'dkim' | 'dmarc'>;
}

/**
 * The ARC set the last hop before SES added: the topmost ARC-Authentication-Results and the ARC-Seal of the same
 * instance, both above the second Received header (the first is SES's own; the next one is the forwarder's own hop).
 */
function topmostArcSet(headers: readonly HeaderField[]): ArcSet | undefined {
  let received = 0;
  let results: HeaderField | undefined;
  let seal: HeaderField | undefined;
  for (const h of headers) {
    if (h.name === 'received' && ++received >= 2) break;
    if (h.name === 'arc-authentication-results') results ??= h;
    if (h.name === 'arc-seal') seal ??= h;
  }
  if (!results || !seal) return undefined;
  const [instanceTag, authserv, ...resinfo] = clauses(results.value);
  const instance = arcInstance(instanceTag ?? '');
  const sealTags = tagList(seal.value);
  if (instance === undefined || arcInstance(`i=${sealTags.get('i') ?? ''}`) !== instance) return undefined;
  const found = resinfo.map(resultOf).filter((r): r is Result => r !== undefined);
  return {
    instance,
    authservId: authservIdOf(authserv ?? ''),
    sealer: (sealTags.get('d') ?? '').toLowerCase(),
    results: { spf: verdictOf(found, 'spf'), dkim: verdictOf(found, 'dkim'), dmarc: verdictOf(found, 'dmarc') },
  };
}

/** SPF and DMARC: the first result. DKIM: pass when any signature passed, else the first result. */
function verdictOf(results: readonly Result[], method: 'spf' | 'dkim' | 'dmarc'): VerdictStatus {
  const mine = results.filter((r) => r.method === method);
  if (method === 'dkim' && mine.some((r) => r.result === 'pass')) return 'PASS';
  return mine[0] ? RESULT_VERDICTS[mine[0].result] ?? 'GRAY' : 'DISABLED';
}

/** RFC 8601 result values (and Microsoft's bestguesspass) as SES's verdict words. */
const RESULT_VERDICTS: Readonly<Record<string, VerdictStatus>> = {
  pass: 'PASS',
  fail: 'FAIL',
  softfail: 'FAIL',
  hardfail: 'FAIL',
  permerror: 'FAIL',
  policy: 'FAIL',
  temperror: 'PROCESSING_FAILED',
  neutral: 'GRAY',
  none: 'GRAY',
  bestguesspass: 'GRAY',
};

interface Result {
  readonly method: string;
  readonly result: string;
  readonly properties: ReadonlyMap<string, string>;
}

/** "dkim=pass header.d=example.org header.s=sel" -> { method, result, properties }; undefined when it is no result. */
function resultOf(clause: string): Result | undefined {
  const [head, ...props] = clause.trim().split(/\s+/);
  const match = /^([a-z0-9_-]+)=([a-z0-9_-]+)$/i.exec(head ?? '');
  if (!match) return undefined;
  const properties = new Map<string, string>();
  for (const prop of props) {
    const eq = prop.indexOf('=');
    if (eq > 0) properties.set(prop.slice(0, eq).toLowerCase(), prop.slice(eq + 1).toLowerCase());
  }
  return { method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties };
}

/** "i=2" -> 2 (1..50, RFC 8617's limit), else undefined. */
function arcInstance(tag: string): number | undefined {
  const match = /^\s*i\s*=\s*(\d{1,2})\s*$/i.exec(tag);
  const n = match ? Number(match[1]) : NaN;
  return n >= 1 && n <= 50 ? n : undefined;
}

/** "mx.microsoft.com 1" -> "mx.microsoft.com". */
const authservIdOf = (clause: string): string => (clause.trim().split(/\s+/)[0] ?? '').toLowerCase();

/** A DKIM-style tag list ("i=1; a=rsa-sha256; d=google.com; ...") as a map of lower-case tag names. */
function tagList(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return tags;
}

/** A header value split at semicolons, after comments and quoted strings are taken out (they may hold anything). */
function clauses(value: string): string[] {
  let text = value.slice(0, MAX_VALUE_CHARS).replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // Comments nest (RFC 5322); innermost first, a bounded number of times.
  for (let i = 0; i < 10 && /\([^()]*\)/.test(text); i++) text = text.replace(/\([^()]*\)/g, ' ');
  return text.split(';').map((c) => c.trim());
}

/** Longer header values are cut before parsing (a real ARC-Authentication-Results is well under this). */
const MAX_VALUE_CHARS = 8192;

/** The domain of "local@domain" (or "@domain", as in header.i), lower-cased; null when there is none. */
function domainOfAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = (at >= 0 ? address.slice(at + 1) : '').replace(/[>\s]+$/, '').toLowerCase();
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

/** True when `domain` is `parent` or a subdomain of it. */
const withinDomain = (domain: string, parent: string): boolean => {
  const p = parent.toLowerCase();
  return domain === p || domain.endsWith(`.${p}`);
};
