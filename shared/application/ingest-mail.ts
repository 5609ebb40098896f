import { FORWARDED_TYPES } from '../domain/attachment-policy.js';
import type { Category, Classification } from '../domain/category.js';
import { effectiveVerdicts, type TrustedForwarder } from '../domain/forwarded-authentication.js';
import { DependencyUnavailableError, QUARANTINE_REASONS_NL, RawMailMissingError, isPermanent, type QuarantineCode } from '../domain/errors.js';
import { campaignOpen } from '../domain/letter-life.js';
import { fileKeysOf, letterFileKey, quarantinedLetter, type Letter, type LetterCopy, type LetterStatus, type SimilarLetter } from '../domain/letter.js';
import { MAX_ATTACHMENTS, newLetter, prepareLetter, withClassification } from '../domain/new-letter.js';
import {
  campaignBands,
  campaignDifference,
  campaignSignature,
  CAMPAIGN_SIMILARITY,
  campaignSimilarity,
  DEFAULT_SAMENESS_WINDOWS,
  duplicateKeys,
  likenessKeys,
  type DuplicateInput,
  type Likeness,
  type SamenessKey,
  type SamenessWindows,
} from '../domain/sameness.js';
import type { ParsedMail } from '../domain/mail.js';
import type { Risk } from '../domain/risks.js';
import { DEFAULT_RETENTION, retentionOf, type RetentionPolicy } from '../domain/retention.js';
import type { Verdicts } from '../domain/verdicts.js';
import type { Clock, LetterFileStore, LetterRepository, RawMailStore, RawMailStream } from '../ports.js';
import { close, contentsOf, type ReadMessage } from './read-mail.js';
import type { RequestApproval, RequestApprovalOutcome } from './request-approval.js';

/**
 * Raw RFC 822 bytes, whole or streamed -> our ParsedMail with PDF text.
 * Throws MalformedMailError / MailTooLargeError for unreadable mail.
 */
export type ReadMail = (raw: Uint8Array | RawMailStream) => Promise<ReadMessage>;

/** The pure classification rules (shared/domain/classifier/). */
export type Classify = (
  mail: ParsedMail,
  context: { readonly verdicts: Verdicts; readonly ownDomains: readonly string[]; readonly risks: readonly Risk[] },
) => Classification;

export interface IngestMailDeps {
  readonly rawMail: RawMailStore;
  /** Copies of the attachments that may be forwarded (the approval page and the forward read these). */
  readonly files: LetterFileStore;
  readonly readMail: ReadMail;
  readonly classify: Classify;
  readonly letters: LetterRepository;
  readonly clock: Clock;
  /** The municipality's own mail domains (e.g. heemstede.nl). */
  readonly ownDomains: readonly string[];
  /** The municipality's name: a sender claiming it from outside the own domains is a named risk. */
  readonly municipality: string;
  /** How long a letter's copies and a campaign's letters are recognised (DUPLICATE_WINDOW_DAYS, CAMPAIGN_WINDOW_DAYS). */
  readonly sameness?: SamenessWindows;
  /** Mails the griffier(s) about a letter awaiting approval, exactly once per letter (shared/application/request-approval.ts). */
  readonly requestApproval: RequestApproval;
  /**
   * The griffie's own forwarding mail systems, whose ARC results replace SES's SPF/DKIM/DMARC (TRUSTED_FORWARDERS).
   * @default none: SES's verdicts stand
   */
  readonly trustedForwarders?: readonly TrustedForwarder[];
  /** How long each kind of mail is kept (the raw object's tag, the record's expiry). @default DEFAULT_RETENTION */
  readonly retention?: RetentionPolicy;
}

/** A Message-ID is certain: a message with one seen before is a copy for as long as raw mail is kept. */
const MESSAGE_ID_DAYS = 730;

/** How long a copy waits for the first letter's record when both arrive at the same moment. */
const FIRST_RECORD_WAIT_MS = [100, 250, 500, 1000, 2000];

