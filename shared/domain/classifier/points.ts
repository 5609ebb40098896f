/**
 * Scoring: phrase rules and facts add points to kinds of mail, capped per group; the kind with the most points wins,
 * and the signals that counted most for it become the reasons.
 */
import type { Risk } from '../risks.js';
import type { Verdicts } from '../verdicts.js';
import type { ParsedMail } from '../mail.js';
import { findFacts } from './facts.js';
import { ALL_ZONE_BITS, ZONE_BIT, type Prepared } from './prepare.js';
import { ALL_ZONES, BUCKETS, CONFIDENCE_TEMPERATURE, FACTS, GROUP_CAPS, MAX_REASONS, PHRASES, SHORT_LEAD_WORDS, ZONE_FACTOR, type Bucket, type PhraseRule, type RuleId, type Weights, type Zone } from './rules.js';

/** One signal that added (or took away) points, for explaining a decision. */
export interface Contribution {
  readonly bucket: Bucket;
  readonly points: number;
  readonly reason: string;
  /** The rule's group (`fact:<id>` for a fact without one): what kind of signal it was. */
  readonly group: string;
}

interface Hit {
  readonly group: string;
  readonly weights: Weights;
  readonly factor: number;
  readonly reason: string;
}

export function collectContributions(p: Prepared, mail: ParsedMail, verdicts: Verdicts, risks: readonly Risk[]): Contribution[] {
  const hits: Hit[] = [];
  const matched = new Set<RuleId>();

  for (const rule of PHRASES) {
    const factor = matchRule(rule, p, p.index.possible(rule.pattern, ALL_ZONE_BITS));
    if (factor > 0) {
      matched.add(rule.id);
      hits.push({ group: rule.group, weights: rule.weights, factor, reason: rule.reason });
    }
  }

  const facts = findFacts(p, mail, verdicts, risks, matched);
  for (const [id, detail] of facts) {
    const fact = FACTS[id];
    hits.push({ group: fact.group ?? `fact:${id}`, weights: fact.weights, factor: 1, reason: fact.reason.replace('{}', detail) });
  }
  return capGroups(hits);
}

/** The highest zone factor at which the rule matches (0: no match); `possible`: the ZONE_BITs where it can match at all. */
function matchRule(rule: PhraseRule, p: Prepared, possible: number): number {
  let best = 0;
  for (const zone of rule.in ?? ALL_ZONES) {
    if ((possible & ZONE_BIT[zone]) === 0 || (zone === 'subject' && rule.notInReply && p.subjectIsReply)) continue;
    const factor = zoneFactor(zone, p);
    if (factor <= best) continue;
    const text = p.zones[zone];
    if (text !== '' && matches(rule, text)) best = factor;
  }
  return best;
}

function zoneFactor(zone: Zone, p: Prepared): number {
  if (zone !== 'embedded') return ZONE_FACTOR[zone];
  if (p.embeddedKind === 'quote' && p.leadWords >= SHORT_LEAD_WORDS) return ZONE_FACTOR.quoted;
  return ZONE_FACTOR.forwarded;
}

const globalCopies = new WeakMap<RegExp, RegExp>();

function matches(rule: PhraseRule, text: string): boolean {
  if (!rule.unless) return rule.pattern.test(text);
  let global = globalCopies.get(rule.pattern);
  if (!global) {
    global = new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`);
    globalCopies.set(rule.pattern, global);
  }
  global.lastIndex = 0;
  let count = 0;
  for (let m = global.exec(text); m !== null && count < 20; m = global.exec(text), count++) {
    if (m[0] === '') global.lastIndex++;
    if (!rule.unless.test(sentenceAround(text, m.index, m[0].length))) return true;
  }
  return false;
}

function sentenceAround(text: string, index: number, length: number): string {
  const before = text.slice(Math.max(0, index - 200), index);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '));
  const after = text.slice(index + length, index + length + 200);
  const ends = [after.indexOf('. '), after.indexOf('? '), after.indexOf('! ')].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : after.length;
  return before.slice(start + 1) + text.slice(index, index + length) + after.slice(0, end);
}

/** Within one group, points per kind add up to the group's cap; negative points are never capped. */
function capGroups(hits: readonly Hit[]): Contribution[] {
  const totals = new Map<string, number>();
  const out: Contribution[] = [];
  for (const hit of hits) {
    for (const bucket of BUCKETS) {
      const weight = hit.weights[bucket];
      if (weight === undefined || weight === 0) continue;
      const raw = weight * hit.factor;
      if (raw < 0) {
        out.push({ bucket, points: raw, reason: hit.reason, group: hit.group });
        continue;
      }
      const key = `${hit.group}/${bucket}`;
      const cap = (GROUP_CAPS as Readonly<Record<string, number>>)[hit.group] ?? Number.POSITIVE_INFINITY;
      const used = totals.get(key) ?? 0;
      const points = Math.min(raw, Math.max(0, cap - used));
      totals.set(key, used + points);
      if (points > 0) out.push({ bucket, points, reason: hit.reason, group: hit.group });
    }
  }
  return out;
}

export function sumScores(contributions: readonly Contribution[]): Record<Bucket, number> {
  const scores = emptyScores();
  for (const c of contributions) scores[c.bucket] += c.points;
  return scores;
}

export function emptyScores(): Record<Bucket, number> {
  return Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
}

/** Highest points win; on a tie the earlier kind in BUCKETS (a letter first: better offered than lost). */
export function pickWinner(scores: Readonly<Record<Bucket, number>>): Bucket {
  let winner: Bucket = BUCKETS[0];
  for (const bucket of BUCKETS) if (scores[bucket] > scores[winner] + 1e-9) winner = bucket;
  return winner;
}

export function softmax(scores: Readonly<Record<Bucket, number>>, winner: Bucket): number {
  const exps = BUCKETS.map((b) => Math.exp(scores[b] / CONFIDENCE_TEMPERATURE));
  const total = exps.reduce((a, b) => a + b, 0);
  return Math.exp(scores[winner] / CONFIDENCE_TEMPERATURE) / total;
}

export function explain(contributions: readonly Contribution[], winner: Bucket, extra: readonly string[]): string[] {
  const byReason = new Map<string, number>();
  for (const c of contributions) if (c.bucket === winner && c.points > 0) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + c.points);
  const ranked = [...byReason.entries()].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
  const reasons = [...ranked.slice(0, MAX_REASONS - Math.min(extra.length, 2)), ...extra.slice(0, 2)];
  return reasons.length > 0 ? reasons : ['geen duidelijke kenmerken; behandeld als brief'];
}
