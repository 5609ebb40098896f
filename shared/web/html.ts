/**
 * A tiny HTML escaping helper for the approval page and the approval mail: every interpolation is escaped
 * unless it is `SafeHtml` that `html` itself produced. Mail content is attacker-controlled, so escaping is the
 * default and there is no way to mark an arbitrary string as safe.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes & < > " ' so the text is safe in element content and in quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

// Not exported: without it no code outside this module can construct SafeHtml.
const MINT = Symbol('html');

/** Markup produced by `html`; only `html` can make one. */
export class SafeHtml {
  readonly value: string;

  constructor(mint: typeof MINT, value: string) {
    if (mint !== MINT) throw new TypeError('SafeHtml is made by the html tag only');
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, SafeHtml, lists of those; null, undefined and false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const render = (value: HtmlValue): string => {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/**
 * Tagged template for markup: the literal parts are trusted, every `${value}` is escaped.
 *
 * @example
 * const row = html`<dt>Onderwerp</dt><dd>${letter.subject}</dd>`;           // subject escaped
 * const page = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;      // nested html is kept
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(MINT, out);
}