export interface IngestMailInput {
  /** The SES message id: the letter's id, and the name of the raw object. */
  readonly messageId: string;
  /** The griffie addresses SES received it for (the receipt's recipients). */
  readonly recipients?: readonly string[];
  /** Where SES stored the raw message (prefix + message id). */
  readonly objectKey: string;
  /** When SES received the message (ISO-8601). @default the clock's now */
  readonly receivedAt?: string;
  /** The receipt's verdicts, from the event (never from the message's own headers). */
  readonly verdicts: Verdicts;
  /** The envelope sender SES received (the event's mail.source): tells whether a trusted forwarder delivered it. */
  readonly envelopeFrom?: string;
  /**
   * Reprocessing: a quarantined record is read again and replaced (conditionally: only while it is still
   * quarantined). Any other existing record is left alone, as on a redelivery. @default false
   */
  readonly replaceQuarantined?: boolean;
}

export type IngestOutcome =
  | {
      readonly kind: 'stored';
      readonly letterId: string;
      readonly category: Category;
      readonly status: LetterStatus;
      /** For letters awaiting approval: what became of the approval mail. */
      readonly approval?: RequestApprovalOutcome;
    }
  | { readonly kind: 'duplicate'; readonly letterId: string; readonly approval?: RequestApprovalOutcome }
  /** The same letter as `firstId` again: recorded and linked, not offered, not numbered. */
  | { readonly kind: 'copy'; readonly letterId: string; readonly firstId: string; readonly by: LetterCopy['by'] }
  /** Another resident's letter of the campaign `firstId` leads: counted there, not offered on its own. */
  | { readonly kind: 'in_campaign'; readonly letterId: string; readonly firstId: string }
  | { readonly kind: 'quarantined'; readonly letterId: string; readonly code: QuarantineCode };

/** Operator detail is the error's message (technical, no content by contract), capped in case a parser quotes input. */
const DETAIL_CHARS = 300;

export type IngestMail = (input: IngestMailInput) => Promise<IngestOutcome>;

/**
 * Ingest one message that SES received for the griffie.
 *
 * Primary course:
 * 1. A message arrives for the griffie; SES has stored it and scanned it.
 * 2. If this message was registered before (SES may deliver the event twice), nothing more is done.
 * 3. The virus verdict is screened: an infected message is put in quarantine unread.
 * 4. The message is fetched and read: sender, subject, body and the text of a PDF letter.
 * 5. When the griffie's own mail system forwarded it (SES's checks pass for a trusted forwarder), the original sender's
 *    SPF, DKIM and DMARC are taken from the forwarder's ARC results; otherwise SES's stand.
 * 6. It is classified: a letter to the council (advocacy or citizen letter) or something else.
 * 7. If it is the same letter as one received before (its sender's Message-ID, or the same sender, subject, text and
 *    attachments within the window), it is recorded as a copy of that letter and nothing more happens. If a resident
 *    sends the text of a campaign that another resident sent first, with the same attachments, while that first
 *    letter awaits the griffier or was approved, it is counted with that campaign's letter. A letter that shares a
 *    forwarded attachment or a paragraph with an earlier one is marked as probably the same as that letter.
 * 8. The record is registered once: letters to the council await the griffier's approval, the rest is filed. The
 *    raw message is tagged with its kind first (pending, a record, short-lived, quarantined), and the record gets the
 *    same term.
 * 9. For a letter awaiting approval, the approver(s) get the approval mail, once (also when this run is a
 *    redelivery of one that stored the record but died before the mail went out).
 *
 * Exceptions: a message that cannot be fetched or read for good (missing, empty, not a message, too large)
 * is registered in quarantine with a Dutch reason and the call returns normally, so it is not retried.
 * Errors a retry can cure (S3 or DynamoDB unavailable) and unknown errors propagate so Lambda retries.
 * The raw message is never deleted.
 */
