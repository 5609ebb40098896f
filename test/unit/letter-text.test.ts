import { describe, expect, it } from 'vitest';
import { linksIn, linksOutsideText, prepareLetterText, unsubscribeTargets } from '../../shared/domain/letter-text.js';

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

  it('also removes the other invisible characters (Hangul filler, blank Braille, variation selectors, tag characters) but keeps emoji whole', () => {
    const text = prepareLetterText('\u3164Jan\u2800 schreef\u034F \u{E0041}dit\u{E0100}. Groet ❤️ 👩‍💻 👍🏽 1️⃣');
    expect(text.text).toBe('Jan schreef dit. Groet ❤️ 👩‍💻 👍🏽 1️⃣');
    expect(text.hiddenCount).toBe(5);
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

  it('takes out a line only for a whole List-Unsubscribe target, and ignores targets that are no URL or address', () => {
    expect(unsubscribeTargets('<https:>, <mailto:x>, <https://a>, <https://lijst.example.com/u/1>, <mailto:uit@lijst.example.com>')).toEqual([
      'https://lijst.example.com/u/1',
      'uit@lijst.example.com',
    ]);
    const text = prepareLetterText('Zie https://lijst.example.com/u/12 voor het verslag.\nAfmelden: <https://lijst.example.com/u/1>', {
      unsubscribeTargets: ['https://lijst.example.com/u/1'],
    });
    expect(text.text).toBe('Zie https://lijst.example.com/u/12 voor het verslag.');
  });

  it('keeps each taken-out line short on the record', () => {
    const text = prepareLetterText(`Uitschrijven: https://lijst.example.com/u ${'x'.repeat(5000)}`);
    expect(text.unsubscribeLines[0]).toHaveLength(301);
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

  it('reads a link on to the end of its run when a browser would go elsewhere (%2e, ideographic and full-width dots)', () => {
    for (const dot of ['%2e', '\u3002', '\uff0e']) {
      const [link] = linksIn(`Zie https://raad.heemstede.nl${dot}evil.example/inloggen voor de stukken.`);
      expect(link?.host).toBe('raad.heemstede.nl.evil.example');
      expect(link?.url).toBe(`https://raad.heemstede.nl${dot}evil.example/inloggen`);
    }
    expect(linksIn('Zie www.heemstede.nl, en verder.').map((l) => l.url)).toEqual(['http://www.heemstede.nl']);
  });

  it('lists paths to files on another computer (UNC, file:, smb:) as network paths', () => {
    const links = linksIn('Open \\\\nas.evil.example\\stukken\\brief.docx of file://nas2.evil.example/x.pdf en smb://nas3.evil.example/a.');
    expect(links.map((l) => [l.host, l.networkPath])).toEqual([
      ['nas.evil.example', true],
      ['nas2.evil.example', true],
      ['nas3.evil.example', true],
    ]);
  });

  it('finds the host the link text names also when the text wraps onto the link\'s line', () => {
    const [, link] = linksIn('Lees de stukken op raad.heemstede.nl\n[https://raad-heemstede.evil.example/stukken]');
    expect(link).toMatchObject({ host: 'raad-heemstede.evil.example', namedHost: 'raad.heemstede.nl' });
    expect(linksIn('Groet, raad.heemstede.nl\n\n[https://glipzuid.example/x]')[1]).not.toHaveProperty('namedHost');
  });

  it('lists every host before repeating one, at most 300 links, with long URLs cut for the record', () => {
    const text = prepareLetterText([...Array.from({ length: 400 }, (_, i) => `https://www.glipzuid.nl/${i}`), 'https://heemstede-gemeente.nl/x', `https://lang.example.com/${'a'.repeat(1000)}`].join('\n'));
    expect(text.links).toHaveLength(300);
    expect(text.moreLinks).toBe(102);
    expect(text.links.map((l) => l.host)).toContain('heemstede-gemeente.nl');
    expect(text.links.find((l) => l.host === 'lang.example.com')?.url).toHaveLength(301);
  });
});

describe('linksOutsideText', () => {
  it('finds links in the subject, the sender name and file names, but not a file name that only looks like a domain', () => {
    const links = linksOutsideText({ subject: 'Stukken op heemstede-raad.nl', senderName: 'griffie@heemstede.nl', attachmentNames: ['notulen.zip', 'https://evil.example.com/a.pdf'] });
    expect(links.map((l) => [l.where, l.host])).toEqual([
      ['subject', 'heemstede-raad.nl'],
      ['sender_name', 'heemstede.nl'],
      ['attachment_name', 'evil.example.com'],
    ]);
  });
});
