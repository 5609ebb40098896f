/**
 * What a mail address says: its domain, whether it is the municipality's own, a free-mail provider's, or made to
 * look like the own domain.
 */
import { FREE_MAIL_DOMAINS } from './rules.js';

export const domainOf = (address: string | undefined | null): string => {
  const at = address?.lastIndexOf('@') ?? -1;
  return at >= 0 && address ? address.slice(at + 1).toLowerCase().replace(/[>\s.]+$/, '') : '';
};

export const isOwnDomain = (domain: string, own: readonly string[]): boolean => own.some((d) => domain === d || domain.endsWith(`.${d}`));

export const isFreeMail = (domain: string): boolean => FREE_MAIL_DOMAINS.includes(domain);

/** heemstede-nl.info, heemstede.info, gemeenteheemstede.com, heemstede-login.nl: not ours but made to look so. */
export function isLookalike(domain: string, own: readonly string[]): boolean {
  const label = domain.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
  return own.some((d) => {
    const base = d.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
    if (base.length < 4) return false;
    return (
      label === base ||
      label === `gemeente${base}` ||
      (label.startsWith(base) && /^(nl|gemeente|login|secure|mail|portal|support|it|servicedesk|verify|verificatie|account|office)+$/.test(label.slice(base.length)))
    );
  });
}
