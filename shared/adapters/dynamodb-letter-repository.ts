/**
 * LetterRepository on one DynamoDB table (single-table design).
 *
 * Key scheme: every item has a string partition key `pk` and a string sort key `sk`; the prefix names
 * the entity, so later items can share the table without a migration:
 *
 * | entity                          | pk                          | sk         | notes                                  |
 * | ------------------------------- | --------------------------- | ---------- | -------------------------------------- |
 * | letter (this file)              | `LETTER#<sesMessageId>`     | `LETTER`   | the Letter's attributes + `entity`     |
 * | approval token                  | `TOKEN#<sha256 of token>`   | `TOKEN`    | letter id, approver, `expiresAt` (TTL, epoch s), `usedAt` |
 * | register counter                | `COUNTER#<name>#<year>`     | `COUNTER`  | atomic ADD of `sequence` for "ingekomen stuk" numbers; year `continuous` for one endless list |
 * | reconcile checkpoint            | `RECONCILE#raw-mail`        | `CHECKPOINT` | `checkedBefore` (dynamodb-checkpoint.ts) |
 * | daily overview checkpoint       | `OVERVIEW#daily`            | `CHECKPOINT` | `checkedBefore`: up to when the overview told the griffie |
 * | correction (this file)          | `CORRECTION`                | `<iso time>#<letter id>` | the griffie's correction of the classifier, with the original classification |
 * | acknowledgement (this file)     | `LETTER#<sesMessageId>`     | `ACK#<acknowledgementKey>` | one sender's acknowledgement (`record`), with the letter's `expiresAt` |
 * | letter events (planned)         | `LETTER#<sesMessageId>`     | `EVENT#<iso time>` | status history under the letter |
 *
 * Items carry `entity` so a scan or export can tell them apart. Letters by status: the sparse index `byStatus`
 * (LETTERS_BY_STATUS_INDEX) keyed on the letter's own `status` and `receivedAt`, so every status change moves the
 * letter in the index without an extra attribute to keep in step; other items have no `status` and stay out of it.
 * Letters by register number: the sparse index `byRegisterNumber` (LETTERS_BY_REGISTER_NUMBER_INDEX) on
 * `registerYear` and `registerSequence`, two number attributes written with the number in the decision's own
 * transaction (index keys cannot be nested in `registerNumber`); they are storage only and not part of the Letter.
 * Letters of a campaign: the sparse index `byCampaign` (LETTERS_BY_CAMPAIGN_INDEX) on `campaignOf`, which only a
 * campaign's later letters have, projecting what their acknowledgement needs (CAMPAIGN_RESIDENT_FIELDS).
 * The corrections log is one partition of the table itself (a Query on `pk`, no index); so are a letter's
 * acknowledgements, under the letter's own `pk` (they stay out of every index: they have none of its keys).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { CAMPAIGN_RESIDENT_FIELDS, type AcknowledgedRun, type Acknowledgement, type AcknowledgementRecord, type CampaignResident } from '../domain/acknowledgement.js';
import { registerNumber, type ApprovalRequest, type Decision, type ForwardFailure, type ForwardRecord, type HistoryEntry } from '../domain/approval.js';
import { correctionOnLetter, type CorrectionRecord } from '../domain/correction.js';
import { DependencyUnavailableError, asError } from '../domain/errors.js';
import { CAMPAIGN_MEMBERS_SHOWN, LETTER_SCHEMA_VERSION, MAX_COPIES, type CampaignMember, type Letter, type LetterCopy } from '../domain/letter.js';
import { CAMPAIGN_OPEN_STATUSES, campaignOpen, LETTER_CHANGES, mayChange, type LetterChange, type LetterStatus } from '../domain/letter-life.js';
import type { Retention } from '../domain/retention.js';
import type { WooMarking } from '../domain/woo.js';
import type { ApprovalClaim, CreateResult, DecideResult, LetterRepository, Page } from '../ports.js';
import { counterKey, tokenKey } from './dynamodb-approval-store.js';

/** Attempts at taking the next register number when concurrent approvals of other letters take it first. */
const NUMBER_ATTEMPTS = 8;

/** Attribute names and types of the table's primary key; infra and the local stack create the table from this. */
export const LETTERS_TABLE_KEY = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

/** The status index: letters by `status`, oldest first (`receivedAt`); all attributes projected. */
export const LETTERS_BY_STATUS_INDEX = {
  name: 'byStatus',
  partitionKey: { name: 'status', type: 'S' },
  sortKey: { name: 'receivedAt', type: 'S' },
} as const;

/**
 * The register index: numbered letters by counter scope (the year, or 0 for continuous numbering) and number, so the
 * lijst ingekomen stukken is a Query per year; all attributes projected.
 */
export const LETTERS_BY_REGISTER_NUMBER_INDEX = {
  name: 'byRegisterNumber',
  partitionKey: { name: 'registerYear', type: 'N' },
  sortKey: { name: 'registerSequence', type: 'N' },
} as const;

/**
 * The campaign index: a campaign's later letters by their first letter (`campaignOf`), oldest first, so its residents
 * are read a page at a time; only what their acknowledgement needs is projected (the letters themselves can be large).
 */
