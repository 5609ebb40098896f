/**
 * In-memory fakes of the ports (STYLE 6.9): they behave like the adapters' contracts and record calls,
 * so unit tests need no vi.mock.
 */
import { CAMPAIGN_RESIDENT_FIELDS, type AcknowledgedRun, type Acknowledgement, type AcknowledgementRecord, type CampaignResident } from '../../shared/domain/acknowledgement.js';
import { purposeOf, registerNumber, type ApprovalRequest, type ApprovalToken, type Decision, type ForwardFailure, type ForwardRecord, type HistoryEntry } from '../../shared/domain/approval.js';
import { correctionOnLetter, type CorrectionRecord } from '../../shared/domain/correction.js';
import { LetterFileMissingError, RawMailMissingError } from '../../shared/domain/errors.js';
import { CAMPAIGN_MEMBERS_SHOWN, MAX_COPIES, type CampaignMember, type Letter, type LetterCopy } from '../../shared/domain/letter.js';
import { campaignOpen, LETTER_CHANGES, mayChange, type LetterStatus } from '../../shared/domain/letter-life.js';
import type { Retention, RetentionKind } from '../../shared/domain/retention.js';
import type { WooMarking } from '../../shared/domain/woo.js';
import type {
  ApprovalClaim,
  ApprovalTokenStore,
  Clock,
  CreateResult,
  DecideResult,
  ForwardRateLimiter,
  ForwardTrigger,
  LetterFileStore,
  LetterRepository,
  MailSender,
  Page,
  MessageComposer,
  OutgoingMail,
  RandomSource,
  RawMailCheckpoint,
  RawMailStore,
  RawMailStream,
} from '../../shared/ports.js';

/** The stored copies of forwarded attachments, in memory; records what was put and read. */
export class InMemoryLetterFileStore implements LetterFileStore {
  readonly files = new Map<string, { content: Uint8Array; contentType: string }>();
  readonly gets: string[] = [];

  async put(key: string, content: Uint8Array, contentType: string): Promise<void> {
    this.files.set(key, { content, contentType });
  }

  async get(key: string): Promise<Uint8Array> {
    this.gets.push(key);
    const file = this.files.get(key);
    if (!file) throw new LetterFileMissingError(`no file ${key}`);
    return file.content;
  }

  async temporaryUrl(key: string, download: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    if (!this.files.has(key)) throw new LetterFileMissingError(`no file ${key}`);
    return `https://files.test/${encodeURIComponent(key)}?filename=${encodeURIComponent(download.filename)}&expires=${download.expiresInSeconds}`;
  }

  /** The retention tag of each file. */
  readonly retentionTags = new Map<string, RetentionKind>();

  async setRetention(key: string, kind: RetentionKind): Promise<void> {
    if (!this.files.has(key)) throw new LetterFileMissingError(`no file ${key}`);
    this.retentionTags.set(key, kind);
  }
}

