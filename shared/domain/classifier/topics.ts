/**
 * Topics: each distinct word of the text is tested against each topic's word stems (rules.ts, section 6).
 */
import type { Prepared } from './prepare.js';
import { TOPIC_TEXT_BIT, ZONE_BIT } from './prepare.js';
import { FALLBACK_TOPIC, TOPICS, TOPIC_MAX, TOPIC_MIN_SCORE } from './rules.js';
import type { SpeedLayer } from './speed.js';

/**
 * One regex that matches where any of `patterns` matches (an alternation of them), or null when they cannot be put
 * together safely (different flags, a global or sticky one, back references).
 */
export function anyOf(patterns: readonly RegExp[]): RegExp | null {
  const flags = patterns[0]?.flags ?? '';
  if (patterns.length === 0 || patterns.some((re) => re.flags !== flags || /[gy]/.test(re.flags) || /\\[1-9]|\\k</.test(re.source))) return null;
  try {
    return new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), flags);
  } catch (err) {
    if (err instanceof SyntaxError) return null; // e.g. two patterns with a group of the same name
    throw err;
  }
}

/** Most words belong to no topic: the fast layer sets them aside with one test. */
const ANY_TOPIC_WORD = anyOf(TOPICS.map((t) => t.words));

/** The distinct lower-case words among the first 50,000 of `text` that can belong to a topic. */
function topicWords(speed: SpeedLayer, text: string): readonly string[] {
  const lower = text.toLowerCase();
  const words = new Set<string>();
  speed.scanWords(lower, true, true, (start, end) => words.add(lower.slice(start, end)), 50_000);
  return speed.topicWordFilter([...words], ANY_TOPIC_WORD);
}

export function findTopics(p: Prepared): string[] {
  const subject = p.zones.subject;
  const text = p.topicText;
  const textWords = topicWords(p.speed, text);
  const subjectWords = topicWords(p.speed, subject);
  const scored: { topic: string; score: number }[] = [];
  for (const { topic, name, words, phrases } of TOPICS) {
    const nameIn = p.index.possible(name, ZONE_BIT.subject | TOPIC_TEXT_BIT);
    let score = 0;
    if (nameIn & ZONE_BIT.subject && name.test(subject)) score += 4;
    else if (nameIn & TOPIC_TEXT_BIT && name.test(text)) score += 2;
    const phrase = phrases ? (p.index.possible(phrases, TOPIC_TEXT_BIT) & TOPIC_TEXT_BIT) !== 0 && phrases.test(text) : false;
    score += Math.min(4, textWords.filter((w) => words.test(w)).length + (phrase ? 1 : 0));
    score += 2 * subjectWords.filter((w) => words.test(w)).length;
    if (score >= TOPIC_MIN_SCORE) scored.push({ topic, score });
  }
  const topics = scored
    .sort((a, b) => b.score - a.score)
    .slice(0, TOPIC_MAX)
    .map((t) => t.topic);
  return topics.length > 0 ? topics : [FALLBACK_TOPIC];
}