export const LETTERS_BY_CAMPAIGN_INDEX = {
  name: 'byCampaign',
  partitionKey: { name: 'campaignOf', type: 'S' },
  sortKey: { name: 'receivedAt', type: 'S' },
  projected: CAMPAIGN_RESIDENT_FIELDS,
} as const;

/** A secondary index of the letters table: all attributes projected unless it names them. */
export interface LettersIndex {
  readonly name: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly sortKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly projected?: readonly string[];
}

/**
 * The table's indexes, in the order they were added: infra and the local stack create them from this. CloudFormation
 * adds one index per deployment, so an existing table gets a new one in a deployment of its own.
 */
export const LETTERS_INDEXES = [LETTERS_BY_STATUS_INDEX, LETTERS_BY_REGISTER_NUMBER_INDEX, LETTERS_BY_CAMPAIGN_INDEX] as const satisfies readonly LettersIndex[];
export type LettersIndexName = (typeof LETTERS_INDEXES)[number]['name'];

/** The non-key attributes an index projects (its keys and the table's are always projected), or undefined for all. */
export const projectedNonKeyAttributes = (index: LettersIndex): readonly string[] | undefined => {
  const keys = new Set([LETTERS_TABLE_KEY.partitionKey.name, LETTERS_TABLE_KEY.sortKey.name, index.partitionKey.name, index.sortKey.name]);
  return index.projected?.filter((name) => !keys.has(name));
};

/** Items a page of a long listing holds (a campaign's letters, a letter's acknowledgements). */
const PAGE_SIZE = 100;

/** The key of a correction in the log: one partition, in time order. */
export const correctionKey = (at: string, letterId: string) => ({ pk: 'CORRECTION', sk: `${at}#${letterId}` }) as const;

/** The condition that a token is a link of this purpose (tokens from before purposes existed are approval links). */
const TOKEN_PURPOSE = {
  decide: '(attribute_not_exists(purpose) OR purpose = :purpose)',
  review: 'purpose = :purpose',
} as const;

/** The primary key of a letter's record. */
export const letterKey = (id: string) => ({ pk: `LETTER#${id}`, sk: 'LETTER' }) as const;

const ENTITY = 'letter';

/** True for a failed ConditionExpression (the SDK class, or its name when the error crossed a module copy). */
export const isConditionalCheckFailed = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || asError(err).name === 'ConditionalCheckFailedException';

