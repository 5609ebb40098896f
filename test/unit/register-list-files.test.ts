/** The lijst ingekomen stukken as CSV, HTML and Word, and `raadspost lijst`. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerListCsv } from '../../shared/adapters/register-list-csv.js';
import { registerListDocx } from '../../shared/adapters/register-list-docx.js';
import { makeRegisterList } from '../../shared/application/register-list.js';
import type { CliIo } from '../../shared/cli/io.js';
import { listCommand, periodFrom } from '../../shared/cli/register-commands.js';
import type { Letter } from '../../shared/domain/letter.js';
import { registerList } from '../../shared/domain/register-list.js';
import { SECURITY_HEADERS } from '../../shared/web/approval-page.js';
import { renderRegisterListPage } from '../../shared/web/register-list-page.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterRepository, fixedClock } from '../support/fakes.js';
import { zipEntries } from '../support/zip.js';

const SETTINGS = { privateSender: 'inwoner', defaultHandling: 'ter kennisname' };

const registered = (n: number, overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    id: `l-${n}`,
    status: 'forwarded',
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: `2026-02-${String(n + 2).padStart(2, '0')}T09:00:00Z`, note: '', handling: 'ter kennisname' },
    registerNumber: { year: 2026, sequence: n, label: String(n) },
    ...overrides,
  });

const LETTERS: Letter[] = [
  registered(1),
  registered(2, {
    category: 'citizen_letter',
    organisation: null,
    from: { name: 'Bram Okkerse', address: 'bram.okkerse@example.nl' },
    subject: '=HYPERLINK("https://evil.example";"klik") van Bram Okkerse; "aanhalingstekens"\nen een nieuwe regel',
  }),
  registered(3, { subject: '<script>alert(1)</script> & co' }),
];

const list = (publicVersion = false) => registerList(LETTERS, { municipality: 'Heemstede', period: { from: '2026-02-01', to: '2026-02-28' }, public: publicVersion }, SETTINGS);

describe('the list as CSV', () => {
  it('opens in Excel: UTF-8 with a BOM, ; between fields, CRLF, quoted where needed, formulas neutralised', () => {
    // Act
    const bytes = registerListCsv(list());
    const text = Buffer.from(bytes).toString('utf8');

    // Assess
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Nummer;Ontvangen;Afzender;Organisatie;Onderwerp;Categorie;Afdoeningsvoorstel;Status');
    expect(lines[1]).toBe('1;02-02-2026;Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>;Wijkvereniging Glip-Zuid;Brief aan de raad: veilige schoolroutes;brief van een organisatie;ter kennisname;doorgestuurd aan de raadsleden');
    // A subject starting with = is text, not a formula; its ; and " are quoted (the line break was made a space).
    expect(lines[2]).toContain(`"'=HYPERLINK(""https://evil.example"";""klik"") van Bram Okkerse; ""aanhalingstekens"" en een nieuwe regel"`);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('the list as a page', () => {
  it('is a table per period with the Dutch column heads, escaped, under the municipality, with the approval page\'s style (no script)', () => {
    // Act
    const doc = renderRegisterListPage({ list: list(), links: { docx: '/lijst?t=x&formaat=docx', csv: '/lijst?t=x&formaat=csv', otherVersion: '/lijst?t=x&versie=openbaar' } });

    // Assess
    expect(doc).toContain('<h1>Lijst ingekomen stukken gemeenteraad Heemstede (niet openbaar)</h1>');
    expect(doc).toContain('<caption>Februari 2026</caption>');
    expect(doc).toContain('<th scope="col">Afdoeningsvoorstel</th>');
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(doc).not.toMatch(/<script/);
    expect(doc).toContain('<a href="/lijst?t=x&amp;formaat=docx" download>Download als Word-document</a>');
    expect(doc).toContain('<a href="/lijst?t=x&amp;versie=openbaar">Naar de openbare versie</a>');
    const style = /<style>([\s\S]*?)<\/style>/.exec(doc)?.[1] ?? '';
    expect(SECURITY_HEADERS['content-security-policy']).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('says when a period had no letters', () => {
    const empty = registerList([], { municipality: 'Heemstede', period: { from: '2026-02-01', to: '2026-02-28' }, public: true }, SETTINGS);
    expect(renderRegisterListPage({ list: empty })).toContain('Geen ingekomen stukken in deze periode.');
  });
});

describe('the list as a Word document', () => {
  it('is a .docx with the municipality in the heading and a table row per number; the public one names no resident', async () => {
    // Act
    const docx = await registerListDocx(list(true));

    // Assess
    const entries = zipEntries(docx);
    const xml = entries.get('word/document.xml')?.toString('utf8') ?? '';
    expect(entries.has('[Content_Types].xml')).toBe(true);
    expect(xml).toContain('Gemeente Heemstede');
    expect(xml).toContain('Lijst ingekomen stukken gemeenteraad Heemstede');
    expect(xml).toContain('Februari 2026');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('w:orient="landscape"');
    expect((xml.match(/<w:tr>|<w:tr /g) ?? []).length).toBe(4); // the head and three numbers
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toMatch(/Okkerse|bram\./);
    expect(xml).toContain('inwoner');
  });
});

describe('raadspost lijst', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'raadspost-lijst-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const letters = new InMemoryLetterRepository();
    for (const l of LETTERS) await letters.createIfAbsent(l);
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: async (t) => void out.push(t), err: (t) => void err.push(t) };
    const command = listCommand(
      () => ({}),
      () => ({
        makeList: makeRegisterList({ letters, settings: { ...SETTINGS, municipality: 'Heemstede', registerScheme: 'yearly' } }),
        clock: fixedClock('2026-02-20T10:00:00Z'),
      }),
    );
    return { code: await command.run(args, io), out: out.join(''), err: err.join('') };
  };

  it('prints this month\'s list as CSV by default', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out.startsWith('\uFEFFNummer;Ontvangen;')).toBe(true);
    expect(out.split('\r\n').filter(Boolean)).toHaveLength(4);
  });

  it('writes the public list as Word and as a page to a file', async () => {
    // Act
    const docx = await run(['--format', 'docx', '--openbaar', '--out', path.join(dir, 'lijst.docx')]);
    const html = await run(['--format', 'html', '--van', '2026-02-01', '--tot', '2026-02-03', '--out', path.join(dir, 'lijst.html')]);

    // Assess
    expect([docx.code, html.code]).toEqual([0, 0]);
    expect(docx.err).toMatch(/3 ingekomen stuk\(ken\), 2026-02-01 t\/m 2026-02-28 \(openbaar\), written to/);
    expect((await readFile(path.join(dir, 'lijst.docx'))).subarray(0, 2).toString()).toBe('PK');
    const page = await readFile(path.join(dir, 'lijst.html'), 'utf8');
    expect(page).toContain('<th scope="row">1</th>');
    expect(page).not.toContain('<th scope="row">2</th>'); // registered on 4 February
  });

  it.each([
    [['--format', 'pdf'], /--format "pdf" is not one of csv, html, docx/],
    [['--format', 'docx'], /a Word document needs --out FILE/],
    [['--van', '2026-02-30'], /--van "2026-02-30" is not a day/],
    [['--van', '2026-03-01', '--tot', '2026-02-01'], /--van 2026-03-01 is after --tot 2026-02-01/],
    [['--vergaderingen', '12-02-2026'], /--vergaderingen "12-02-2026" is not a day/],
    [['--wat'], /Unknown option/],
  ])('refuses %j with a usage error', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('takes the month of --van or --tot when only one is given', () => {
    const now = new Date('2026-05-05T10:00:00Z');
    expect(periodFrom('2026-02-10', undefined, now)).toEqual({ from: '2026-02-10', to: '2026-02-28' });
    expect(periodFrom(undefined, '2026-03-10', now)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(periodFrom(undefined, undefined, now)).toEqual({ from: '2026-05-01', to: '2026-05-31' });
  });
});
