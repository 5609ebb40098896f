import {
  approvalUrl,
  hashToken,
  summarise,
  TOKEN_BYTES,
  tokenExpiresAt,
  tokenFromRandomBytes,
  type LetterSummary,
} from '../domain/approval.js';
import { LetterFileMissingError, PipelineError, asError } from '../domain/errors.js';
import { attachmentName, forwardedAttachments, forwardHeaders, singleLineHeaderValue } from '../domain/forward.js';
import type { Letter } from '../domain/letter.js';
import type { ApprovalTokenStore, Clock, LetterFileStore, LetterRepository, MailSender, MessageComposer, OutgoingAttachment, RandomSource } from '../ports.js';

/** The letter's PDFs ride along in the approval mail (so the griffier can read the letter in the mail) up to this total. */
export const APPROVAL_MAIL_PDF_BYTES = 10 * 1024 * 1024;

/** B's renderer (shared/web/approval-mail.ts): text and HTML of the approval mail; escapes all letter text. */
export type RenderApprovalMail = (
  summary: LetterSummary,
  approvalUrl: string,
  municipality: string,
  /** The file names of the PDFs attached to this mail. */
  attached: readonly string[],
) => { readonly subject: string; readonly text: string; readonly html: string };

export interface RequestApprovalSettings {
  /** The verified SES identity the mail comes from (the griffie). */
  readonly from: string;
  readonly approvers: readonly string[];
  /** The approval page; the token goes in `?t=`. */
  readonly baseUrl: string;
  readonly tokenTtlDays: number;
  readonly municipality: string;
  /**
   * How long a `sending` claim blocks a resend. Longer than the ingest function's timeout, so a claim is only
   * taken over from a run that is certainly dead. @default 10 minutes
   */
  readonly leaseMs?: number;
}

export interface RequestApprovalDeps {
  readonly letters: LetterRepository;
  /** The stored attachments: the letter's PDFs are attached to the approval mail. */
  readonly files: LetterFileStore;
  readonly tokens: ApprovalTokenStore;
  readonly random: RandomSource;
  readonly composer: MessageComposer;
  readonly sender: MailSender;
  readonly renderMail: RenderApprovalMail;
  readonly clock: Clock;
  readonly settings: RequestApprovalSettings;
}

export type RequestApprovalOutcome =
  | { readonly kind: 'sent'; readonly recipients: number }
  | { readonly kind: 'already_sent' }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'not_awaiting' }
  | { readonly kind: 'failed'; readonly code: string };

export type RequestApproval = (letter: Letter) => Promise<RequestApprovalOutcome>;

export const DEFAULT_APPROVAL_LEASE_MS = 10 * 60 * 1000;

/**
 * Mails the approval request for one letter to every approver, each with their own link, exactly once per letter.
 *
 * 1. Claim: a conditional update sets `approvalRequest.state = sending` (letter awaits approval, no request yet
 *    or a stale `sending` claim older than the lease).
 *    A redelivery finds `sent` (nothing to do) or a fresh `sending` (another run is busy: nothing to do).
 * 2. Per approver: a new token (32 random bytes; only its SHA-256 is stored, with expiry), the mail rendered by
 *    shared/web, composed and sent through SES.
 * 3. Complete: `state = sent` with the provider ids, and a history entry.
 *
 * Exactly-once windows (documented, unavoidable without a transactional mail provider):
 * - the process dies after SES accepted a mail but before step 3: the claim goes stale and, after the lease,
 *   a redelivery or reprocess sends again (the approver gets a second mail with a second valid link);
 * - sending to approver 2 of 2 fails: the claim is released and the error rethrown, so Lambda's retry sends to
 *   both again (approver 1 gets two mails). A permanent refusal (SendRejectedError) is recorded in the history
 *   and not retried.
 * Duplicate mails are harmless by construction: every link decides the same letter and the first decision wins.
 */
export const makeRequestApproval =
  (deps: RequestApprovalDeps): RequestApproval =>
  async (letter) => {
    const { settings, clock } = deps;
    const now = clock.now();
    const claimedAt = now.toISOString();
    const staleBefore = new Date(now.getTime() - (settings.leaseMs ?? DEFAULT_APPROVAL_LEASE_MS)).toISOString();
    const claim = await deps.letters.claimApprovalRequest(letter.id, { at: claimedAt, recipients: settings.approvers, staleBefore });
    if (claim !== 'claimed') return { kind: claim };

    const summary = summarise(letter);
    const providerMessageIds: string[] = [];
    try {
      const pdfs = await letterPdfs(deps.files, letter);
      for (const approver of settings.approvers) {
        const token = tokenFromRandomBytes(deps.random.bytes(TOKEN_BYTES));
        await deps.tokens.save({
          tokenHash: hashToken(token),
          letterId: letter.id,
          approver,
          createdAt: claimedAt,
          expiresAt: tokenExpiresAt(now, settings.tokenTtlDays),
        });
        const rendered = deps.renderMail(summary, approvalUrl(settings.baseUrl, token), settings.municipality, pdfs.map((p) => p.filename));
        const raw = await deps.composer.compose({
          from: { name: `Raadspost griffie ${settings.municipality}`, address: settings.from },
          to: [{ name: '', address: approver }],
          subject: singleLineHeaderValue(rendered.subject, 300),
          text: rendered.text,
          html: rendered.html,
          headers: forwardHeaders(letter.id),
          attachments: pdfs,
          date: now,
        });
        const { providerMessageId } = await deps.sender.sendRaw({ from: settings.from, destinations: [approver], raw });
        providerMessageIds.push(providerMessageId);
      }
    } catch (err) {
      const permanent = err instanceof PipelineError && !err.retryable;
      const code = err instanceof PipelineError ? err.code : 'UNKNOWN';
      await deps.letters.releaseApprovalRequest(letter.id, claimedAt, [
        {
          at: clock.now().toISOString(),
          event: 'goedkeuringsverzoek mislukt',
          detail: `${code}${permanent ? ' (niet opnieuw geprobeerd)' : ' (wordt opnieuw geprobeerd)'}: ${asError(err).message}`.slice(0, 300),
        },
      ]);
      if (permanent) return { kind: 'failed', code };
      throw err;
    }

    const sentAt = clock.now().toISOString();
    await deps.letters.completeApprovalRequest(
      letter.id,
      claimedAt,
      { state: 'sent', at: sentAt, recipients: settings.approvers, providerMessageIds },
      [{ at: sentAt, event: 'goedkeuringsverzoek verstuurd', detail: `aan ${settings.approvers.length} goedkeurder(s)` }],
    );
    return { kind: 'sent', recipients: settings.approvers.length };
  };

/** The PDFs that will be forwarded, when together they are under APPROVAL_MAIL_PDF_BYTES; none otherwise. */
const letterPdfs = async (files: LetterFileStore, letter: Letter): Promise<OutgoingAttachment[]> => {
  const pdfs = forwardedAttachments(letter.attachments).filter(({ attachment }) => attachment.verdict.forward && attachment.verdict.type === 'pdf');
  if (pdfs.length === 0 || pdfs.reduce((sum, { attachment }) => sum + attachment.size, 0) >= APPROVAL_MAIL_PDF_BYTES) return [];
  const attached: OutgoingAttachment[] = [];
  for (const { attachment, index } of pdfs) {
    try {
      attached.push({ filename: attachmentName(attachment, index), contentType: 'application/pdf', content: await files.get(attachment.fileKey!) });
    } catch (err) {
      // A missing copy costs only the convenience of reading it in the mail; the page says it is not available.
      if (!(err instanceof LetterFileMissingError)) throw err;
    }
  }
  return attached;
};