export class InMemoryRawMailStore implements RawMailStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly gets: string[] = [];
  readonly puts: string[] = [];
  /** When set, `get` throws this instead of answering (e.g. a DependencyUnavailableError). */
  failWith: Error | undefined;

  constructor(objects: Record<string, Uint8Array | string> = {}) {
    for (const [key, value] of Object.entries(objects)) {
      this.objects.set(key, typeof value === 'string' ? Buffer.from(value) : value);
    }
  }

  async get(objectKey: string): Promise<Uint8Array> {
    this.gets.push(objectKey);
    if (this.failWith) throw this.failWith;
    const raw = this.objects.get(objectKey);
    if (!raw) throw new RawMailMissingError(`no object ${objectKey}`);
    return raw;
  }

  /** Size of the chunks `stream` yields (small, so streaming parsers see messages cut at odd places). */
  chunkBytes = 16 * 1024;

  /** Like `get` (recorded in `gets` too), in chunks of `chunkBytes`, with the size known as S3's ContentLength is. */
  async stream(objectKey: string): Promise<RawMailStream> {
    const raw = await this.get(objectKey);
    const chunkBytes = this.chunkBytes;
    async function* chunks() {
      for (let at = 0; at < raw.byteLength; at += chunkBytes) yield raw.subarray(at, at + chunkBytes);
    }
    return { body: chunks(), sizeBytes: raw.byteLength };
  }

  async put(objectKey: string, raw: Uint8Array): Promise<void> {
    this.puts.push(objectKey);
    this.objects.set(objectKey, raw);
  }

  /** Pages of `pageSize` keys (small by default, so callers' pagination is exercised). */
  pageSize = 2;

  /** lastModified of every object (tests can set it per key); @default 2026-02-01T00:00:00.000Z */
  readonly modified = new Map<string, string>();

  async list(prefix: string, cursor?: string): Promise<{ objects: { key: string; lastModified: string }[]; cursor?: string }> {
    const all = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const start = cursor ? Number(cursor) : 0;
    const objects = all.slice(start, start + this.pageSize).map((key) => ({ key, lastModified: this.modified.get(key) ?? '2026-02-01T00:00:00.000Z' }));
    return start + this.pageSize < all.length ? { objects, cursor: String(start + this.pageSize) } : { objects };
  }

  /** The retention tag of each object (as S3's tag set); `restarts`: every restartRetention, in order. */
  readonly retentionTags = new Map<string, RetentionKind>();
  readonly restarts: { key: string; kind: RetentionKind; at: string }[] = [];

  async setRetention(objectKey: string, kind: RetentionKind): Promise<void> {
    if (this.failWith) throw this.failWith;
    if (!this.objects.has(objectKey)) throw new RawMailMissingError(`no object ${objectKey}`);
    this.retentionTags.set(objectKey, kind);
  }

  /** Like S3's copy onto itself: same bytes, a new creation time (lastModified), the new tag. */
  async restartRetention(objectKey: string, kind: RetentionKind, handledAt: Date): Promise<void> {
    await this.setRetention(objectKey, kind);
    this.modified.set(objectKey, handledAt.toISOString());
    this.restarts.push({ key: objectKey, kind, at: handledAt.toISOString() });
  }
}

export class InMemoryLetterRepository implements LetterRepository {
  readonly letters = new Map<string, Letter>();
  /** Every letter passed to createIfAbsent, in order, including duplicates. */
  readonly createCalls: Letter[] = [];
  readonly getCalls: string[] = [];

  /** The letters that were actually stored. */
  get saved(): Letter[] {
    return [...this.letters.values()];
  }

  async createIfAbsent(letter: Letter): Promise<CreateResult> {
    this.createCalls.push(letter);
    if (this.letters.has(letter.id)) return 'duplicate';
    this.letters.set(letter.id, letter);
    return 'created';
  }

  async get(id: string): Promise<Letter | undefined> {
    this.getCalls.push(id);
    return this.letters.get(id);
  }

  async replaceQuarantined(letter: Letter): Promise<'replaced' | 'not_quarantined'> {
    const current = this.letters.get(letter.id);
    if (!current || !mayChange('replaceQuarantined', current.status)) return 'not_quarantined';
    this.letters.set(letter.id, letter);
    return 'replaced';
  }

