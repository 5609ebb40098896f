/**
 * The afdoeningsvoorstel: how the griffie proposes that the raad handles an ingekomen stuk. The griffier picks one
 * on the approval page; it goes into the decision, the cover note for the raadsleden, the acknowledgement to the
 * sender and the lijst ingekomen stukken. Which proposals a griffie uses differs per council (its reglement van
 * orde), so the list is configurable (HANDLING_OPTIONS); these are the usual ones. Pure.
 */
import { singleLineHeaderValue } from './forward.js';

/** Where an option needs words of its own ("betrekken bij agendapunt …"): the griffier's text takes its place. */
export const HANDLING_BLANK = '…';

/** One proposal the griffier can pick. */
export interface HandlingOption {
  /** As written on the list, e.g. "ter kennisname" or "betrekken bij agendapunt …". */
  readonly text: string;
  /** True when the text has a blank (HANDLING_BLANK) that the griffier must fill in. */
  readonly needsDetail: boolean;
}

/** The usual proposals (VNG practice): the default list of HANDLING_OPTIONS. */
export const DEFAULT_HANDLING_OPTIONS: readonly string[] = [
  'ter kennisname',
  'ter afdoening in handen van het college stellen',
  'ter afdoening in handen van de griffie stellen',
  `betrekken bij agendapunt ${HANDLING_BLANK}`,
  `agenderen voor de commissie ${HANDLING_BLANK}`,
  'voor advies in handen van het college stellen',
];

/** The proposal that is chosen unless the griffier picks another (DEFAULT_HANDLING). */
export const DEFAULT_HANDLING = 'ter kennisname';

/** Longest proposal text kept (the griffier's detail included). */
export const MAX_HANDLING_CHARS = 200;

/** Longest detail the griffier may type ("5. Mobiliteitsvisie"). */
export const MAX_HANDLING_DETAIL_CHARS = 120;

/** Three dots typed in a configuration count as the blank too. */
const BLANK = /\s*(?:…|\.\.\.)\s*/;

/**
 * The options of HANDLING_OPTIONS: one per line or separated by `;` or `|`, a blank written as `…` or `...`.
 * @example parseHandlingOptions('ter kennisname; betrekken bij agendapunt ...')
 * // [{ text: 'ter kennisname', needsDetail: false }, { text: 'betrekken bij agendapunt …', needsDetail: true }]
 * @throws RangeError naming what is wrong (empty, two blanks, too long, twice the same)
 */
export const parseHandlingOptions = (value: string | readonly string[]): HandlingOption[] => {
  const texts = (typeof value === 'string' ? value.split(/[\n;|]/) : value).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (texts.length === 0) throw new RangeError('expected at least one afdoeningsvoorstel');
  const options = texts.map((raw): HandlingOption => {
    const parts = raw.split(BLANK);
    if (parts.length > 2) throw new RangeError(`"${raw}" has more than one blank (… or ...); one is allowed`);
    const text = parts.length === 2 ? `${parts[0]} ${HANDLING_BLANK}${parts[1] ? ` ${parts[1]}` : ''}`.trim() : raw;
    if (text.length > MAX_HANDLING_CHARS - MAX_HANDLING_DETAIL_CHARS) throw new RangeError(`"${raw}" is longer than ${MAX_HANDLING_CHARS - MAX_HANDLING_DETAIL_CHARS} characters`);
    return { text, needsDetail: parts.length === 2 };
  });
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.text.toLowerCase())) throw new RangeError(`"${o.text}" is listed twice`);
    seen.add(o.text.toLowerCase());
  }
  return options;
};

/** The index of the default among the options. @throws RangeError when it is not one of them (or needs a detail). */
export const defaultHandlingIndex = (options: readonly HandlingOption[], defaultText: string): number => {
  const wanted = defaultText.replace(/\s+/g, ' ').trim().toLowerCase();
  const index = options.findIndex((o) => o.text.toLowerCase() === wanted);
  if (index < 0) throw new RangeError(`the default "${defaultText}" is not one of the options (${options.map((o) => o.text).join('; ')})`);
  if (options[index]!.needsDetail) throw new RangeError(`the default "${defaultText}" needs words of its own; pick one without a blank`);
  return index;
};

/** Why a chosen proposal cannot be used. */
export type HandlingProblem = 'unknown_option' | 'detail_missing' | 'detail_too_long';

/**
 * The proposal as recorded: the option's text with the griffier's detail in its blank (one line, control and format
 * characters removed). An option without a blank ignores the detail.
 * @example chosenHandling(options, '3', ' 5. Mobiliteitsvisie ') // { ok: true, text: 'betrekken bij agendapunt 5. Mobiliteitsvisie' }
 */
export const chosenHandling = (
  options: readonly HandlingOption[],
  choice: unknown,
  detail: unknown,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: HandlingProblem } => {
  const index = typeof choice === 'string' && /^\d{1,3}$/.test(choice) ? Number(choice) : -1;
  const option = options[index];
  if (!option) return { ok: false, problem: 'unknown_option' };
  if (!option.needsDetail) return { ok: true, text: option.text };
  const words = singleLineHeaderValue(typeof detail === 'string' ? detail : '', MAX_HANDLING_DETAIL_CHARS + 1);
  if (!words) return { ok: false, problem: 'detail_missing' };
  if (words.length > MAX_HANDLING_DETAIL_CHARS) return { ok: false, problem: 'detail_too_long' };
  return { ok: true, text: option.text.replace(HANDLING_BLANK, words) };
};
