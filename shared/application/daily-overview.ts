import { hashToken, TOKEN_BYTES, tokenExpiresAt, tokenFromRandomBytes, type ApprovalToken } from '../domain/approval.js';
import { amsterdamDate } from '../domain/dutch-time.js';
import { singleLineHeaderValue } from '../domain/forward.js';
import { ALL_STATUSES, dailyOverview, FIRST_OVERVIEW_LOOKBACK_MS, type DailyOverview } from '../domain/overview.js';
import { monthOf } from '../domain/register-list.js';
import type { ApprovalTokenStore, Checkpoint, Clock, LetterRepository, MailSender, MessageComposer, RandomSource } from '../ports.js';
import type { OverviewMail, OverviewMailInput } from '../web/overview-mail.js';

/** The register function's pages, relative to its Function URL: one message, and the list. */
export const REGISTER_PATHS = { message: '/bericht', list: '/lijst' } as const;

/** A link to a register page with its token. */
export const registerUrl = (baseUrl: string, path: string, token: string): string => {
  const url = new URL(path, baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
};

export interface DailyOverviewSettings {
  /** The verified SES identity the mail comes from (the griffie). */
  readonly from: string;
  /** Who gets it: the approvers, each their own mail with their own links. */
  readonly approvers: readonly string[];
  readonly municipality: string;
  /** The register function's Function URL (REGISTER_BASE_URL): the links' base. */
  readonly registerBaseUrl: string;
  readonly tokenTtlDays: number;
}

export interface DailyOverviewDeps {
  readonly letters: LetterRepository;
  readonly tokens: ApprovalTokenStore;
  readonly random: RandomSource;
  /** Up to when the previous overview told the griffie. */
  readonly checkpoint: Checkpoint;
  readonly composer: MessageComposer;
  readonly sender: MailSender;
  readonly renderMail: (input: OverviewMailInput) => OverviewMail;
  readonly clock: Clock;
  readonly settings: DailyOverviewSettings;
}

export interface DailyOverviewReport {
  readonly since: string;
  readonly until: string;
  readonly received: number;
  readonly filed: number;
  readonly awaitingLong: number;
  readonly quarantined: number;
  readonly failedForwards: number;
  /** How many approvers were mailed. */
  readonly mailed: number;
}

export type SendDailyOverview = () => Promise<DailyOverviewReport>;

/**
 * The approvers' daily overview (every morning; `raadspost overzicht` runs it once).
 *
 * Primary course:
 * 1. Since the previous overview (the first one: the last day), every record that came in, counted per category.
 * 2. The filed messages and copies among them, each with its own link (a `review` token per approver: the page shows the
 *    message and can put it before the council or mark it as a Woo request; opening it changes nothing).
 * 3. Letters awaiting the griffier for more than two days, quarantined messages, failed forwards (whenever they came in).
 * 4. A link to this month's lijst ingekomen stukken (a `list` token: read only).
 * 5. One mail per approver; then the overview's moment is remembered, so tomorrow's starts where this one ended.
 *
 * A failure before every approver was mailed leaves the moment where it was: the next run (the schedule's retry, or
 * tomorrow) covers the same messages again, so none is left out (an approver may then get it twice).
 */
export const makeSendDailyOverview =
  (deps: DailyOverviewDeps): SendDailyOverview =>
  async () => {
    const { settings, clock } = deps;
    const now = clock.now();
    const until = now.toISOString();
    const since = (await deps.checkpoint.get()) ?? new Date(now.getTime() - FIRST_OVERVIEW_LOOKBACK_MS).toISOString();
    const overview: DailyOverview = dailyOverview({
      since,
      until,
      received: await deps.letters.listByStatus(ALL_STATUSES, { receivedFrom: since }),
      awaiting: await deps.letters.listByStatus(['awaiting_approval']),
      quarantined: await deps.letters.listByStatus(['quarantined']),
      failedForwards: await deps.letters.listByStatus(['forward_failed']),
    });
    const ref = `overzicht-${amsterdamDate(now)}`;
    const period = monthOf(now);
    const expiresAt = tokenExpiresAt(now, settings.tokenTtlDays);
    const issue = async (token: Omit<ApprovalToken, 'tokenHash' | 'createdAt' | 'expiresAt'>): Promise<string> => {
      const value = tokenFromRandomBytes(deps.random.bytes(TOKEN_BYTES));
      await deps.tokens.save({ ...token, tokenHash: hashToken(value), createdAt: until, expiresAt });
      return value;
    };

    for (const approver of settings.approvers) {
      const links = new Map<string, string>();
      for (const letter of overview.filed) {
        links.set(letter.id, registerUrl(settings.registerBaseUrl, REGISTER_PATHS.message, await issue({ letterId: letter.id, approver, purpose: 'review' })));
      }
      const listUrl = registerUrl(settings.registerBaseUrl, REGISTER_PATHS.list, await issue({ letterId: '', approver, purpose: 'list', period }));
      const mail = deps.renderMail({ overview, links, list: { url: listUrl, period }, municipality: settings.municipality, ref });
      const raw = await deps.composer.compose({
        from: { name: `Raadspost griffie ${settings.municipality}`, address: settings.from },
        to: [{ name: '', address: approver }],
        subject: singleLineHeaderValue(mail.subject, 300),
        text: mail.text,
        html: mail.html,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Raadspost-Id': ref },
        attachments: [],
        date: now,
      });
      await deps.sender.sendRaw({ from: settings.from, destinations: [approver], raw });
    }
    await deps.checkpoint.advance(until);
    return {
      since,
      until,
      received: overview.counts.total,
      filed: overview.filed.length + overview.filedNotListed,
      awaitingLong: overview.awaitingLong.length,
      quarantined: overview.quarantined.length,
      failedForwards: overview.failedForwards.length,
      mailed: settings.approvers.length,
    };
  };