export const makeIngestMail =
  (deps: IngestMailDeps): IngestMail =>
  async (input) => {
    const { messageId, objectKey, verdicts } = input;
    const receivedAt = input.receivedAt ?? deps.clock.now().toISOString();

    // A cheap read saves re-reading and re-parsing on a redelivery; the conditional write below is what makes it correct.
    const existing = await deps.letters.get(messageId);
    const replacing = input.replaceQuarantined === true && existing?.status === 'quarantined';
    const write = async (letter: Letter): Promise<'created' | 'duplicate'> =>
      replacing ? ((await deps.letters.replaceQuarantined(letter)) === 'replaced' ? 'created' : 'duplicate') : deps.letters.createIfAbsent(letter);
    const store = async (letter: Letter): Promise<'created' | 'duplicate'> => write(await retained(letter));
    /** The letter with its retention, once its raw mail is tagged (tagged first: a run that dies in between tags again). */
    const retained = async (letter: Letter): Promise<Letter> => {
      const retention = retentionOf(letter, deps.retention ?? DEFAULT_RETENTION, deps.clock.now());
      try {
        await deps.rawMail.setRetention(objectKey, retention.kind);
      } catch (err) {
        if (err instanceof RawMailMissingError) return letter; // nothing to keep: the record stays as it is
        throw err;
      }
      // The copies of its attachments expire with it.
      for (const fileKey of fileKeysOf(letter)) await deps.files.setRetention(fileKey, retention.kind);
      return { ...letter, retention };
    };
    if (existing && !replacing) {
      // A run that stored the record may have died before the approval mail went out: finish that step.
      const approval = needsApprovalMail(existing) ? await deps.requestApproval(existing) : undefined;
      return { kind: 'duplicate', letterId: messageId, ...(approval && { approval }) };
    }

    const quarantine = async (code: QuarantineCode, sizeBytes: number, detail?: string): Promise<IngestOutcome> => {
      const letter = quarantinedLetter({
        id: messageId,
        rawObjectKey: objectKey,
        sizeBytes,
        receivedAt,
        quarantine: { code, reason: QUARANTINE_REASONS_NL[code], ...(detail && { detail: detail.slice(0, DETAIL_CHARS) }) },
        verdicts,
        category: 'spam',
        reasons: [QUARANTINE_REASONS_NL[code]],
      });
      return (await store(letter)) === 'created'
        ? { kind: 'quarantined', letterId: messageId, code }
        : { kind: 'duplicate', letterId: messageId };
    };

    // Size unknown: an infected message is not fetched at all.
    if (verdicts.virus === 'FAIL') return quarantine('VIRUS_DETECTED', 0);

    // Streamed from the store: a 40 MB message never sits in memory whole (only what the record needs is kept).
    let source: RawMailStream;
    try {
      source = await deps.rawMail.stream(objectKey);
    } catch (err) {
      if (isPermanent(err)) return quarantine(err.code, 0, err.message);
      throw err;
    }
    let bytesRead = 0;
    const counted: RawMailStream = { ...source, body: counting(source.body, (n) => (bytesRead += n)) };
    const sizeOf = () => source.sizeBytes ?? bytesRead;

    let mail: ReadMessage;
    try {
      mail = await deps.readMail(counted);
    } catch (err) {
      if (isPermanent(err)) return quarantine(err.code, sizeOf(), err.message);
      throw err;
    } finally {
      await close(source.body); // whatever was not read (a refused or broken message) is let go
    }

    if (mail.attachments.length > MAX_ATTACHMENTS) return quarantine('TOO_MANY_ATTACHMENTS', sizeOf(), `${mail.attachments.length} attachments`);

    const judged = effectiveVerdicts({
      ses: verdicts,
      envelopeFrom: input.envelopeFrom ?? null,
      headers: mail.authenticationHeaders,
      trustedForwarders: deps.trustedForwarders ?? [],
    });
    const riskContext = { verdicts: judged.verdicts, ownDomains: deps.ownDomains, municipality: deps.municipality };
    const assessed = prepareLetter(mail, riskContext, contentsOf(mail));
    // The risks are signals for the classifier too (impersonation, a look-alike domain: fraud).
    const classification = deps.classify(mail, { verdicts: judged.verdicts, ownDomains: deps.ownDomains, risks: assessed.risks });
    const prepared = withClassification(assessed, classification, mail, riskContext);
    const recipients = input.recipients ?? [];
    let letter: Letter = newLetter({
      id: messageId,
      rawObjectKey: objectKey,
      sizeBytes: sizeOf(),
      receivedAt,
      mail,
      prepared,
      classification,
      verdicts: judged.verdicts,
      verdictSource: judged.source,
    });
    letter = { ...letter, ...(recipients.length > 0 && { recipients }) };
    const windows = deps.sameness ?? DEFAULT_SAMENESS_WINDOWS;
    const at = new Date(receivedAt);
    const until = (days: number) => Math.floor(at.getTime() / 1000 + days * 86_400);

    // The same letter again? One conditional claim on its keys: of two copies arriving at once, one is the first.
    const same = await firstDelivery(deps, letter, (kind) => until(kind === 'message_id' ? MESSAGE_ID_DAYS : windows.duplicateWindowDays));
    if (same.kind === 'copy') {
      const { firstId, by } = same;
      const copy: Letter = { ...letter, status: 'duplicate', duplicateOf: firstId };
      await linkToFirst(deps, await retained(copy), { kind: 'copy', firstId, copy: { id: messageId, receivedAt, recipients, by } });
      return { kind: 'copy', letterId: messageId, firstId, by };
    }

    // A resident's letter may be one of a campaign: its text (without salutation, signature, names and numbers) is
    // compared with the open campaigns' first letters with the same attachments that share a band of its signature.
    const forwarded = mail.attachments.flatMap((a, i) => (prepared.attachmentVerdicts[i]?.forward ? [a.sha256] : []));
    const signature = letter.status === 'awaiting_approval' && letter.category === 'citizen_letter' ? campaignSignature(prepared.body.text) : undefined;
    if (signature) {
      for (let attempt = 0; attempt < CAMPAIGN_ATTEMPTS; attempt++) {
        const leader = await joinOrLeadCampaign(deps, letter, campaignBands(signature, forwarded), until(windows.campaignWindowDays));
        if (!leader) break;
        const difference = campaignDifference(prepared.body.text, leader.body.text);
        const member: Letter = { ...letter, status: 'in_campaign', campaignOf: leader.id };
        // Listed on the first letter only while it lists fewer than CAMPAIGN_MEMBERS_SHOWN (the repository decides).
        const entry = { id: messageId, receivedAt, from: letter.from?.address ?? '', differs: difference !== undefined, ...(difference && { difference }) };
        // The campaign may have closed since it was read (the griffier rejected its first letter): then look again.
        if ((await linkToFirst(deps, await retained(member), { kind: 'campaign', firstId: leader.id, member: entry })) === 'campaign_closed') continue;
        return { kind: 'in_campaign', letterId: messageId, firstId: leader.id };
      }
      letter = { ...letter, campaign: { count: 1, firstAt: receivedAt, lastAt: receivedAt, members: [], differing: 0 } };
    }

    // A letter that repeats an earlier one in another way (a colleague forwarding it, a web form reusing its
    // Message-ID) is offered all the same, marked, so the griffier decides.
    if (letter.status === 'awaiting_approval') {
      const similarTo = await earlierLikeThis(deps, letter, forwarded, same.sameMessageIdAs, until(windows.duplicateWindowDays));
      if (similarTo) letter = { ...letter, similarTo };
    }

    // The bytes of what may be forwarded are stored before the record that points at them (a redelivery rewrites
    // the same bytes under the same keys).
    const fileKeys = new Map<number, string>();
    for (const [index, attachment] of mail.attachments.entries()) {
      const verdict = prepared.attachmentVerdicts[index];
      if (!verdict?.forward || !attachment.content) continue;
      const key = letterFileKey(messageId, index);
      await deps.files.put(key, attachment.content, FORWARDED_TYPES[verdict.type].mime);
      fileKeys.set(index, key);
    }
    letter = withFileKeys(letter, fileKeys);
    if ((await store(letter)) === 'duplicate') {
      // A concurrent run stored it first; that run sends the approval mail (its claim makes ours a no-op anyway).
      return { kind: 'duplicate', letterId: letter.id };
    }
    const approval = needsApprovalMail(letter) ? await deps.requestApproval(letter) : undefined;
    return { kind: 'stored', letterId: letter.id, category: letter.category, status: letter.status, ...(approval && { approval }) };
  };