/** Every other DynamoDB failure (throttling, 5xx, network) is one a later attempt may not hit. */
export const toDependencyError = (err: unknown, what: string): DependencyUnavailableError =>
  err instanceof DependencyUnavailableError
    ? err
    : new DependencyUnavailableError(`${what} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });

/** Appends history entries, creating the list on the first one. */
const APPEND_HISTORY = 'history = list_append(if_not_exists(history, :emptyList), :history)';

/**
 * The condition that the letter's status allows `change` (shared/domain/letter-life.ts), as an expression with its
 * values: `#status IN (:from0, :from1)`. With `from`, the expected current status itself (optimistic concurrency),
 * which must be one the change allows.
 */
const statusAllows = (change: LetterChange, from?: LetterStatus): { readonly expression: string; readonly values: Record<string, string> } => {
  if (from !== undefined && !mayChange(change, from)) throw new RangeError(`${change} cannot start from ${from}`);
  const statuses: readonly LetterStatus[] = from !== undefined ? [from] : LETTER_CHANGES[change].from;
  const values = Object.fromEntries(statuses.map((s, i) => [`:from${i}`, s]));
  return { expression: `#status IN (${Object.keys(values).join(', ')})`, values };
};

/** The key of one sender's acknowledgement of a letter: under the letter's own partition. */
const ACK_PREFIX = 'ACK#';
export const acknowledgementItemKey = (letterId: string, key: string) => ({ pk: letterKey(letterId).pk, sk: `${ACK_PREFIX}${key}` }) as const;

/** The key of a claim of sameness (shared/domain/sameness.ts). */
export const samenessKey = (key: string) => ({ pk: `SAME#${key}`, sk: 'SAME' }) as const;

/**
 * Stores one metadata record per SES message id; `createIfAbsent` is a conditional put, so SES retries cannot
 * duplicate it. Every status change is an UpdateItem whose condition is the expected current state.
 */
export class DynamoDbLetterRepository implements LetterRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createIfAbsent(letter: Letter): Promise<CreateResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: itemOf(letter),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || asError(err).name === 'ConditionalCheckFailedException') {
        return 'duplicate';
      }
      throw new DependencyUnavailableError(
        `dynamodb put of letter ${letter.id} in ${this.tableName} failed: ${asError(err).name}: ${asError(err).message}`,
        { cause: err },
      );
    }
  }

  async get(id: string): Promise<Letter | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: letterKey(id), ConsistentRead: true }),
      ));
    } catch (err) {
      throw new DependencyUnavailableError(
        `dynamodb get of letter ${id} in ${this.tableName} failed: ${asError(err).name}: ${asError(err).message}`,
        { cause: err },
      );
    }
    return item ? toLetter(item) : undefined;
  }

  async replaceQuarantined(letter: Letter): Promise<'replaced' | 'not_quarantined'> {
    const allowed = statusAllows('replaceQuarantined');
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: itemOf(letter),
          ConditionExpression: `attribute_exists(pk) AND ${allowed.expression}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: allowed.values,
        }),
      );
      return 'replaced';
    } catch (err) {
      if (isConditionalCheckFailed(err)) return 'not_quarantined';
      throw toDependencyError(err, `dynamodb replace of quarantined letter ${letter.id} in ${this.tableName}`);
    }
  }

  async listByStatus(statuses: readonly LetterStatus[], options: { readonly receivedFrom?: string } = {}): Promise<Letter[]> {
    const found: Letter[] = [];
    const { receivedFrom } = options;
    for (const status of new Set(statuses)) {
      found.push(
        ...(await this.queryAll(`dynamodb query of ${status} letters in ${this.tableName}`, {
          IndexName: LETTERS_BY_STATUS_INDEX.name,
          KeyConditionExpression: receivedFrom === undefined ? '#status = :status' : '#status = :status AND #received >= :from',
          ExpressionAttributeNames: { '#status': LETTERS_BY_STATUS_INDEX.partitionKey.name, ...(receivedFrom !== undefined && { '#received': LETTERS_BY_STATUS_INDEX.sortKey.name }) },
          ExpressionAttributeValues: { ':status': status, ...(receivedFrom !== undefined && { ':from': receivedFrom }) },
        })).map(toLetter),
      );
    }
    return found;
  }

  async listRegistered(scopes: readonly number[]): Promise<Letter[]> {
    const found: Letter[] = [];
    for (const scope of new Set(scopes)) {
      found.push(
        ...(await this.queryAll(`dynamodb query of register ${scope} in ${this.tableName}`, {
          IndexName: LETTERS_BY_REGISTER_NUMBER_INDEX.name,
          KeyConditionExpression: '#year = :year',
          ExpressionAttributeNames: { '#year': LETTERS_BY_REGISTER_NUMBER_INDEX.partitionKey.name },
          ExpressionAttributeValues: { ':year': scope },
        })).map(toLetter),
      );
    }
    return found;
  }

  async listCorrections(): Promise<CorrectionRecord[]> {
    const items = await this.queryAll(`dynamodb query of the corrections in ${this.tableName}`, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': correctionKey('', '').pk },
    });
    return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...record }) => record as unknown as CorrectionRecord);
  }

  /** Every page of a Query on the table or one of its indexes. */
  private async queryAll(what: string, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await this.db.send(new QueryCommand({ TableName: this.tableName, ...input, ...(startKey && { ExclusiveStartKey: startKey }) }));
      } catch (err) {
        throw toDependencyError(err, what);
      }
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async claimSameness(
    letterId: string,
    keys: readonly { readonly key: string; readonly expiresAt: number }[],
    now: Date,
    takingOver: readonly string[] = [],
  ): Promise<ReadonlyMap<string, string>> {
    if (keys.length === 0) return new Map();
    const nowEpoch = Math.floor(now.getTime() / 1000);
    const over = Object.fromEntries(takingOver.map((id, i) => [`:over${i}`, id]));
    const overCondition = takingOver.length > 0 ? ` OR holder IN (${Object.keys(over).join(', ')})` : '';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: keys.map(({ key, expiresAt }) => ({
              Put: {
                TableName: this.tableName,
                Item: { ...samenessKey(key), entity: 'sameness', holder: letterId, expiresAt },
                // Free, ours already, the hold ended (TTL deletes lazily, so the time is checked here too), or taken over.
                ConditionExpression: `attribute_not_exists(pk) OR holder = :me OR expiresAt < :now${overCondition}`,
                ExpressionAttributeValues: { ':me': letterId, ':now': nowEpoch, ...over },
              },
            })),
          }),
        );
        return new Map();
      } catch (err) {
        const reasons = cancellationReasons(err);
        if (!reasons) throw toDependencyError(err, `dynamodb claim of ${keys.length} sameness key(s) for ${letterId} in ${this.tableName}`);
        const taken = keys.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
        const held = new Map<string, string>();
        for (const { key } of taken) {
          const holder = await this.holderOf(key, nowEpoch);
          if (holder && holder !== letterId && !takingOver.includes(holder)) held.set(key, holder);
        }
        if (held.size > 0) return held;
        // A conflict with a concurrent claim, or a hold that ended in between: try again.
        if (attempt >= NUMBER_ATTEMPTS) throw toDependencyError(err, `dynamodb claim of sameness keys for ${letterId} (${reasons.join(', ')}, ${attempt} attempts)`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
      }
    }
  }

  /** Who holds a sameness key now (undefined when nobody, or the hold ended). */
  private async holderOf(key: string, nowEpoch: number): Promise<string | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: samenessKey(key), ConsistentRead: true })));
    } catch (err) {
      throw toDependencyError(err, `dynamodb read of sameness key ${key} in ${this.tableName}`);
    }
    return item && typeof item.holder === 'string' && Number(item.expiresAt) >= nowEpoch ? item.holder : undefined;
  }

  async createLinked(
    letter: Letter,
    link: { readonly kind: 'copy'; readonly firstId: string; readonly copy: LetterCopy } | { readonly kind: 'campaign'; readonly firstId: string; readonly member: CampaignMember },
  ): Promise<CreateResult | 'first_missing' | 'campaign_closed'> {
    const open = Object.fromEntries(CAMPAIGN_OPEN_STATUSES.map((status, i) => [`:open${i}`, status]));
    const openCampaign = `attribute_exists(campaign) AND #status IN (${Object.keys(open).join(', ')})`;
    const put = {
      Put: {
        TableName: this.tableName,
        Item: itemOf(letter),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    // The first letter lists only its first CAMPAIGN_MEMBERS_SHOWN later letters (so no campaign outgrows the record);
    // past them only the campaign's counts and last date move on. Each later letter is found through its own record.
    const update = (withEntry: boolean) =>
      link.kind === 'copy'
        ? {
            Update: {
              TableName: this.tableName,
              Key: letterKey(link.firstId),
              UpdateExpression: withEntry ? 'SET copies = list_append(if_not_exists(copies, :emptyList), :entry)' : 'SET copiesBeyondList = if_not_exists(copiesBeyondList, :zero) + :one',
              ConditionExpression: withEntry ? 'attribute_exists(pk) AND (attribute_not_exists(copies) OR size(copies) < :max)' : 'attribute_exists(pk)',
              ExpressionAttributeValues: withEntry ? { ':emptyList': [], ':entry': [link.copy], ':max': MAX_COPIES } : { ':zero': 0, ':one': 1 },
            },
          }
        : {
            Update: {
              TableName: this.tableName,
              Key: letterKey(link.firstId),
              UpdateExpression:
                'SET campaign.#count = campaign.#count + :one, campaign.lastAt = :at, campaign.differing = if_not_exists(campaign.differing, :zero) + :differs' +
                (withEntry ? ', campaign.members = list_append(campaign.members, :entry)' : ''),
              ConditionExpression: withEntry ? `${openCampaign} AND size(campaign.members) < :max` : openCampaign,
              ExpressionAttributeNames: { '#count': 'count', '#status': 'status' },
              ExpressionAttributeValues: {
                ':one': 1,
                ':zero': 0,
                ':differs': link.member.differs ? 1 : 0,
                ':at': link.member.receivedAt,
                ...open,
                ...(withEntry && { ':entry': [link.member], ':max': CAMPAIGN_MEMBERS_SHOWN }),
              },
            },
          };
    for (const withEntry of [true, false]) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [put, update(withEntry)] }));
        return 'created';
      } catch (err) {
        const reasons = cancellationReasons(err);
        if (!reasons) throw toDependencyError(err, `dynamodb record of ${letter.id} linked to ${link.firstId} in ${this.tableName}`);
        if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
        if (reasons[1] !== 'ConditionalCheckFailed') throw toDependencyError(err, `dynamodb record of ${letter.id} linked to ${link.firstId} (${reasons.join(', ')})`);
        const first = await this.get(link.firstId);
        if (!first || (link.kind === 'campaign' && !first.campaign)) return 'first_missing';
        if (link.kind === 'campaign' && !campaignOpen(first.status)) return 'campaign_closed';
        // The first letter is there, so its list is full: link without a list entry.
      }
    }
    throw new Error(`letter ${link.firstId} refused a link from ${letter.id} although its list is not full`);
  }

  async claimApprovalRequest(
    id: string,
    { at, recipients, staleBefore }: { readonly at: string; readonly recipients: readonly string[]; readonly staleBefore: string },
  ): Promise<ApprovalClaim> {
    const request: ApprovalRequest = { state: 'sending', at, recipients };
    // The approval mail belongs to a letter that can still be decided on.
    const awaiting = statusAllows('decide');
    const claimed = await this.conditionalUpdate(`claim the approval mail of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: 'SET approvalRequest = :request',
      ConditionExpression: `attribute_exists(pk) AND ${awaiting.expression} AND (attribute_not_exists(approvalRequest) OR (approvalRequest.#state = :sending AND approvalRequest.#at < :staleBefore))`,
      ExpressionAttributeNames: { '#status': 'status', '#state': 'state', '#at': 'at' },
      ExpressionAttributeValues: { ':request': request, ...awaiting.values, ':sending': 'sending', ':staleBefore': staleBefore },
    });
    if (claimed) return 'claimed';
    // Why not? DynamoDB does not say (dynalite has no ReturnValuesOnConditionCheckFailure): read it.
    const letter = await this.get(id);
    if (!letter || !mayChange('decide', letter.status)) return 'not_awaiting';
    return letter.approvalRequest?.state === 'sent' ? 'already_sent' : 'in_progress';
  }

  async completeApprovalRequest(id: string, claimedAt: string, sent: ApprovalRequest, history: readonly HistoryEntry[]): Promise<void> {
    // Our claim may have been taken over after the lease; the other run then records its own mail.
    await this.conditionalUpdate(`record the approval mail of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: `SET approvalRequest = :sent, ${APPEND_HISTORY}`,
      ConditionExpression: 'approvalRequest.#state = :sending AND approvalRequest.#at = :claimedAt',
      ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
      ExpressionAttributeValues: { ':sent': sent, ':sending': 'sending', ':claimedAt': claimedAt, ':emptyList': [], ':history': history },
    });
  }

  async releaseApprovalRequest(id: string, claimedAt: string, history: readonly HistoryEntry[]): Promise<void> {
    await this.conditionalUpdate(`release the approval mail claim of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: `SET ${APPEND_HISTORY} REMOVE approvalRequest`,
      ConditionExpression: 'approvalRequest.#state = :sending AND approvalRequest.#at = :claimedAt',
      ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
      ExpressionAttributeValues: { ':sending': 'sending', ':claimedAt': claimedAt, ':emptyList': [], ':history': history },
    });
  }

  async decide({
    letterId,
    tokenHash,
    decision,
    history,
    now,
    registerScope,
    correction,
  }: {
    readonly letterId: string;
    readonly tokenHash: string;
    readonly decision: Decision;
    readonly history: readonly HistoryEntry[];
    readonly now: Date;
    readonly registerScope?: number;
    readonly correction?: CorrectionRecord;
  }): Promise<DecideResult> {
    const awaiting = statusAllows('decide');
    for (let attempt = 1; ; attempt++) {
      // The counter's current value, read before the transaction; the transaction only succeeds if nobody moved it.
      const current = registerScope === undefined ? undefined : await this.counterValue(registerScope);
      const number = registerScope === undefined ? undefined : registerNumber(registerScope, (current ?? 0) + 1);
      const numbered: readonly HistoryEntry[] = number ? [{ at: decision.at, event: 'nummer ingekomen stuk toegekend', detail: number.label }] : [];
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: letterKey(letterId),
                  UpdateExpression:
                    `SET #status = :to, decision = :decision${number ? ', registerNumber = :number, #year = :year, #sequence = :sequence' : ''}` +
                    `${correction ? ', category = :category, correction = :correction' : ''}, ${APPEND_HISTORY}`,
                  ConditionExpression: `attribute_exists(pk) AND ${awaiting.expression} AND attribute_not_exists(decision) AND attribute_not_exists(registerNumber)`,
                  ExpressionAttributeNames: {
                    '#status': 'status',
                    ...(number && { '#year': LETTERS_BY_REGISTER_NUMBER_INDEX.partitionKey.name, '#sequence': LETTERS_BY_REGISTER_NUMBER_INDEX.sortKey.name }),
                  },
                  ExpressionAttributeValues: {
                    ':to': decision.kind,
                    ':decision': decision,
                    ...awaiting.values,
                    ':emptyList': [],
                    ':history': [...history, ...numbered],
                    ...(number && { ':number': number, ':year': number.year, ':sequence': number.sequence }),
                    ...(correction && { ':category': correction.category, ':correction': correctionOnLetter(correction) }),
                  },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: tokenKey(tokenHash),
                  UpdateExpression: 'SET usedAt = :now, usedFor = :kind',
                  ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(usedAt) AND letterId = :letterId AND expiresAt > :nowEpoch AND ${TOKEN_PURPOSE.decide}`,
                  ExpressionAttributeValues: {
                    ':now': now.toISOString(),
                    ':kind': decision.kind,
                    ':letterId': letterId,
                    ':nowEpoch': Math.floor(now.getTime() / 1000),
                    ':purpose': 'decide',
                  },
                },
              },
              ...(registerScope !== undefined && number
                ? [
                    {
                      Update: {
                        TableName: this.tableName,
                        Key: counterKey(registerScope),
                        UpdateExpression: 'SET #sequence = :next, entity = :entity',
                        ConditionExpression: current === undefined ? 'attribute_not_exists(pk)' : '#sequence = :current',
                        ExpressionAttributeNames: { '#sequence': 'sequence' },
                        ExpressionAttributeValues: { ':next': number.sequence, ':entity': 'counter', ...(current !== undefined && { ':current': current }) },
                      },
                    },
                  ]
                : []),
              ...(correction ? [this.correctionLogPut(correction)] : []),
            ],
          }),
        );
        return number ? { kind: 'decided', registerNumber: number } : { kind: 'decided' };
      } catch (err) {
        const reasons = cancellationReasons(err);
        if (!reasons) throw toDependencyError(err, `dynamodb decision on letter ${letterId} in ${this.tableName}`);
        if (reasons[0] === 'ConditionalCheckFailed') return { kind: 'already_decided' };
        if (reasons[1] === 'ConditionalCheckFailed') return { kind: 'token_rejected' };
        // The counter moved (another letter was approved in between) or a concurrent transaction touched one of the
        // items (TransactionConflict): read the counter again and retry, briefly.
        if (attempt >= NUMBER_ATTEMPTS) {
          throw toDependencyError(err, `dynamodb decision on letter ${letterId} (${reasons.join(', ')}, ${attempt} attempts)`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
      }
    }
  }

  /** The register counter's current value, or undefined when no number of this scope was ever given. */
  private async counterValue(scope: number): Promise<number | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: counterKey(scope), ConsistentRead: true })));
    } catch (err) {
      throw toDependencyError(err, `dynamodb read of register counter ${counterKey(scope).pk} in ${this.tableName}`);
    }
    if (item === undefined) return undefined;
    const value = Number(item.sequence);
    if (!Number.isInteger(value) || value < 0) throw new Error(`register counter ${counterKey(scope).pk} holds ${String(item.sequence)}`);
    return value;
  }

  async correctFiled({
    letterId,
    tokenHash,
    change,
    correction,
    woo,
    history,
    now,
  }: {
    readonly letterId: string;
    readonly tokenHash: string;
    readonly change: 'submitToCouncil' | 'markWoo';
    readonly correction: CorrectionRecord;
    readonly woo?: WooMarking;
    readonly history: readonly HistoryEntry[];
    readonly now: Date;
  }): Promise<'corrected' | 'not_filed' | 'token_rejected'> {
    const allowed = statusAllows(change);
    const to = LETTER_CHANGES[change].to[0];
    if (change === 'markWoo' && !woo) throw new RangeError('marking a Woo request needs its term');
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: letterKey(letterId),
                UpdateExpression: `SET #status = :to, category = :category, #forward = :forward, correction = :correction${woo ? ', woo = :woo' : ''}, ${APPEND_HISTORY}`,
                ConditionExpression: `attribute_exists(pk) AND ${allowed.expression} AND attribute_not_exists(correction)`,
                ExpressionAttributeNames: { '#status': 'status', '#forward': 'forward' },
                ExpressionAttributeValues: {
                  ':to': to,
                  ':category': correction.category,
                  ':forward': change === 'submitToCouncil',
                  ':correction': correctionOnLetter(correction),
                  ...(woo && { ':woo': woo }),
                  ...allowed.values,
                  ':emptyList': [],
                  ':history': history,
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: tokenKey(tokenHash),
                UpdateExpression: 'SET usedAt = :now, usedFor = :change',
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(usedAt) AND letterId = :letterId AND expiresAt > :nowEpoch AND ${TOKEN_PURPOSE.review}`,
                ExpressionAttributeValues: {
                  ':now': now.toISOString(),
                  ':change': change,
                  ':letterId': letterId,
                  ':nowEpoch': Math.floor(now.getTime() / 1000),
                  ':purpose': 'review',
                },
              },
            },
            this.correctionLogPut(correction),
          ],
        }),
      );
      return 'corrected';
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons) throw toDependencyError(err, `dynamodb correction of letter ${letterId} in ${this.tableName}`);
      if (reasons[0] === 'ConditionalCheckFailed') return 'not_filed';
      if (reasons[1] === 'ConditionalCheckFailed') return 'token_rejected';
      throw toDependencyError(err, `dynamodb correction of letter ${letterId} (${reasons.join(', ')})`);
    }
  }

  /** The correction's entry in the log, written in the transaction that makes the correction. */
  private correctionLogPut(record: CorrectionRecord) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...correctionKey(record.at, record.letterId), entity: 'correction', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async listCampaignLetters(leaderId: string, cursor?: string): Promise<Page<CampaignResident>> {
    const names = Object.fromEntries(CAMPAIGN_RESIDENT_FIELDS.map((field, i) => [`#f${i}`, field]));
    const page = await this.queryPage(`dynamodb query of the letters of campaign ${leaderId} in ${this.tableName}`, cursor, {
      IndexName: LETTERS_BY_CAMPAIGN_INDEX.name,
      KeyConditionExpression: '#campaign = :leader',
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { '#campaign': LETTERS_BY_CAMPAIGN_INDEX.partitionKey.name, ...names },
      ExpressionAttributeValues: { ':leader': leaderId },
    });
    return { ...page, items: page.items as unknown as CampaignResident[] };
  }

  async claimAcknowledgement(id: string, key: string, record: AcknowledgementRecord): Promise<boolean> {
    const letter = await this.retentionOfLetter(id, key);
    // Not recorded, or claimed in the letter's own record by a version from before acknowledgements had records of their own.
    if (!letter || letter.claimedInRecord) return false;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...acknowledgementItemKey(id, key), entity: 'acknowledgement', key, record, ...(letter.expiresAt !== undefined && { expiresAt: letter.expiresAt }) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw toDependencyError(err, `dynamodb claim of acknowledgement ${key} of letter ${id} in ${this.tableName}`);
    }
    // The letter's retention may have moved between the read and the put (recordRetention moves the acknowledgements it
    // finds, which may not have included this one yet): then this one follows. A record's retention no longer moves.
    if (letter.kind !== 'record') {
      const now = await this.retentionOfLetter(id, key);
      if (now && now.expiresAt !== letter.expiresAt) await this.setExpiry(acknowledgementItemKey(id, key), now.expiresAt);
    }
    return true;
  }

  /** What a claim needs of the letter: its TTL and retention kind, and whether its own record holds `key` (older versions). */
  private async retentionOfLetter(id: string, key: string): Promise<{ expiresAt?: number; kind?: string; claimedInRecord: boolean } | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: letterKey(id),
          ConsistentRead: true,
          ProjectionExpression: 'pk, expiresAt, #retention.#kind, #acknowledgements.#key',
          ExpressionAttributeNames: { '#retention': 'retention', '#kind': 'kind', '#acknowledgements': 'acknowledgements', '#key': key },
        }),
      ));
    } catch (err) {
      throw toDependencyError(err, `dynamodb read of letter ${id}'s retention in ${this.tableName}`);
    }
    if (!item) return undefined;
    const kind = (item.retention as { kind?: unknown } | undefined)?.kind;
    return {
      ...(typeof item.expiresAt === 'number' && { expiresAt: item.expiresAt }),
      ...(typeof kind === 'string' && { kind }),
      claimedInRecord: (item.acknowledgements as Record<string, unknown> | undefined)?.[key] !== undefined,
    };
  }

  /** Sets (or removes) the TTL of a side item of a letter that exists. */
  private async setExpiry(key: { readonly pk: string; readonly sk: string }, expiresAt: number | undefined): Promise<void> {
    await this.conditionalUpdate(`set the expiry of ${key.pk} ${key.sk}`, {
      Key: key,
      UpdateExpression: expiresAt === undefined ? 'REMOVE expiresAt' : 'SET expiresAt = :expiresAt',
      ConditionExpression: 'attribute_exists(pk)',
      ...(expiresAt !== undefined && { ExpressionAttributeValues: { ':expiresAt': expiresAt } }),
    });
  }

  async completeAcknowledgement(id: string, key: string, claimedAt: string, sent: AcknowledgementRecord | undefined): Promise<void> {
    const what = `complete acknowledgement ${key} of letter ${id}`;
    const claim = {
      TableName: this.tableName,
      Key: acknowledgementItemKey(id, key),
      ConditionExpression: '#record.#state = :sending AND #record.#at = :claimedAt',
    };
    if (sent) {
      await this.conditionalUpdate(what, {
        ...claim,
        UpdateExpression: 'SET #record = :sent',
        ExpressionAttributeNames: { '#record': 'record', '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: { ':sending': 'sending', ':claimedAt': claimedAt, ':sent': sent },
      });
      return;
    }
    try {
      await this.db.send(
        new DeleteCommand({
          ...claim,
          ExpressionAttributeNames: { '#record': 'record', '#state': 'state', '#at': 'at' },
          ExpressionAttributeValues: { ':sending': 'sending', ':claimedAt': claimedAt },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw toDependencyError(err, `dynamodb delete (${what}) in ${this.tableName}`);
    }
  }

  async listAcknowledgements(id: string, cursor?: string): Promise<Page<Acknowledgement>> {
    const page = await this.queryPage(`dynamodb query of the acknowledgements of letter ${id} in ${this.tableName}`, cursor, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ack)',
      ExpressionAttributeValues: { ':pk': letterKey(id).pk, ':ack': ACK_PREFIX },
      ConsistentRead: true,
    });
    return { ...page, items: page.items.map((item) => ({ key: String(item.key), record: item.record as AcknowledgementRecord })) };
  }

  async recordAcknowledged(id: string, run: AcknowledgedRun): Promise<void> {
    // A run that knew of fewer letters (a concurrent one, or one that read the index a moment earlier) never undoes it.
    await this.conditionalUpdate(`record the acknowledgements of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: 'SET #acknowledged = :run',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#acknowledged) OR #acknowledged.#letters <= :letters)',
      ExpressionAttributeNames: { '#acknowledged': 'acknowledged', '#letters': 'letters' },
      ExpressionAttributeValues: { ':run': run, ':letters': run.letters },
    });
  }

  /** One page of a Query; the cursor is the page's LastEvaluatedKey, base64url-encoded JSON. */
  private async queryPage(what: string, cursor: string | undefined, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>): Promise<Page<Record<string, unknown>>> {
    const startKey = cursor === undefined ? undefined : startKeyOf(cursor);
    let page;
    try {
      page = await this.db.send(new QueryCommand({ TableName: this.tableName, ...input, Limit: PAGE_SIZE, ...(startKey && { ExclusiveStartKey: startKey }) }));
    } catch (err) {
      throw toDependencyError(err, what);
    }
    return { items: page.Items ?? [], ...(page.LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') }) };
  }

  async claimForward(
    id: string,
    {
      from,
      previousAttempts,
      record,
      history,
      staleBefore,
    }: {
      readonly from: 'approved' | 'forward_failed' | 'forwarding';
      readonly previousAttempts: number;
      readonly record: ForwardRecord;
      readonly history: readonly HistoryEntry[];
      readonly staleBefore?: string;
    },
  ): Promise<boolean> {
    if (from === 'forwarding' && !staleBefore) throw new RangeError('taking over a forwarding claim needs staleBefore');
    const stale = from === 'forwarding';
    const allowed = statusAllows('claimForward', from);
    return this.conditionalUpdate(`claim the forward of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: `SET #status = :forwarding, forwarding = :record, ${APPEND_HISTORY}`,
      ConditionExpression:
        (previousAttempts === 0
          ? `${allowed.expression} AND attribute_not_exists(forwarding)`
          : `${allowed.expression} AND forwarding.attempts = :previousAttempts`) + (stale ? ' AND forwarding.#at < :staleBefore' : ''),
      ExpressionAttributeNames: { '#status': 'status', ...(stale && { '#at': 'at' }) },
      ExpressionAttributeValues: {
        ':forwarding': 'forwarding',
        ':record': record,
        ...allowed.values,
        ':emptyList': [],
        ':history': history,
        ...(previousAttempts > 0 && { ':previousAttempts': previousAttempts }),
        ...(stale && { ':staleBefore': staleBefore }),
      },
    });
  }

  async recordForwardBatch(id: string, providerMessageId: string): Promise<void> {
    const recorded = await this.conditionalUpdate(`record a forward batch of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: 'SET forwarding.providerMessageIds = list_append(forwarding.providerMessageIds, :ids)',
      ConditionExpression: statusAllows('recordForwardBatch').expression,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ids': [providerMessageId], ...statusAllows('recordForwardBatch').values },
    });
    if (!recorded) throw new Error(`letter ${id} left the forwarding state while a batch was being sent`);
  }

  async completeForward(id: string, { at, history }: { readonly at: string; readonly history: readonly HistoryEntry[] }): Promise<void> {
    const done = await this.conditionalUpdate(`complete the forward of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: `SET #status = :forwarded, forwarding.#at = :at, ${APPEND_HISTORY} REMOVE forwarding.failure`,
      ConditionExpression: statusAllows('completeForward').expression,
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
      ExpressionAttributeValues: { ':forwarded': 'forwarded', ...statusAllows('completeForward').values, ':at': at, ':emptyList': [], ':history': history },
    });
    if (!done) throw new Error(`letter ${id} left the forwarding state before the forward was recorded`);
  }

  async failForward(id: string, { failure, history }: { readonly failure: ForwardFailure; readonly history: readonly HistoryEntry[] }): Promise<void> {
    await this.conditionalUpdate(`record the failed forward of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: `SET #status = :failed, forwarding.failure = :failure, ${APPEND_HISTORY}`,
      ConditionExpression: statusAllows('failForward').expression,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'forward_failed', ...statusAllows('failForward').values, ':failure': failure, ':emptyList': [], ':history': history },
    });
  }

  async recordRetention(id: string, retention: Retention): Promise<void> {
    const expiresAt = ttlOf(retention);
    await this.conditionalUpdate(`record the retention of letter ${id}`, {
      Key: letterKey(id),
      UpdateExpression: expiresAt === undefined ? 'SET retention = :retention REMOVE expiresAt' : 'SET retention = :retention, expiresAt = :expiresAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':retention': retention, ...(expiresAt !== undefined && { ':expiresAt': expiresAt }) },
    });
    // Its acknowledgements expire with it (a claim made meanwhile checks the letter again after its put).
    let cursor: string | undefined;
    do {
      const page = await this.queryPage(`dynamodb query of the acknowledgements of letter ${id} in ${this.tableName}`, cursor, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ack)',
        ProjectionExpression: 'pk, sk',
        ExpressionAttributeValues: { ':pk': letterKey(id).pk, ':ack': ACK_PREFIX },
        ConsistentRead: true,
      });
      for (const item of page.items) await this.setExpiry({ pk: String(item.pk), sk: String(item.sk) }, expiresAt);
      cursor = page.cursor;
    } while (cursor);
  }

  /** An UpdateItem with a condition: true when applied, false when the condition did not hold. */
  private async conditionalUpdate(what: string, input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw toDependencyError(err, `dynamodb update (${what}) in ${this.tableName}`);
    }
  }
}