  async listByStatus(statuses: readonly LetterStatus[], options: { receivedFrom?: string } = {}): Promise<Letter[]> {
    return [...this.letters.values()]
      .filter((l) => statuses.includes(l.status) && (options.receivedFrom === undefined || l.receivedAt >= options.receivedFrom))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async listRegistered(scopes: readonly number[]): Promise<Letter[]> {
    return [...this.letters.values()]
      .filter((l) => l.registerNumber && scopes.includes(l.registerNumber.year))
      .sort((a, b) => a.registerNumber!.year - b.registerNumber!.year || a.registerNumber!.sequence - b.registerNumber!.sequence);
  }

  /** The corrections log, in the order written. */
  readonly corrections: CorrectionRecord[] = [];

  async listCorrections(): Promise<CorrectionRecord[]> {
    return [...this.corrections].sort((a, b) => a.at.localeCompare(b.at));
  }

  async correctFiled(input: {
    letterId: string;
    tokenHash: string;
    change: 'submitToCouncil' | 'markWoo';
    correction: CorrectionRecord;
    woo?: WooMarking;
    history: readonly HistoryEntry[];
    now: Date;
  }): Promise<'corrected' | 'not_filed' | 'token_rejected'> {
    if (input.change === 'markWoo' && !input.woo) throw new RangeError('marking a Woo request needs its term');
    const letter = this.letters.get(input.letterId);
    if (!letter || !mayChange(input.change, letter.status) || letter.correction) return 'not_filed';
    const token = this.tokens.tokens.get(input.tokenHash);
    if (!token || token.usedAt || purposeOf(token) !== 'review' || token.letterId !== input.letterId || token.expiresAt <= Math.floor(input.now.getTime() / 1000)) {
      return 'token_rejected';
    }
    this.letters.set(letter.id, {
      ...letter,
      status: LETTER_CHANGES[input.change].to[0],
      category: input.correction.category,
      forward: input.change === 'submitToCouncil',
      correction: correctionOnLetter(input.correction),
      ...(input.woo && { woo: input.woo }),
      history: [...(letter.history ?? []), ...input.history],
    });
    this.tokens.tokens.set(token.tokenHash, { ...token, usedAt: input.now.toISOString() });
    this.corrections.push(input.correction);
    return 'corrected';
  }

  /** Items a page of a long listing holds (small tests lower it to see the cursor work). */
  pageSize = 100;

  /** One page of `items` from `cursor` (an offset, as the adapter's is opaque). */
  private page<T>(items: readonly T[], cursor?: string): Page<T> {
    const from = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(from) || from < 0) throw new RangeError(`not a cursor: ${cursor}`);
    const to = from + this.pageSize;
    return { items: items.slice(from, to), ...(to < items.length && { cursor: String(to) }) };
  }

