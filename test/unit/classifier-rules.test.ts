import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/domain/category.js';
import {
  BUCKETS,
  DERIVED_FACTS,
  FACTS,
  GROUP_CAPS,
  KINDS,
  PHRASES,
  type FactId,
  type PhraseRule,
} from '../../shared/domain/classifier/rules.js';

// The rules are data: these checks keep the tables consistent with each other.

describe('classification rules', () => {
  it('gives every group a cap and uses every cap', () => {
    // Prepare
    const used = new Set<string>([...PHRASES.map((r) => r.group), ...Object.values(FACTS).flatMap((f) => (f.group ? [f.group] : []))]);
    // Assess
    for (const group of used) expect(GROUP_CAPS, group).toHaveProperty(group);
    for (const group of Object.keys(GROUP_CAPS)) expect(used.has(group), `cap ${group} is used by no rule`).toBe(true);
    for (const cap of Object.values(GROUP_CAPS)) expect(cap).toBeGreaterThan(0);
  });

  it('does not compile a rule whose group has no cap', () => {
    // Prepare + Assess: the type check (npm test runs tsc) refuses a misspelt group
    // @ts-expect-error 'phising' is not a group of GROUP_CAPS
    const misspelt: PhraseRule = { id: 'x', pattern: /x/, weights: { spam: 1 }, reason: 'x', group: 'phising' };
    expect(misspelt.group).toBe('phising');
  });

  it('names each phrase rule once', () => {
    // Act
    const ids = PHRASES.map((r) => r.id);
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('derives facts only from rules and facts that exist, and weighs every derived fact', () => {
    // Prepare
    const names = new Set<string>([...PHRASES.map((r) => r.id), ...Object.keys(FACTS)]);
    // Assess
    for (const [fact, alternatives] of Object.entries(DERIVED_FACTS)) {
      expect(FACTS, fact).toHaveProperty(fact);
      for (const name of alternatives.flat(2)) expect(names.has(name), `${fact} refers to ${name}`).toBe(true);
    }
  });

  it('declares every kind once, and every category is a kind or a letter', () => {
    // Assess
    expect(BUCKETS).toEqual(Object.keys(KINDS));
    expect(BUCKETS[0]).toBe('letter'); // a tie goes to the letter
    for (const category of CATEGORIES) expect(category === 'advocacy_letter' || category === 'citizen_letter' || (BUCKETS as readonly string[]).includes(category), category).toBe(true);
  });

  it('has phrases or facts that point at every kind', () => {
    // Prepare
    const weighted = new Set([...PHRASES, ...Object.values(FACTS)].flatMap((r) => Object.entries(r.weights).filter(([, w]) => (w ?? 0) > 0).map(([b]) => b)));
    // Assess
    for (const bucket of BUCKETS) expect(weighted.has(bucket), bucket).toBe(true);
  });

  it('writes a reason for every phrase and fact, with a {} only where a detail is filled in', () => {
    // Assess
    for (const rule of PHRASES) expect(rule.reason).not.toMatch(/^\s*$|\{\}/);
    for (const [id, fact] of Object.entries(FACTS) as [FactId, (typeof FACTS)[FactId]][]) expect(fact.reason, id).not.toMatch(/^\s*$/);
  });
});