/**
 * The item of a letter: its attributes, the key, `entity`, and `expiresAt` (the table's TTL attribute, epoch seconds)
 * when its retention ends.
 */
const itemOf = (letter: Letter): Record<string, unknown> => {
  const expiresAt = letter.retention ? ttlOf(letter.retention) : undefined;
  return { ...letter, ...letterKey(letter.id), entity: ENTITY, ...(expiresAt !== undefined && { expiresAt }) };
};

/** The TTL of a record: its retention's recordUntil in epoch seconds. */
const ttlOf = (retention: Retention): number | undefined =>
  retention.recordUntil === undefined ? undefined : Math.floor(Date.parse(retention.recordUntil) / 1000);

/** A stored item without its key and TTL attributes. Records of an older schema are refused with a clear message. */
const toLetter = (item: Record<string, unknown>): Letter => {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, registerYear: _year, registerSequence: _sequence, ...letter } = item;
  if (letter.schemaVersion !== LETTER_SCHEMA_VERSION) {
    throw new Error(
      `letter ${String(letter.id)} is stored with schema version ${String(letter.schemaVersion)}; this version reads ${LETTER_SCHEMA_VERSION} ` +
        '(records from before the prepared text and risks; locally: start again with `npm start -- --fresh`)',
    );
  }
  return letter as unknown as Letter;
};

/** The ExclusiveStartKey a cursor of queryPage stands for. */
const startKeyOf = (cursor: string): Record<string, unknown> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key) || !Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new RangeError(`not a cursor of a page of this table: ${cursor.slice(0, 80)}`);
  }
  return key as Record<string, unknown>;
};

/** The per-item codes of a cancelled transaction ('None', 'ConditionalCheckFailed', ...), or undefined for another error. */
const cancellationReasons = (err: unknown): string[] | undefined => {
  if (!(err instanceof TransactionCanceledException) && asError(err).name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
};