/** The attachments with the keys of their stored copies; one that could not be stored is not forwarded. */
const withFileKeys = (letter: Letter, fileKeys: ReadonlyMap<number, string>): Letter => ({
  ...letter,
  attachments: letter.attachments.map((a, i) => {
    const fileKey = fileKeys.get(i);
    if (fileKey) return { ...a, fileKey };
    return a.verdict.forward ? { ...a, verdict: { forward: false, refusal: { code: 'unsupported' } } } : a;
  }),
});

/** What a letter's sameness keys are computed from (the same for a new letter and a stored one). */
const duplicateInputOf = (letter: Letter): DuplicateInput => ({
  messageId: letter.headerMessageId,
  from: letter.from?.address ?? null,
  subject: letter.subject,
  text: letter.body.text,
  attachmentHashes: letter.attachments.map((a) => a.sha256),
});

/**
 * Whether this message is a copy of a letter received before: by its sender's Message-ID, or by its content. A
 * Message-ID seen before with other content (a web form that gives every message the same one) makes no copy: that
 * letter is new, and `sameMessageIdAs` names the first one, so the griffier sees both.
 */
const firstDelivery = async (
  deps: IngestMailDeps,
  letter: Letter,
  expiresAt: (kind: SamenessKey['kind']) => number,
): Promise<{ readonly kind: 'copy'; readonly firstId: string; readonly by: LetterCopy['by'] } | { readonly kind: 'new'; readonly sameMessageIdAs?: string }> => {
  const keys = duplicateKeys(duplicateInputOf(letter));
  const claim = (wanted: readonly SamenessKey[]) => deps.letters.claimSameness(letter.id, wanted.map(({ key, kind }) => ({ key, expiresAt: expiresAt(kind) })), deps.clock.now());
  const content = keys.find((k) => k.kind === 'content')!;
  const messageIdKey = keys.find((k) => k.kind === 'message_id');
  const held = await claim(keys);
  const byContent = held.get(content.key);
  const byMessageId = messageIdKey && held.get(messageIdKey.key);
  if (byMessageId && (byMessageId === byContent || (await sameContent(deps, byMessageId, content.key)))) return { kind: 'copy', firstId: byMessageId, by: 'message_id' };
  if (byContent) return { kind: 'copy', firstId: byContent, by: 'content' };
  if (!byMessageId) return { kind: 'new' };
  // Its own content is claimed alone, so that its own copies are recognised.
  const again = (await claim([content])).get(content.key);
  return again ? { kind: 'copy', firstId: again, by: 'content' } : { kind: 'new', sameMessageIdAs: byMessageId };
};

