/**
 * The hard rules and the facts about headers, sender and verdicts (what they weigh is in rules.ts).
 */
import { judgeAttachment } from '../attachment-policy.js';
import type { ParsedMail } from '../mail.js';
import type { Verdicts } from '../verdicts.js';
import type { Risk } from '../risks.js';
import { domainOf, isFreeMail, isOwnDomain } from './addresses.js';
import type { Prepared } from './prepare.js';
import { AUTHORITY_TITLES, BULK_MAILERS, DERIVED_FACTS, RISK_FACTS, type RuleId, GATES, IMPERSONATED_BRANDS, type FactId } from './rules.js';
import { isDutch } from './text.js';

export function findGate(mail: ParsedMail, verdicts: Verdicts): keyof typeof GATES | null {
  const h = mail.headers;
  if (h.raadspostId) return 'ownForward';
  if (verdicts.virus === 'FAIL') return 'virus';
  if (verdicts.spam === 'FAIL') return 'spamVerdict';
  if (h.contentType === 'multipart/report') {
    if (h.reportType === 'delivery-status') return 'deliveryReport';
    if (h.reportType === 'disposition-notification') return 'readReport';
    return 'otherReport';
  }
  return null;
}

/** The facts that hold, each with its detail (filled into the reason); `matched`: the ids of the phrase rules that matched. */
export function findFacts(p: Prepared, mail: ParsedMail, verdicts: Verdicts, risks: readonly Risk[], matched: ReadonlySet<RuleId>): Map<FactId, string> {
  const facts = new Map<FactId, string>();
  const h = mail.headers;
  const from = p.from;
  const fromDomain = domainOf(from?.address);
  const authorDomain = domainOf(p.author?.address);

  // A web form's notification is sent by a machine by nature: its automatic headers say nothing about the person's message.
  const formOf = p.form && !isOwnDomain(domainOf(p.form.address), p.ownDomains) ? p.form : null;
  if (formOf) facts.set('webForm', formOf.name || formOf.address);
  else {
    if (h.autoSubmitted && h.autoSubmitted !== 'no') facts.set('autoSubmitted', h.autoSubmitted);
    if (h.xAutoResponseSuppress) facts.set('autoResponseSuppress', '');
    if (h.precedence === 'auto_reply') facts.set('precedenceAutoReply', '');
  }
  if (h.precedence && /^(bulk|list|junk)$/.test(h.precedence)) facts.set('precedenceBulk', h.precedence);
  if (h.listUnsubscribe) facts.set('listUnsubscribe', '');
  if (h.listId) facts.set('listId', '');
  const mailer = h.mailer ? BULK_MAILERS.exec(h.mailer) : null;
  if (mailer) facts.set('bulkMailer', mailer[0]);
  if (mail.to.length === 0 || mail.to.some((a) => /undisclosed|verborgen|niet (openbaar|bekend)/i.test(a.name))) facts.set('undisclosedRecipients', '');
  if (h.inReplyTo) facts.set('isReply', '');
  if (p.subjectIsReply && !h.inReplyTo && p.embeddedKind !== 'quote') facts.set('fakeReply', '');
  if (
    h.contentType === 'text/calendar' ||
    mail.attachments.some((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics' || /\.ics$/i.test(a.filename ?? ''))
  ) {
    facts.set('calendar', '');
  }

  const local = from?.address.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|mail-daemon)$/i.test(local) || /mail delivery (system|subsystem)/i.test(from?.name ?? '')) {
    facts.set('mailerDaemon', from?.address ?? '');
  } else if (!formOf && /^(no-?reply|do-?not-?reply|donotreply|noreply)/i.test(local)) {
    facts.set('noReplySender', '');
  }

  // The own organisation: authenticated mail from an own domain, unless it forwards someone else's letter.
  const authFailed = verdicts.dmarc === 'FAIL' || verdicts.spf === 'FAIL';
  if (fromDomain && isOwnDomain(fromDomain, p.ownDomains)) {
    if (authFailed) facts.set('ownDomainSpoofed', '');
    else if (p.embeddedKind === 'forward' && authorDomain && !isOwnDomain(authorDomain, p.ownDomains)) facts.set('ownDomainForwarder', fromDomain);
    else facts.set('ownDomain', fromDomain);
  } else if (authorDomain && isOwnDomain(authorDomain, p.ownDomains) && !authFailed) {
    facts.set('ownDomain', authorDomain);
  }
  for (const risk of risks) {
    const fact = (RISK_FACTS as Partial<Record<Risk['code'], FactId>>)[risk.code];
    if (fact) facts.set(fact, '');
  }
  const ownPieceQuoted = p.embeddedKind === 'quote' && p.quotesOwn && !isOwnDomain(authorDomain, p.ownDomains) && !isOwnDomain(fromDomain, p.ownDomains);
  if (ownPieceQuoted) facts.set('answersOwn', '');
  const any = (ids: readonly RuleId[]) => ids.some((id) => matched.has(id));
  const councilWords = any(['council-doc-subject', 'council-doc']);
  const councilMember = any(['council-member-signature', 'council-faction']);
  if (councilWords && !councilMember && !isOwnDomain(authorDomain, p.ownDomains) && !isOwnDomain(fromDomain, p.ownDomains)) facts.set('outsideCouncil', '');

  const displayName = from?.name ?? '';
  // A claim in the display name is the impersonation risk's; one in the signature is read here.
  const title = AUTHORITY_TITLES.exec(p.lead.trim().split('\n').slice(-4).join(' '));
  if (title && fromDomain && !isOwnDomain(fromDomain, p.ownDomains) && !p.forwardedBy) facts.set('signedAsAuthority', title[0].toLowerCase());
  const brand = IMPERSONATED_BRANDS.find((b) => b.pattern.test(displayName));
  if (brand && fromDomain && !brand.domains.some((d) => fromDomain === d || fromDomain.endsWith(`.${d}`))) facts.set('brandImpersonation', brand.name);
  const nameAddress = /[\w.+-]+@([\w-]+(\.[\w-]+)+)/.exec(displayName);
  if (nameAddress?.[1] && fromDomain && nameAddress[1].toLowerCase() !== fromDomain) facts.set('displayNameAddress', nameAddress[0]);

  if (verdicts.dmarc === 'FAIL') facts.set('dmarcFail', '');
  if (verdicts.spf === 'FAIL') facts.set('spfFail', '');
  if (verdicts.dkim === 'FAIL') facts.set('dkimFail', '');
  const freeReplyTo = mail.replyTo.map((a) => domainOf(a.address)).find((d) => d && d !== fromDomain && isFreeMail(d));
  if (freeReplyTo && fromDomain && !isFreeMail(fromDomain)) facts.set('freeMailReplyTo', freeReplyTo);

  // Only a file that will be forwarded can be the letter: a .docm or a shortcut named "brief" raises nothing.
  const letterFile = mail.attachments.find(
    (a) =>
      /(brief|letter|petitie|petition|zienswijze|motie|oproep|standpunt|position|manifest|reactie)/i.test(a.filename ?? '') &&
      /pdf|word|document|text\/plain|rtf|opendocument/i.test(a.contentType) &&
      judgeAttachment(a).forward,
  );
  if (letterFile) facts.set('letterAttachment', letterFile.filename ?? '');
  if (mail.attachments.some((a) => a.contentType === 'message/rfc822' && !a.text)) facts.set('forwardedAttachmentUnread', '');

  for (const [id, alternatives] of Object.entries(DERIVED_FACTS) as [keyof typeof DERIVED_FACTS, (typeof DERIVED_FACTS)[keyof typeof DERIVED_FACTS]][]) {
    const holds = (name: RuleId | FactId): boolean => matched.has(name as RuleId) || facts.has(name as FactId);
    if (alternatives.some((lists) => lists.every((names) => names.some(holds)))) facts.set(id, '');
  }

  if (isDutch(p.speed, `${p.zones.subject} ${p.zones.body} ${p.zones.embedded} ${p.zones.attachment}`)) facts.set('dutchText', '');
  return facts;
}