  async listCampaignLetters(leaderId: string, cursor?: string): Promise<Page<CampaignResident>> {
    const letters = [...this.letters.values()]
      .filter((l) => l.campaignOf === leaderId)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id))
      .map((l) => Object.fromEntries(CAMPAIGN_RESIDENT_FIELDS.flatMap((f) => (l[f] === undefined ? [] : [[f, l[f]]]))) as unknown as CampaignResident);
    return this.page(letters, cursor);
  }

  /** Each letter's acknowledgements, by key (records of their own, as in the adapter). */
  readonly acknowledgements = new Map<string, Map<string, AcknowledgementRecord>>();

  async claimAcknowledgement(id: string, key: string, record: AcknowledgementRecord): Promise<boolean> {
    const claimed = this.acknowledgements.get(id) ?? new Map<string, AcknowledgementRecord>();
    if (!this.letters.has(id) || claimed.has(key)) return false;
    this.acknowledgements.set(id, claimed.set(key, record));
    return true;
  }

  async completeAcknowledgement(id: string, key: string, claimedAt: string, sent: AcknowledgementRecord | undefined): Promise<void> {
    const claimed = this.acknowledgements.get(id);
    const current = claimed?.get(key);
    if (!claimed || current?.state !== 'sending' || current.at !== claimedAt) return;
    if (sent) claimed.set(key, sent);
    else claimed.delete(key);
  }

  async listAcknowledgements(id: string, cursor?: string): Promise<Page<Acknowledgement>> {
    const claimed = [...(this.acknowledgements.get(id) ?? new Map<string, AcknowledgementRecord>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.page(claimed.map(([key, record]) => ({ key, record })), cursor);
  }

  async recordAcknowledged(id: string, run: AcknowledgedRun): Promise<void> {
    this.update(id, (l) => (l.acknowledged && l.acknowledged.letters > run.letters ? l : { ...l, acknowledged: run }));
  }

  /** Keys of sameness and who holds them until when (epoch seconds). */
  readonly sameness = new Map<string, { holder: string; expiresAt: number }>();

  async claimSameness(letterId: string, keys: readonly { key: string; expiresAt: number }[], now: Date, takingOver: readonly string[] = []): Promise<ReadonlyMap<string, string>> {
    const nowEpoch = Math.floor(now.getTime() / 1000);
    const held = new Map<string, string>();
    for (const { key } of keys) {
      const claim = this.sameness.get(key);
      if (claim && claim.holder !== letterId && claim.expiresAt >= nowEpoch && !takingOver.includes(claim.holder)) held.set(key, claim.holder);
    }
    if (held.size === 0) for (const { key, expiresAt } of keys) this.sameness.set(key, { holder: letterId, expiresAt });
    return held;
  }

  async createLinked(
    letter: Letter,
    link: { kind: 'copy'; firstId: string; copy: LetterCopy } | { kind: 'campaign'; firstId: string; member: CampaignMember },
  ): Promise<CreateResult | 'first_missing' | 'campaign_closed'> {
    if (this.letters.has(letter.id)) return 'duplicate';
    const first = this.letters.get(link.firstId);
    if (!first || (link.kind === 'campaign' && !first.campaign)) return 'first_missing';
    if (link.kind === 'campaign' && !campaignOpen(first.status)) return 'campaign_closed';
    this.letters.set(letter.id, letter);
    if (link.kind === 'copy') {
      const copies = first.copies ?? [];
      this.letters.set(first.id, copies.length < MAX_COPIES ? { ...first, copies: [...copies, link.copy] } : { ...first, copiesBeyondList: (first.copiesBeyondList ?? 0) + 1 });
    } else {
      const campaign = first.campaign!;
      const members = campaign.members.length < CAMPAIGN_MEMBERS_SHOWN ? [...campaign.members, link.member] : campaign.members;
      const differing = (campaign.differing ?? 0) + (link.member.differs ? 1 : 0);
      this.letters.set(first.id, { ...first, campaign: { ...campaign, count: campaign.count + 1, lastAt: link.member.receivedAt, members, differing } });
    }
    return 'created';
  }

  /** The tokens `decide` checks and uses in the same "transaction" (as the DynamoDB adapter does). */
  constructor(readonly tokens: InMemoryApprovalTokenStore = new InMemoryApprovalTokenStore()) {}

  /** When set, the next call of this method throws it once (a crash or an outage at that step). */
  readonly failNext: Partial<Record<'completeApprovalRequest' | 'recordForwardBatch' | 'decide', Error>> = {};

  /** The register counters `decide` takes numbers from, by scope (a year, or 0), in the same "transaction". */
  readonly counters = new Map<number, number>();

  private update(id: string, change: (l: Letter) => Letter): void {
    const letter = this.letters.get(id);
    if (letter) this.letters.set(id, change(letter));
  }

  private failIfAsked(method: keyof InMemoryLetterRepository['failNext']): void {
    const err = this.failNext[method];
    if (err) {
      delete this.failNext[method];
      throw err;
    }
  }

  async claimApprovalRequest(id: string, claim: { at: string; recipients: readonly string[]; staleBefore: string }): Promise<ApprovalClaim> {
    const letter = this.letters.get(id);
    if (!letter || !mayChange('decide', letter.status)) return 'not_awaiting';
    const current = letter.approvalRequest;
    if (current?.state === 'sent') return 'already_sent';
    if (current?.state === 'sending' && !(current.at < claim.staleBefore)) return 'in_progress';
    this.letters.set(id, { ...letter, approvalRequest: { state: 'sending', at: claim.at, recipients: claim.recipients } });
    return 'claimed';
  }

  async completeApprovalRequest(id: string, claimedAt: string, sent: ApprovalRequest, history: readonly HistoryEntry[]): Promise<void> {
    this.failIfAsked('completeApprovalRequest');
    const current = this.letters.get(id)?.approvalRequest;
    if (current?.state !== 'sending' || current.at !== claimedAt) return;
    this.update(id, (l) => ({ ...l, approvalRequest: sent, history: [...(l.history ?? []), ...history] }));
  }

  async releaseApprovalRequest(id: string, claimedAt: string, history: readonly HistoryEntry[]): Promise<void> {
    const current = this.letters.get(id)?.approvalRequest;
    if (current?.state !== 'sending' || current.at !== claimedAt) return;
    this.update(id, ({ approvalRequest: _released, ...l }) => ({ ...l, history: [...(l.history ?? []), ...history] }));
  }

  async decide(input: {
    letterId: string;
    tokenHash: string;
    decision: Decision;
    history: readonly HistoryEntry[];
    now: Date;
    registerScope?: number;
    correction?: CorrectionRecord;
  }): Promise<DecideResult> {
    this.failIfAsked('decide');
    const letter = this.letters.get(input.letterId);
    if (!letter || !mayChange('decide', letter.status) || letter.decision || letter.registerNumber) return { kind: 'already_decided' };
    const token = this.tokens.tokens.get(input.tokenHash);
    if (!token || token.usedAt || purposeOf(token) !== 'decide' || token.letterId !== input.letterId || token.expiresAt <= Math.floor(input.now.getTime() / 1000)) {
      return { kind: 'token_rejected' };
    }
    const number = input.registerScope === undefined ? undefined : registerNumber(input.registerScope, (this.counters.get(input.registerScope) ?? 0) + 1);
    if (number) this.counters.set(number.year, number.sequence);
    this.letters.set(letter.id, {
      ...letter,
      status: input.decision.kind,
      decision: input.decision,
      ...(number && { registerNumber: number }),
      ...(input.correction && { category: input.correction.category, correction: correctionOnLetter(input.correction) }),
      history: [
        ...(letter.history ?? []),
        ...input.history,
        ...(number ? [{ at: input.decision.at, event: 'nummer ingekomen stuk toegekend', detail: number.label }] : []),
      ],
    });
    this.tokens.tokens.set(token.tokenHash, { ...token, usedAt: input.now.toISOString() });
    if (input.correction) this.corrections.push(input.correction);
    return number ? { kind: 'decided', registerNumber: number } : { kind: 'decided' };
  }

  async claimForward(
    id: string,
    claim: { from: 'approved' | 'forward_failed' | 'forwarding'; previousAttempts: number; record: ForwardRecord; history: readonly HistoryEntry[]; staleBefore?: string },
  ): Promise<boolean> {
    if (!mayChange('claimForward', claim.from)) throw new RangeError(`claimForward cannot start from ${claim.from}`);
    const letter = this.letters.get(id);
    if (!letter || letter.status !== claim.from || (letter.forwarding?.attempts ?? 0) !== claim.previousAttempts) return false;
    if (claim.from === 'forwarding' && !(claim.staleBefore && letter.forwarding && letter.forwarding.at < claim.staleBefore)) return false;
    this.letters.set(id, { ...letter, status: 'forwarding', forwarding: claim.record, history: [...(letter.history ?? []), ...claim.history] });
    return true;
  }

  async recordForwardBatch(id: string, providerMessageId: string): Promise<void> {
    this.failIfAsked('recordForwardBatch');
    const letter = this.letters.get(id);
    if (!letter || !mayChange('recordForwardBatch', letter.status) || !letter.forwarding) throw new Error(`letter ${id} is not forwarding`);
    this.letters.set(id, { ...letter, forwarding: { ...letter.forwarding, providerMessageIds: [...letter.forwarding.providerMessageIds, providerMessageId] } });
  }

  async completeForward(id: string, done: { at: string; history: readonly HistoryEntry[] }): Promise<void> {
    const letter = this.letters.get(id);
    if (!letter || !mayChange('completeForward', letter.status) || !letter.forwarding) throw new Error(`letter ${id} is not forwarding`);
    const { failure: _cleared, ...forwarding } = letter.forwarding;
    this.letters.set(id, { ...letter, status: 'forwarded', forwarding: { ...forwarding, at: done.at }, history: [...(letter.history ?? []), ...done.history] });
  }

  async failForward(id: string, failed: { failure: ForwardFailure; history: readonly HistoryEntry[] }): Promise<void> {
    const letter = this.letters.get(id);
    if (!letter || !mayChange('failForward', letter.status) || !letter.forwarding) return;
    this.letters.set(id, {
      ...letter,
      status: 'forward_failed',
      forwarding: { ...letter.forwarding, failure: failed.failure },
      history: [...(letter.history ?? []), ...failed.history],
    });
  }

  async recordRetention(id: string, retention: Retention): Promise<void> {
    this.update(id, (l) => ({ ...l, retention }));
  }

  /** Test helper: the status, for short assertions. */
  statusOf(id: string): LetterStatus | undefined {
    return this.letters.get(id)?.status;
  }
}

export class InMemoryApprovalTokenStore implements ApprovalTokenStore {
  readonly tokens = new Map<string, ApprovalToken>();

  async save(token: ApprovalToken): Promise<void> {
    if (this.tokens.has(token.tokenHash)) throw new Error('token hash collision');
    this.tokens.set(token.tokenHash, token);
  }

  async find(tokenHash: string): Promise<ApprovalToken | undefined> {
    return this.tokens.get(tokenHash);
  }
}

/** The hourly forward cap, in memory: counts per hour, refuses at the cap. */
export class InMemoryForwardRateLimiter implements ForwardRateLimiter {
  readonly counts = new Map<string, number>();

  async take(hour: string, cap: number): Promise<boolean> {
    const count = this.counts.get(hour) ?? 0;
    if (count >= cap) return false;
    this.counts.set(hour, count + 1);
    return true;
  }
}

/**
 * Fault injection: makes `target[method]` throw `error` on its `nth` call (1-based) from now on, once; every other
 * call goes through. A "crash" between two steps of a use case is the second step throwing.
 * @example crashOnce(letters, 'completeForward', new Error('crash'))
 */
export const crashOnce = <T extends object, K extends keyof T>(target: T, method: K, error: Error, nth = 1): { readonly calls: () => number } => {
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let calls = 0;
  (target as Record<K, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    calls += 1;
    if (calls === nth) throw error;
    return original.apply(target, args);
  };
  return { calls: () => calls };
};

/** Records what was sent; answers ids "ses-1", "ses-2", ...; `failWith` makes the next sends throw (one per entry). */
export class RecordingMailSender implements MailSender {
  readonly sent: { from: string; destinations: readonly string[]; raw: Uint8Array }[] = [];
  /** Errors thrown by the next calls, in order (undefined = succeed). */
  failures: (Error | undefined)[] = [];

  async sendRaw(message: { from: string; destinations: readonly string[]; raw: Uint8Array }): Promise<{ providerMessageId: string }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { providerMessageId: `ses-${this.sent.length}` };
  }
}

