import { describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/domain/letter.js';
import { listRow, monthOf, nameParts, periodsOf, registerList, registerScopesFor, withoutNames } from '../../shared/domain/register-list.js';
import { aLetter } from '../support/builders.js';

const SETTINGS = { privateSender: 'inwoner', defaultHandling: 'ter kennisname' };

/** A registered letter: approved at `decidedAt` with number `n` of 2026. */
const registered = (n: number, decidedAt: string, overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    id: `l-${n}`,
    status: 'forwarded',
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: decidedAt, note: '', handling: 'ter kennisname' },
    registerNumber: { year: 2026, sequence: n, label: String(n) },
    ...overrides,
  });

const resident = (n: number, decidedAt: string, overrides: Partial<Letter> = {}): Letter =>
  registered(n, decidedAt, {
    category: 'citizen_letter',
    organisation: null,
    from: { name: 'Anouk van der Berg-Smit', address: 'anouk.vdberg@example.nl' },
    subject: 'Bezwaar van Anouk van der Berg-Smit tegen de kap aan de Lindenlaan (anouk.vdberg@example.nl)',
    ...overrides,
  });

describe('the lijst ingekomen stukken', () => {
  it('has one row per number in number order, with the columns filled in Dutch', () => {
    // Prepare
    const letters = [registered(2, '2026-02-10T09:00:00Z', { decision: { kind: 'approved', by: 'g', at: '2026-02-10T09:00:00Z', note: '', handling: 'agenderen voor de commissie Ruimte' } }), registered(1, '2026-02-03T09:00:00Z')];

    // Act
    const list = registerList(letters, { municipality: 'Heemstede', period: { from: '2026-02-01', to: '2026-02-28' }, public: false }, SETTINGS);

    // Assess
    expect(list.sections.map((s) => s.title)).toEqual(['Februari 2026']);
    expect(list.sections[0]!.rows).toEqual([
      {
        number: '1',
        receivedOn: '2026-02-02',
        sender: 'Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>',
        organisation: 'Wijkvereniging Glip-Zuid',
        subject: 'Brief aan de raad: veilige schoolroutes',
        category: 'brief van een organisatie',
        handling: 'ter kennisname',
        status: 'doorgestuurd aan de raadsleden',
      },
      expect.objectContaining({ number: '2', handling: 'agenderen voor de commissie Ruimte' }),
    ]);
  });

  it('lists only what was registered in the period, by the day in the Netherlands', () => {
    const letters = [registered(1, '2026-01-31T23:30:00Z'), registered(2, '2026-01-31T12:00:00Z'), aLetter({ id: 'not-numbered', status: 'rejected' })];
    const list = registerList(letters, { municipality: 'Heemstede', period: { from: '2026-02-01', to: '2026-02-28' }, public: false }, SETTINGS);
    expect(list.sections[0]!.rows.map((r) => r.number)).toEqual(['1']);
  });

  it('names no private person in the public version: "inwoner", no organisation, the name and address out of the subject', () => {
    // Act
    const row = listRow(resident(3, '2026-02-03T09:00:00Z'), true, SETTINGS);
    const internal = listRow(resident(3, '2026-02-03T09:00:00Z'), false, SETTINGS);

    // Assess
    expect(row).toMatchObject({ sender: 'inwoner', organisation: '', subject: 'Bezwaar van [naam] tegen de kap aan de Lindenlaan ([e-mailadres])', category: 'brief van een inwoner' });
    expect(JSON.stringify(row)).not.toMatch(/Anouk|Berg|Smit|anouk|example\.nl/);
    expect(internal.sender).toBe('Anouk van der Berg-Smit <anouk.vdberg@example.nl>');
    expect(internal.subject).toContain('Anouk van der Berg-Smit');
  });

  it('keeps organisations named in the public version, without the person who wrote for them', () => {
    const row = listRow(registered(4, '2026-02-03T09:00:00Z', { from: { name: 'Piet Post', address: 'piet@glipzuid.example' } }), true, SETTINGS);
    expect(row).toMatchObject({ sender: 'Wijkvereniging Glip-Zuid', organisation: 'Wijkvereniging Glip-Zuid' });
    expect(JSON.stringify(row)).not.toContain('Piet');
  });

  it('is configurable in how a private person is called', () => {
    expect(listRow(resident(3, '2026-02-03T09:00:00Z'), true, { ...SETTINGS, privateSender: 'burger' }).sender).toBe('burger');
  });

  it('makes a campaign one row with its count and the days its letters came in', () => {
    // Prepare
    const campaign = { count: 12, firstAt: '2026-02-02T08:00:00Z', lastAt: '2026-02-09T16:00:00Z', members: [{ id: 'm', receivedAt: '2026-02-09T16:00:00Z', from: 'b@example.nl', differs: false }] };
    const letter = resident(5, '2026-02-10T09:00:00Z', { campaign, subject: 'Red het Lindenpark' });
    // Act
    const open = listRow(letter, true, SETTINGS);
    const internal = listRow(letter, false, SETTINGS);
    // Assess
    expect(open).toMatchObject({ sender: '12 inwoners (gelijkluidende brief)', receivedOn: '2026-02-02', receivedUntil: '2026-02-09' });
    expect(internal.sender).toBe('Anouk van der Berg-Smit <anouk.vdberg@example.nl> en 11 andere inwoners (gelijkluidende brief)');
  });

  it('never names a sender who imitates the municipality as an organisation', () => {
    const row = listRow(registered(6, '2026-02-03T09:00:00Z', { organisation: 'Gemeente Heemstede', risks: [{ code: 'impersonation', text: 'x' }] as Letter['risks'] }), true, SETTINGS);
    expect(row.organisation).toBe('');
    expect(row.sender).toBe('glipzuid.example');
  });
});