/** Whether the recorded letter `id` has this content key (its own may have expired before its Message-ID's). */
const sameContent = async (deps: IngestMailDeps, id: string, contentKey: string): Promise<boolean> => {
  const first = await deps.letters.get(id);
  return first !== undefined && duplicateKeys(duplicateInputOf(first)).some((k) => k.key === contentKey);
};

/** Tries at joining a campaign whose first letter was rejected between reading it and joining it. */
const CAMPAIGN_ATTEMPTS = 3;

/**
 * The first letter of the open campaign this letter belongs to, or undefined when it leads one (it then holds the
 * free bands of its signature). A band held by a letter whose text is not similar enough is left to that letter; a
 * band held by a first letter whose campaign closed (CAMPAIGN_OPEN_STATUSES) is taken over: this letter stands alone
 * and leads the campaign from now on.
 */
const joinOrLeadCampaign = async (
  deps: IngestMailDeps,
  letter: Letter,
  allBands: readonly SamenessKey[],
  expiresAt: number,
): Promise<Letter | undefined> => {
  let bands = allBands;
  const compared = new Set<string>();
  const closed: string[] = [];
  for (let round = 0; round < 3 && bands.length > 0; round++) {
    const held = await deps.letters.claimSameness(letter.id, bands.map(({ key }) => ({ key, expiresAt })), deps.clock.now(), closed);
    if (held.size === 0) return undefined;
    for (const candidate of new Set(held.values())) {
      if (compared.has(candidate)) continue;
      compared.add(candidate);
      const first = await deps.letters.get(candidate);
      if (!first?.campaign) continue;
      if (!campaignOpen(first.status)) {
        closed.push(candidate);
        continue;
      }
      const sameText = campaignSimilarity(first.body.text, letter.body.text) >= CAMPAIGN_SIMILARITY;
      // "Different private senders": one resident sending their letter twice is not a campaign.
      if (sameText && first.from?.address !== letter.from?.address) return first;
    }
    bands = bands.filter(({ key }) => !held.has(key) || closed.includes(held.get(key)!));
  }
  return undefined;
};