/** Records the composed mails; the "raw" bytes are the JSON of the OutgoingMail (attachments as sizes). */
export class RecordingComposer implements MessageComposer {
  readonly composed: OutgoingMail[] = [];

  async compose(mail: OutgoingMail): Promise<Uint8Array> {
    this.composed.push(mail);
    return Buffer.from(JSON.stringify({ ...mail, attachments: mail.attachments.map((a) => ({ ...a, content: a.content.byteLength })) }));
  }
}

export class RecordingForwardTrigger implements ForwardTrigger {
  readonly triggered: string[] = [];
  failWith: Error | undefined;

  async trigger(letterId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.triggered.push(letterId);
  }
}

/** The reconciler's checkpoint: moves only forward, like the DynamoDB adapter's conditional update. */
export class InMemoryRawMailCheckpoint implements RawMailCheckpoint {
  checkedBefore: string | undefined;

  async get(): Promise<string | undefined> {
    return this.checkedBefore;
  }

  async advance(to: string): Promise<void> {
    if (this.checkedBefore === undefined || this.checkedBefore < to) this.checkedBefore = to;
  }
}

/** Deterministic "random" bytes: every call returns a different, predictable block. */
export const sequenceRandom = (): RandomSource & { calls: number } => {
  const source = {
    calls: 0,
    bytes(length: number): Uint8Array {
      source.calls += 1;
      return new Uint8Array(length).map((_, i) => (source.calls * 31 + i * 7) % 256);
    },
  };
  return source;
};

/** A clock that can be moved forward. */
export const steppingClock = (iso = '2026-02-02T09:30:00.000Z') => {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(isoTime: string) {
      now = new Date(isoTime).getTime();
    },
  };
};

/** A clock that always says the same time. */
export const fixedClock = (iso = '2026-02-02T09:30:00.000Z'): Clock => ({ now: () => new Date(iso) });