describe('withoutNames', () => {
  it.each([
    ['Brief van J. de Vries over parkeren', 'J. de Vries', 'Brief van [naam] over parkeren'],
    ['Brief van de Vries over parkeren', 'J. de Vries', 'Brief van [naam] over parkeren'],
    ['Verzoek familie Öztürk', 'Fam. Öztürk', 'Verzoek familie [naam]'],
    ['Klacht Jansen', 'Dhr. P. Jansen', 'Klacht [naam]'],
    ['Jansenstraat blijft Jansenstraat', 'P. Jansen', 'Jansenstraat blijft Jansenstraat'],
    ['Mail van fleur.bakker', '', 'Mail van [naam]'],
    ['Klacht van Fleur Bakker', '', 'Klacht van [naam]'],
    // A surname that is also a word: the word stays where the writer capitalises names, the name goes.
    ['Behoud het Groenendaalse bos', 'Jan Bos', 'Behoud het Groenendaalse bos'],
    ['Behoud het bos, brief van Jan Bos', 'Jan Bos', 'Behoud het bos, brief van [naam]'],
    ['Een wit hek aan de Herenweg', 'Els de Wit', 'Een wit hek aan de Herenweg'],
    ['Bezwaar Kerklaan, petra van dam', 'Petra van Dam', 'Bezwaar Kerklaan, [naam]'],
    ['Bezwaar Kerklaan van de heer van dam', 'P. van Dam', 'Bezwaar Kerklaan van de heer [naam]'],
    // Without that sign (one case throughout), every match goes: a name left in a published list is worse.
    ['bezwaar van jan bos tegen het bos', 'Jan Bos', 'bezwaar van [naam] tegen het [naam]'],
    ['BEZWAAR JAN BOS', 'Jan Bos', 'BEZWAAR [naam]'],
    // Any other name goes in any case: a lower-case name is still a name.
    ['Bezwaar bouwvergunning Dorpsstraat 12, familie jansen', 'Petra Jansen', 'Bezwaar bouwvergunning Dorpsstraat 12, familie [naam]'],
    ['Fwd: Overlast bij jansen', 'Kees Jansen', 'Fwd: Overlast bij [naam]'],
    ['Zienswijze Windpark Noord van petra', 'Petra de Vries', 'Zienswijze Windpark Noord van [naam]'],
    ['Verzoek Dorpsstraat mevr. el amrani', 'Fatima El Amrani', 'Verzoek Dorpsstraat mevr. [naam]'],
    ['Bezwaar Kerklaan: jansen', 'JANSEN', 'Bezwaar Kerklaan: [naam]'],
    // Each half of a double name, other accents, and the name in the address.
    ['Klacht familie Jansen', 'Anne-Marie Jansen-de Boer', 'Klacht familie [naam]'],
    ['Brief van Jose Garcia', 'José García', 'Brief van [naam]'],
    ['Brief van José García', 'Jose Garcia', 'Brief van [naam]'],
    ['Verzoek fam. Jansen', 'Petra', 'Verzoek fam. [naam]'],
  ])('%s (from %s)', (subject, name, expected) => {
    const address = name === 'Petra' ? 'petra.jansen@example.nl' : name ? 'x@example.nl' : 'fleur.bakker@example.nl';
    expect(withoutNames(subject, [{ name, address }])).toBe(expected);
  });

  it('takes out the name parts, longest first, and leaves particles and initials alone', () => {
    expect(nameParts({ name: 'Mw. drs. A.B. van den Heuvel', address: 'x@y.nl' })).toEqual(['Mw. drs. A.B. van den Heuvel', 'van den Heuvel', 'Heuvel']);
    expect(nameParts({ name: '', address: 'info@vereniging.nl' })).toEqual([]);
  });
});

describe('periods', () => {
  it('makes a table per calendar month by default', () => {
    expect(periodsOf({ from: '2026-01-15', to: '2026-03-31' }).map((p) => [p.title, p.period.from, p.period.to])).toEqual([
      ['Van 15 januari 2026 tot en met 31 januari 2026', '2026-01-15', '2026-01-31'],
      ['Februari 2026', '2026-02-01', '2026-02-28'],
      ['Maart 2026', '2026-03-01', '2026-03-31'],
    ]);
  });

  it('makes a table per meeting when the meeting dates are given', () => {
    expect(periodsOf({ from: '2026-02-01', to: '2026-03-31' }, ['2026-03-12', '2026-02-12', '2026-05-01']).map((p) => [p.title, p.period.from, p.period.to])).toEqual([
      ['Voor de raadsvergadering van 12 februari 2026', '2026-02-01', '2026-02-12'],
      ['Voor de raadsvergadering van 12 maart 2026', '2026-02-13', '2026-03-12'],
      ['Na de raadsvergadering van 12 maart 2026', '2026-03-13', '2026-03-31'],
    ]);
  });

  it('knows the current month in Dutch time and the counters to read', () => {
    expect(monthOf(new Date('2026-01-31T23:30:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(registerScopesFor({ from: '2025-12-01', to: '2026-01-31' }, 'yearly')).toEqual([2025, 2026]);
    expect(registerScopesFor({ from: '2025-12-01', to: '2026-01-31' }, 'continuous')).toEqual([0]);
  });
});