/**
 * The earlier letter this one probably repeats: the first holder of one of its forwarded attachments or long
 * paragraphs (likenessKeys), or the first letter with its sender's Message-ID. This letter claims the keys it is the
 * first with, so a later repeat of it is recognised too.
 */
const earlierLikeThis = async (
  deps: IngestMailDeps,
  letter: Letter,
  forwarded: readonly string[],
  sameMessageIdAs: string | undefined,
  expiresAt: number,
): Promise<SimilarLetter | undefined> => {
  const keys = likenessKeys({ text: letter.body.text, forwardedAttachmentHashes: forwarded });
  const held = keys.length > 0 ? await deps.letters.claimSameness(letter.id, keys.map(({ key }) => ({ key, expiresAt })), deps.clock.now()) : new Map<string, string>();
  const shared = keys.find(({ key }) => held.has(key));
  const [id, because] = sameMessageIdAs ? [sameMessageIdAs, 'same_message_id' as const] : shared ? [held.get(shared.key)!, shared.kind as Likeness] : [];
  if (!id || !because) return undefined;
  const earlier = await deps.letters.get(id);
  return {
    id,
    because,
    ...(earlier && {
      earlier: {
        from: earlier.from?.address ?? '',
        subject: earlier.subject,
        receivedAt: earlier.receivedAt,
        ...(earlier.registerNumber && { registerNumber: earlier.registerNumber }),
      },
    }),
  };
};

/**
 * Records a copy or a campaign letter with its link to the first letter. When both arrived at the same moment the
 * first one's record may not be there yet: wait a little, then leave it to Lambda's retry.
 */
const linkToFirst = async (
  deps: IngestMailDeps,
  letter: Letter,
  link: Parameters<LetterRepository['createLinked']>[1],
): Promise<Exclude<Awaited<ReturnType<LetterRepository['createLinked']>>, 'first_missing'>> => {
  for (const wait of [...FIRST_RECORD_WAIT_MS, undefined]) {
    const result = await deps.letters.createLinked(letter, link);
    if (result !== 'first_missing') return result;
    if (wait === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new DependencyUnavailableError(`letter ${link.firstId}, of which ${letter.id} is a ${link.kind}, is not recorded yet; try again later`);
};

/** Letters awaiting the griffier whose approval mail has not (certainly) gone out. */
const needsApprovalMail = (letter: Letter): boolean => letter.status === 'awaiting_approval' && letter.approvalRequest?.state !== 'sent';

/** The chunks of `body`, reporting each chunk's size on the way. */
async function* counting(body: AsyncIterable<Uint8Array>, onChunk: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    onChunk(chunk.byteLength);
    yield chunk;
  }
}
