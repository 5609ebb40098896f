import { describe, expect, it } from 'vitest';
import { linksIn, prepareLetterText, unsubscribeTargets } from '../../shared/domain/letter-text.js';

describe('prepareLetterText', () => {
  it('keeps the whole text, quoted lines and paragraph breaks included, with normalised line ends', () => {
    const text = prepareLetterText('\r\n\r\nGeachte raad,\r\n\r\n\r\n\r\nWij vragen...   \r\n> eerder bericht\r\n>> nog eerder\r\n');
    expect(text.text).toBe('Geachte raad,\n\nWij vragen...\n> eerder bericht\n>> nog eerder');
    expect(text).toMatchObject({ hiddenCount: 0, hiddenAt: [], truncatedChars: 0, unsubscribeLines: [] });
  });

  it('removes format characters (U+202E, U+200B, U+2060, U+FEFF) and remembers where they were', () => {
    const text = prepareLetterText('\uFEFFAB\u200BC\nD\u2060E \u202Efdp.exe\u202C');
    expect(text.text).toBe('ABC\nDE fdp.exe');
    expect(text.hiddenCount).toBe(5);
    expect(text.hiddenAt).toEqual([0, 2, 5, 7, 14]);
    expect(text.text.slice(0, 2)).toBe('AB');
  });

  it('removes control characters but keeps tabs', () => {
    expect(prepareLetterText('a\u0000b\u0007c\td').text).toBe('abc\td');
  });

  it('takes out the lines with a List-Unsubscribe target, and unsubscribe wording beside a link', () => {
    const text = prepareLetterText(
      [
        'Geachte raad,',
        'Lees onze brief.',
        '',
        'Afmelden voor deze berichten:',
        'https://news.example.com/u/42',
        'Klik hier om uit te schrijven: https://other.example.com/x',
        'Beheer uw voorkeuren op https://prefs.example.com',
        'Ik wil me afmelden als spreker.',
      ].join('\n'),
      { unsubscribeTargets: unsubscribeTargets('<https://news.example.com/u/42>, <mailto:leave-42@news.example.com?subject=unsubscribe>') },
    );
    expect(text.text).toBe('Geachte raad,\nLees onze brief.\n\nIk wil me afmelden als spreker.');
    expect(text.unsubscribeLines).toEqual([
      'Afmelden voor deze berichten:',
      'https://news.example.com/u/42',
      'Klik hier om uit te schrijven: https://other.example.com/x',
      'Beheer uw voorkeuren op https://prefs.example.com',
    ]);
  });

  it('takes out a footer line naming unsubscribing next to a link, without a List-Unsubscribe header', () => {
    const text = prepareLetterText('Brief.\n\nGeen nieuwsbrief meer ontvangen? Uitschrijven: https://mailer.example.com/unsub?id=1');
    expect(text.text).toBe('Brief.');
    expect(text.unsubscribeLines).toEqual(['Geen nieuwsbrief meer ontvangen? Uitschrijven: https://mailer.example.com/unsub?id=1']);
  });

  it('cuts a text that is too long for the record at a line end, and says how much was left out', () => {
    const line = `${'x'.repeat(99)}\n`;
    const text = prepareLetterText(line.repeat(30), { maxBytes: 1000 });
    expect(Buffer.byteLength(text.text)).toBeLessThanOrEqual(1000);
    expect(text.text.endsWith('x')).toBe(true);
    expect(text.truncatedChars).toBeGreaterThan(0);
    expect(text.text.length + text.truncatedChars).toBeGreaterThanOrEqual(line.repeat(30).trimEnd().length - 1);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = prepareLetterText('😀'.repeat(300), { maxBytes: 401 });
    expect(text.text).toBe('😀'.repeat(100));
  });
});

describe('linksIn', () => {
  it('finds links as a mail client makes them: schemes, www., bare domains under any real TLD, addresses', () => {
    const links = linksIn('Zie https://a.example.com/x, www.gemeente.nl, stemwijzer.xyz en mail info@vereniging.nl.');
    expect(links.map((l) => [l.host, l.url])).toEqual([
      ['a.example.com', 'https://a.example.com/x'],
      ['www.gemeente.nl', 'http://www.gemeente.nl'],
      ['stemwijzer.xyz', 'http://stemwijzer.xyz'],
      ['vereniging.nl', 'mailto:info@vereniging.nl'],
    ]);
  });

  it('marks a link whose visible text names another host (as HTML mail turns into text)', () => {
    const [shown, hidden] = linksIn('Log in op https://raad.heemstede.nl [https://raad-heemstede.evil.example/login]');
    expect(shown).toEqual({ url: 'https://raad.heemstede.nl', host: 'raad.heemstede.nl' });
    expect(hidden).toEqual({ url: 'https://raad-heemstede.evil.example/login', host: 'raad-heemstede.evil.example', namedHost: 'raad.heemstede.nl' });
    expect(linksIn('Lees www.heemstede.nl <https://heemstede.nl/raad>')[1]).not.toHaveProperty('namedHost');
  });

  it('shows the real host of an international domain name, and its Unicode spelling beside it', () => {
    const [link] = linksIn('https://h\u0435emstede.nl/inloggen');
    expect(link).toEqual({ url: 'https://h\u0435emstede.nl/inloggen', host: 'xn--hemstede-c8g.nl', unicodeHost: 'h\u0435emstede.nl' });
  });
});
