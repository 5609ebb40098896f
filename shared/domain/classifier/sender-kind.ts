/**
 * Advocacy or citizen letter: does an organisation write, or a private person?
 */
import { domainOf, isFreeMail, isOwnDomain } from './addresses.js';
import type { Found } from './organisation.js';
import type { Prepared } from './prepare.js';
import { GOVERNMENT_WORDS, PLURAL_WORDS, RESIDENT_VOICE, SENDER_KIND, SINGULAR_WORDS, type SenderKindSignal } from './rules.js';
import { normalisedJoin } from './text.js';

export function senderKind(p: Prepared, organisation: Found | null): { organisation: boolean; reasons: string[] } {
  const signals: [SenderKindSignal, string][] = [];
  const domain = domainOf(p.author?.address);
  if (organisation && organisation.source !== 'domain') signals.push(['organisationNamed', organisation.name]);
  if (domain && !isFreeMail(domain) && !isOwnDomain(domain, p.ownDomains)) signals.push(['organisationDomain', domain]);
  if (organisation && GOVERNMENT_WORDS.test(organisation.name)) signals.push(['governmentBody', '']);
  const text = p.authorTexts.join('\n');
  const singular = (text.match(SINGULAR_WORDS) ?? []).length;
  const plural = (text.match(PLURAL_WORDS) ?? []).length;
  if (plural >= 2 && plural >= 2 * singular) signals.push(['pluralVoice', '']);
  else if (singular >= 2 && singular >= 2 * plural) signals.push(['singularVoice', '']);
  // normalise(text), from the texts normalised already.
  if (RESIDENT_VOICE.test(normalisedJoin(p.normalisedAuthorTexts))) signals.push(['residentVoice', '']);
  if (domain && isFreeMail(domain)) signals.push(['freeMail', domain]);
  if (!organisation) signals.push(['noOrganisationName', '']);

  let org = 0;
  let priv = 0;
  const reasons: { side: 'organisation' | 'private'; weight: number; reason: string }[] = [];
  for (const [id, detail] of signals) {
    const s = SENDER_KIND[id];
    if (s.side === 'organisation') org += s.weight;
    else priv += s.weight;
    reasons.push({ side: s.side, weight: s.weight, reason: s.reason.replace('{}', detail) });
  }
  const isOrg = org > priv;
  const side = isOrg ? 'organisation' : 'private';
  return {
    organisation: isOrg,
    reasons: reasons
      .filter((r) => r.side === side)
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.reason),
  };
}

