/**
 * The classifier: an explainable weighted-signal scorer. Pure: no I/O, no clock, no parser imports.
 * What counts and how much lives in rules.ts; the other parts apply it:
 * prepare (text and who wrote it) -> facts and phrases (points.ts) -> winner -> sender kind, organisation, topics.
 */
import { isForwardable, type Category, type Classification, type LetterGround } from '../category.js';
import type { ParsedMail } from '../mail.js';
import type { Risk } from '../risks.js';
import type { Verdicts } from '../verdicts.js';
import { findGate } from './facts.js';
import { findOrganisation, organisationFor } from './organisation.js';
import { collectContributions, emptyScores, explain, pickWinner, softmax, sumScores, type Contribution } from './points.js';
import { prepare } from './prepare.js';
import { BUCKETS, GATE_CONFIDENCE, GATES, KINDS, NO_SIGNAL, SENDER_KIND_TEMPERATURE, type Bucket } from './rules.js';
import { senderKind, type SenderKind } from './sender-kind.js';
import { FAST, type SpeedLayer } from './speed.js';
import { findTopics } from './topics.js';

export type { Contribution } from './points.js';

/** What the classifier needs besides the mail itself. */
export interface ClassifierContext {
  /** The SES receipt's verdicts (from the event, never from the message's own headers). */
  readonly verdicts: Verdicts;
  /** The municipality's own mail domains, lower-case (e.g. heemstede.nl); subdomains count too. */
  readonly ownDomains: readonly string[];
  /**
   * The message's named risks (shared/domain/risks.ts, worked out before classifying): impersonation, a look-alike
   * domain, a dangerous attachment and hidden text count towards spam. @default none known
   */
  readonly risks?: readonly Risk[];
}

/** Everything the scorer saw: for the CLI's debugging and for tests. */
export interface ScoreDetails {
  readonly scores: Readonly<Record<Bucket, number>>;
  readonly contributions: readonly Contribution[];
  /** Set when a hard rule decided. */
  readonly gate: keyof typeof GATES | null;
  /** For a letter: the weight of the organisation and of the private-person signals. */
  readonly senderKind: SenderKind['points'] | null;
}

export { confidenceLevel } from '../confidence.js';

/**
 * Classifies one received message.
 * @example classify(mail, { verdicts, ownDomains: ['heemstede.nl'] }) // { category: 'advocacy_letter', forward: true, ... }
 */
export function classify(mail: ParsedMail, context: ClassifierContext): Classification {
  return classifyWithDetails(mail, context).classification;
}

/** Like `classify`, with the points per kind and every signal that counted; `speed`: PLAIN in tests that prove FAST changes nothing. */
export function classifyWithDetails(
  mail: ParsedMail,
  context: ClassifierContext,
  speed: SpeedLayer = FAST,
): { classification: Classification; details: ScoreDetails } {
  const gate = findGate(mail, context.verdicts);
  if (gate) {
    const { category, reason } = GATES[gate];
    const classification: Classification = {
      category,
      confidence: GATE_CONFIDENCE,
      forward: false,
      reasons: [reason],
      organisation: null,
      topics: [],
      author: mail.from,
      forwardedBy: null,
    };
    return { classification, details: { scores: emptyScores(), contributions: [], gate, senderKind: null } };
  }

  const prepared = prepare(mail, context.ownDomains, speed);
  const contributions = collectContributions(prepared, mail, context.verdicts, context.risks ?? []);
  const scores = sumScores(contributions);
  if (BUCKETS.every((b) => scores[b] <= 0)) {
    const classification: Classification = {
      category: NO_SIGNAL.category,
      confidence: round(softmax(scores, 'spam')),
      forward: false,
      reasons: [NO_SIGNAL.reason],
      organisation: null,
      topics: [],
      author: prepared.author,
      forwardedBy: prepared.forwardedBy,
    };
    return { classification, details: { scores, contributions, gate: null, senderKind: null } };
  }
  const winner = pickWinner(scores);
  let confidence = softmax(scores, winner);

  let category: Category;
  let kindReasons: readonly string[] = [];
  let kind: SenderKind | null = null;
  const organisation = findOrganisation(prepared);
  if (winner === 'letter') {
    kind = senderKind(prepared, organisation);
    category = kind.organisation ? 'advocacy_letter' : 'citizen_letter';
    kindReasons = kind.reasons;
    // Right only when organisation or private person is right too: as sure as the sender signals are apart.
    confidence *= 1 / (1 + Math.exp(-Math.abs(kind.points.organisation - kind.points.private) / SENDER_KIND_TEMPERATURE));
  } else {
    category = winner;
  }

  const reasons = explain(contributions, winner, kindReasons);
  const grounds = kind ? letterGrounds(contributions, kind, prepared.forwardedBy !== null) : [];
  const classification: Classification = {
    category,
    confidence: round(confidence),
    forward: isForwardable(category),
    reasons,
    organisation: organisationFor(category, KINDS[winner].organisation, organisation, prepared),
    topics: KINDS[winner].topics ? findTopics(prepared) : [],
    author: prepared.author,
    forwardedBy: prepared.forwardedBy,
    ...(grounds.length > 0 && { grounds }),
  };
  return { classification, details: { scores, contributions, gate: null, senderKind: kind?.points ?? null } };
}

/** The signal groups that stand for each ground of a letter (rules.ts names the groups). */
const GROUND_GROUPS: readonly [LetterGround, readonly string[]][] = [
  ['addressed_to_council', ['addressing']],
  ['asks_distribution', ['distribution']],
  ['asks_council', ['ask']],
  ['letter_in_attachment', ['fact:letterAttachment']],
];

/** Why a letter is proposed, from the signals that counted for it and who writes it. */
function letterGrounds(contributions: readonly Contribution[], kind: SenderKind, passedOn: boolean): LetterGround[] {
  const groups = new Set(contributions.filter((c) => c.bucket === 'letter' && c.points > 0).map((c) => c.group));
  const grounds: LetterGround[] = GROUND_GROUPS.filter(([, g]) => g.some((group) => groups.has(group))).map(([ground]) => ground);
  if (kind.organisation) grounds.push(kind.signals.includes('boardVoice') ? 'on_behalf_of_members' : 'organisation');
  else grounds.push(kind.signals.includes('personalCapacity') ? 'personal_capacity' : 'resident');
  if (passedOn) grounds.push('passed_on');
  return grounds;
}

const round = (n: number): number => Math.round(n * 100) / 100;
