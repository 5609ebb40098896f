/**
 * Advocacy or citizen letter: does an organisation write, or a private person?
 */
import { domainOf, isFreeMail, isOwnDomain } from './addresses.js';
import { personalDomain, type Found } from './organisation.js';
import type { Prepared } from './prepare.js';
import {
  BOARD_VOICE,
  CLOSINGS,
  FUNCTION_TITLES,
  GOVERNMENT_WORDS,
  PERSONAL_CAPACITY,
  PLURAL_WORDS,
  REGISTRATION_NUMBER,
  RESIDENT_VOICE,
  ROLE_MAILBOXES,
  SENDER_KIND,
  SINGULAR_WORDS,
  type SenderKindSignal,
} from './rules.js';
import { normalisedJoin } from './text.js';

export interface SenderKind {
  readonly organisation: boolean;
  /** Weight of the organisation signals and of the private ones. */
  readonly points: { readonly organisation: number; readonly private: number };
  readonly reasons: readonly string[];
  /** The signals of the side that won. */
  readonly signals: readonly SenderKindSignal[];
}

export function senderKind(p: Prepared, organisation: Found | null): SenderKind {
  const signals: [SenderKindSignal, string][] = [];
  const domain = domainOf(p.author?.address);
  const flat = normalisedJoin(p.normalisedAuthorTexts);
  if (organisation && organisation.source !== 'domain') signals.push(['organisationNamed', organisation.name]);
  if (organisation && GOVERNMENT_WORDS.test(organisation.name)) signals.push(['governmentBody', '']);
  if (REGISTRATION_NUMBER.test(flat)) signals.push(['registrationNumber', '']);
  const role = p.authorTexts.map(roleInSignature).find(Boolean);
  if (role) signals.push(['roleInSignature', role]);
  if (BOARD_VOICE.test(flat)) signals.push(['boardVoice', '']);
  const personal = personalDomain(p.author);
  if (personal) signals.push(['personalDomain', personal]);
  else if (domain && !isFreeMail(domain) && !isOwnDomain(domain, p.ownDomains)) signals.push(['organisationDomain', domain]);
  const mailbox = p.author?.address.split('@')[0] ?? '';
  if (ROLE_MAILBOXES.test(mailbox)) signals.push(['roleMailbox', p.author?.address ?? '']);
  if (PERSONAL_CAPACITY.test(flat)) signals.push(['personalCapacity', '']);
  const text = p.authorTexts.join('\n');
  const singular = (text.match(SINGULAR_WORDS) ?? []).length;
  const plural = (text.match(PLURAL_WORDS) ?? []).length;
  if (plural >= 2 && plural >= 2 * singular) signals.push(['pluralVoice', '']);
  else if (singular >= 2 && singular >= 2 * plural) signals.push(['singularVoice', '']);
  if (RESIDENT_VOICE.test(flat)) signals.push(['residentVoice', '']);
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
    points: { organisation: org, private: priv },
    reasons: reasons
      .filter((r) => r.side === side)
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.reason),
    signals: signals.map(([id]) => id).filter((id) => SENDER_KIND[id].side === side),
  };
}


/** The function under a closing ("Met vriendelijke groet, / Anna Jansen / voorzitter"), when the signature gives one. */
function roleInSignature(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!CLOSINGS.test(lines[i] ?? '') || (lines[i] ?? '').length > 60) continue;
    for (const line of lines.slice(i + 1, i + 8)) {
      if (line.length > 90) break;
      for (const piece of line.split(/\s*[|,–—]\s*/)) {
        const title = FUNCTION_TITLES.exec(piece)?.[0]?.replace(/[\s,:-]+$/, '');
        if (title && !/^(namens|on behalf of|team)$/i.test(title)) return title.toLowerCase();
      }
    }
  }
  return null;
}
