/**
 * What a mail address says: its domain, whether it is the municipality's own or a free-mail provider's (whether it
 * is made to look like the own domain is a named risk: shared/domain/risks.ts).
 */
import { FREE_MAIL_DOMAINS } from './rules.js';

export const domainOf = (address: string | undefined | null): string => {
  const at = address?.lastIndexOf('@') ?? -1;
  return at >= 0 && address ? address.slice(at + 1).toLowerCase().replace(/[>\s.]+$/, '') : '';
};

export const isOwnDomain = (domain: string, own: readonly string[]): boolean => own.some((d) => domain === d || domain.endsWith(`.${d}`));

export const isFreeMail = (domain: string): boolean => FREE_MAIL_DOMAINS.includes(domain);
