import { describe, expect, it } from 'vitest';
import { chosenHandling, DEFAULT_HANDLING, DEFAULT_HANDLING_OPTIONS, defaultHandlingIndex, parseHandlingOptions } from '../../shared/domain/handling.js';

describe('parseHandlingOptions', () => {
  it('reads options separated by lines, ; or |, with … or ... as the blank', () => {
    expect(parseHandlingOptions('ter kennisname\n betrekken bij agendapunt ... ter bespreking | agenderen;')).toEqual([
      { text: 'ter kennisname', needsDetail: false },
      { text: 'betrekken bij agendapunt … ter bespreking', needsDetail: true },
      { text: 'agenderen', needsDetail: false },
    ]);
  });

  it('has the usual proposals by default, "ter kennisname" among them', () => {
    const options = parseHandlingOptions(DEFAULT_HANDLING_OPTIONS);
    expect(options).toHaveLength(6);
    expect(options[defaultHandlingIndex(options, DEFAULT_HANDLING)]?.text).toBe('ter kennisname');
    expect(options.filter((o) => o.needsDetail).map((o) => o.text)).toEqual(['betrekken bij agendapunt …', 'agenderen voor de commissie …']);
  });

  it.each([
    ['nothing', ' ; | \n', /at least one/],
    ['two blanks', 'agenderen voor … op …', /more than one blank/],
    ['a duplicate', 'ter kennisname; Ter  kennisname', /listed twice/],
    ['an overlong option', 'x'.repeat(81), /longer than 80/],
  ])('refuses %s', (_what, value, message) => {
    expect(() => parseHandlingOptions(value)).toThrow(message);
  });
});

describe('chosenHandling', () => {
  const options = parseHandlingOptions(DEFAULT_HANDLING_OPTIONS);

  it('gives the option, with the words typed in its blank on one line', () => {
    expect(chosenHandling(options, '0', 'x')).toEqual({ ok: true, text: 'ter kennisname' });
    expect(chosenHandling(options, '4', ' Ruimte\n en\u202e Wonen ')).toEqual({ ok: true, text: 'agenderen voor de commissie Ruimte en Wonen' });
  });

  it.each([
    ['an empty blank', '3', '  ', 'detail_missing'],
    ['a blank with only control characters', '3', '\u0000\u200b', 'detail_missing'],
    ['an overlong blank', '3', 'x'.repeat(121), 'detail_too_long'],
    ['an option that does not exist', '6', '', 'unknown_option'],
    ['no number', 'ter kennisname', '', 'unknown_option'],
    ['nothing', undefined, '', 'unknown_option'],
  ])('refuses %s', (_what, choice, detail, problem) => {
    expect(chosenHandling(options, choice, detail)).toEqual({ ok: false, problem });
  });
});
