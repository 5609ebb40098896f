/**
 * The register function: the daily overview's page of a filed message ("Voorleggen aan de raad", "Markeren als
 * woo-verzoek") and the list's link, through the real handler and use cases on in-memory ports.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRegisterHandler } from '../../functions/register/handler.js';
import { listFile } from '../../shared/adapters/register-list-files.js';
import { makeRegisterList } from '../../shared/application/register-list.js';
import type { RequestApprovalOutcome } from '../../shared/application/request-approval.js';
import { makeCorrectFiled, makeOpenList, makeShowFiled, type ReviewDeps } from '../../shared/application/review-filed.js';
import { hashToken, tokenFromRandomBytes, type ApprovalToken } from '../../shared/domain/approval.js';
import type { Letter } from '../../shared/domain/letter.js';
import { DEFAULT_RETENTION } from '../../shared/domain/retention.js';
import { logger } from '../../shared/logger.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, InMemoryRawMailStore, steppingClock } from '../support/fakes.js';
import { zipEntries } from '../support/zip.js';

const HOST = 'register.lambda-url.eu-west-1.on.aws';
let seed = 0;

const event = (method: string, path: string, { query = '', body, headers = {} }: { query?: string; body?: string; headers?: Record<string, string> } = {}): LambdaFunctionURLEvent =>
  ({
    version: '2.0',
    rawPath: path,
    rawQueryString: query,
    headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    ...(body !== undefined && { body: Buffer.from(body).toString('base64'), isBase64Encoded: true }),
  }) as unknown as LambdaFunctionURLEvent;

const newsletter = (overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    id: 'n-1',
    status: 'filed',
    category: 'newsletter',
    confidence: 0.72,
    forward: false,
    reasons: ['nieuwsbrief-platform'],
    organisation: null,
    from: { name: 'Buurtbewoner', address: 'buurt@example.nl' },
    subject: 'Graag aan de raad: bomenkap <Lindenlaan>',
    receivedAt: '2026-02-02T09:00:00.000Z',
    ...overrides,
  });

const setup = async (letters: readonly Letter[] = [newsletter()]) => {
  const repository = new InMemoryLetterRepository();
  for (const l of letters) await repository.createIfAbsent(l);
  const approvals: string[] = [];
  const clock = steppingClock('2026-02-04T07:30:00.000Z');
  const deps: ReviewDeps = {
    letters: repository,
    tokens: repository.tokens,
    requestApproval: async (letter): Promise<RequestApprovalOutcome> => {
      approvals.push(`${letter.id}:${letter.status}:${letter.category}`);
      return { kind: 'sent', recipients: 2 };
    },
    makeList: makeRegisterList({ letters: repository, settings: { municipality: 'Heemstede', registerScheme: 'yearly', privateSender: 'inwoner', defaultHandling: 'ter kennisname' } }),
    clock,
  };
  const handler = createRegisterHandler({ show: makeShowFiled(deps), correct: makeCorrectFiled(deps), openList: makeOpenList(deps), listFile, municipality: 'Heemstede', logger });
  const issue = async (overrides: Partial<ApprovalToken> = {}) => {
    const token = tokenFromRandomBytes(new Uint8Array(32).fill(++seed));
    await repository.tokens.save({ tokenHash: hashToken(token), letterId: 'n-1', approver: 'griffier@heemstede.nl', createdAt: '2026-02-04T06:00:00.000Z', expiresAt: Date.parse('2026-02-18T06:00:00Z') / 1000, purpose: 'review', ...overrides });
    return token;
  };
  const post = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    handler(event('POST', '/bericht', { body: new URLSearchParams({ token, ...fields }).toString(), headers }));
  return { repository, approvals, clock, handler, issue, post };
};

describe('the page of a filed message', () => {
  it('shows the message, why it was filed and the two buttons, and opening it changes nothing', async () => {
    // Prepare
    const { repository, handler, issue } = await setup();
    const token = await issue();
    const before = structuredClone([...repository.letters.values(), ...repository.tokens.tokens.values()]);

    // Act
    const res = await handler(event('GET', '/bericht', { query: `t=${token}` }));
    const head = await handler(event('HEAD', '/bericht', { query: `t=${token}` }));

    // Assess
    expect([res.statusCode, head.statusCode, head.body]).toEqual([200, 200, '']);
    expect(res.headers).toMatchObject({ 'content-security-policy': expect.stringContaining("script-src 'none'"), 'cache-control': 'no-store' });
    const page = res.body ?? '';
    expect(page).toContain('<h1>Graag aan de raad: bomenkap &lt;Lindenlaan&gt;</h1>');
    expect(page).toContain('Raadspost heeft dit bericht als nieuwsbrief opgeborgen en niet aan de raad voorgelegd.');
    expect(page).toContain('>Voorleggen aan de raad</button>');
    expect(page).toContain('>Markeren als woo-verzoek</button>');
    expect(page).toContain('<input type="radio" id="van-inwoner" name="afzender" value="inwoner" checked>');
    expect(page).not.toMatch(/<script/);
    expect([...repository.letters.values(), ...repository.tokens.tokens.values()]).toEqual(before);
  });

  it('puts it before the council once: a letter awaiting approval, the normal approval mail, the correction kept', async () => {
    // Prepare
    const { repository, approvals, issue, post } = await setup();
    const mine = await issue();
    const colleague = await issue({ approver: 'plv@heemstede.nl' });

    // Act
    const res = await post(mine, { action: 'voorleggen', afzender: 'inwoner' });
    const again = await post(colleague, { action: 'voorleggen', afzender: 'organisatie' });

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Voorgelegd aan de raad door griffier@heemstede.nl op woensdag 4 februari 2026 om 08:30, als brief van een inwoner.');
    expect(res.body).toContain('de e-mail “Nieuwe brief voor de raad” is verstuurd aan 2 goedkeurders');
    expect(approvals).toEqual(['n-1:awaiting_approval:citizen_letter']);
    expect(repository.letters.get('n-1')).toMatchObject({
      status: 'awaiting_approval',
      category: 'citizen_letter',
      forward: true,
      correction: { kind: 'submitted_to_council', by: 'griffier@heemstede.nl', original: { category: 'newsletter', confidence: 0.72, reasons: ['nieuwsbrief-platform'] } },
    });
    expect(await repository.listCorrections()).toHaveLength(1);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Hier is al iets mee gedaan');
    expect(approvals).toHaveLength(1);
  });

  it('marks a missed Woo request: it stays filed, with the day it came in and its term', async () => {
    const { repository, approvals, issue, post } = await setup();
    const res = await post(await issue(), { action: 'woo' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ontvangen op 2 februari 2026. Op een Woo-verzoek moet binnen vier weken worden beslist: uiterlijk 2 maart 2026');
    expect(repository.letters.get('n-1')).toMatchObject({ status: 'filed', category: 'woo_request', woo: { receivedOn: '2026-02-02', decideBy: '2026-03-02', extendedTo: '2026-03-16', markedBy: 'griffier@heemstede.nl' } });
    expect(approvals).toEqual([]);
  });

  it('says when the approval mail could not be sent yet; the letter is put before the council anyway', async () => {
    const { repository, issue } = await setup();
    const deps = { letters: repository, tokens: repository.tokens, clock: steppingClock('2026-02-04T07:30:00.000Z'), makeList: async () => { throw new Error('unused'); } };
    const correct = makeCorrectFiled({ ...deps, requestApproval: async () => { throw new Error('ses down'); } });
    const view = await correct(await issue(), { kind: 'submit', as: 'advocacy_letter' });
    expect(view).toMatchObject({ kind: 'corrected', justNow: true, approval: { kind: 'not_sent_yet' } });
    expect(repository.letters.get('n-1')?.status).toBe('awaiting_approval');
  });

  it('refuses an approval link, a list link, a tampered or expired link, a cross-site POST and a bad form, and changes nothing', async () => {
    // Prepare
    const { repository, clock, handler, issue, post } = await setup();
    const approval = await issue({ purpose: 'decide' });
    const list = await issue({ purpose: 'list', letterId: '', period: { from: '2026-02-01', to: '2026-02-28' } });
    const review = await issue();

    // Act + Assess
    expect((await handler(event('GET', '/bericht', { query: `t=${approval}` }))).statusCode).toBe(403);
    expect((await post(approval, { action: 'voorleggen', afzender: 'inwoner' })).statusCode).toBe(403);
    expect((await post(list, { action: 'woo' })).statusCode).toBe(403);
    expect((await post(`${review.slice(0, -1)}x`, { action: 'woo' })).statusCode).toBe(403);
    expect((await post(review, { action: 'woo' }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post(review, { action: 'voorleggen' })).statusCode).toBe(400); // who wrote it?
    expect((await post(review, { action: 'wissen' })).statusCode).toBe(400);
    expect((await handler(event('DELETE', '/bericht'))).statusCode).toBe(405);
    expect((await handler(event('GET', '/elders'))).statusCode).toBe(404);
    clock.advance(15 * 86_400_000);
    expect((await post(review, { action: 'woo' })).statusCode).toBe(410);
    expect(repository.letters.get('n-1')?.status).toBe('filed');
    expect(repository.letters.get('n-1')?.correction).toBeUndefined();
  });

  it('shows a copy as a copy of the first message, without buttons', async () => {
    const first = aLetter({ id: 'l-0', status: 'forwarded', subject: 'Eerste' });
    const { handler, issue } = await setup([first, newsletter({ status: 'duplicate', duplicateOf: 'l-0' })]);
    const res = await handler(event('GET', '/bericht', { query: `t=${await issue()}` }));
    expect(res.body).toContain('Dit is een kopie van een eerder ontvangen bericht (“Eerste”, doorgestuurd aan de raadsleden)');
    expect(res.body).not.toContain('<button');
  });
});

describe('the retention of a corrected message', () => {
  it('keeps a filed newsletter put before the council until it is decided, and a Woo request as a record', async () => {
    // Prepare
    const setupWith = async (id: string) => {
      const repository = new InMemoryLetterRepository();
      const letter = newsletter({ id, rawObjectKey: `inbound/${id}`, retention: { kind: 'short', since: '2026-02-02T09:00:00.000Z', recordUntil: '2026-06-01T09:00:00.000Z' } });
      await repository.createIfAbsent(letter);
      const rawMail = new InMemoryRawMailStore({ [`inbound/${id}`]: 'Subject: x\r\n\r\nx' });
      const files = new InMemoryLetterFileStore();
      await files.put('files/letter-1/0', new Uint8Array([1]), 'application/pdf');
      const token = tokenFromRandomBytes(new Uint8Array(32).fill(++seed));
      await repository.tokens.save({ tokenHash: hashToken(token), letterId: id, approver: 'g@heemstede.nl', createdAt: '2026-02-04T06:00:00.000Z', expiresAt: Date.parse('2026-02-18T06:00:00Z') / 1000, purpose: 'review' });
      const correct = makeCorrectFiled({
        letters: repository,
        tokens: repository.tokens,
        requestApproval: async () => ({ kind: 'sent', recipients: 1 }),
        makeList: async () => { throw new Error('unused'); },
        retention: { policy: DEFAULT_RETENTION, rawMail, files },
        clock: steppingClock('2026-02-04T07:30:00.000Z'),
      });
      return { repository, rawMail, files, token, correct };
    };

    // Act
    const submitted = await setupWith('s-1');
    await submitted.correct(submitted.token, { kind: 'submit', as: 'citizen_letter' });
    const woo = await setupWith('w-1');
    await woo.correct(woo.token, { kind: 'markWoo' });

    // Assess
    expect(submitted.repository.letters.get('s-1')?.retention).toEqual({ kind: 'pending', since: '2026-02-04T07:30:00.000Z' });
    expect(submitted.rawMail.retentionTags.get('inbound/s-1')).toBe('pending');
    expect(submitted.files.retentionTags.get('files/letter-1/0')).toBe('pending');
    expect(woo.repository.letters.get('w-1')?.retention).toMatchObject({ kind: 'record', since: '2026-02-04T07:30:00.000Z' });
    expect(woo.rawMail.retentionTags.get('inbound/w-1')).toBe('record');
  });
});

describe('the list link', () => {
  const registered = (overrides: Partial<Letter> = {}) =>
    aLetter({
      id: 'r-1',
      status: 'forwarded',
      category: 'citizen_letter',
      organisation: null,
      from: { name: 'Ilse Verbeek', address: 'ilse@example.nl' },
      subject: 'Speeltuin van Ilse Verbeek',
      decision: { kind: 'approved', by: 'g', at: '2026-02-03T10:00:00Z', note: '', handling: 'ter kennisname' },
      registerNumber: { year: 2026, sequence: 4, label: '4' },
      ...overrides,
    });

  it('shows the month\'s list as a page with downloads as Word and CSV, and the public version without names', async () => {
    // Prepare
    const { handler, issue } = await setup([registered()]);
    const token = await issue({ purpose: 'list', letterId: '', period: { from: '2026-02-01', to: '2026-02-28' } });

    // Act
    const page = await handler(event('GET', '/lijst', { query: `t=${token}` }));
    const csv = await handler(event('GET', '/lijst', { query: `t=${token}&formaat=csv` }));
    const docx = await handler(event('GET', '/lijst', { query: `t=${token}&formaat=docx&versie=openbaar` }));

    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<th scope="row">4</th>');
    expect(page.body).toContain('Ilse Verbeek &lt;ilse@example.nl&gt;');
    expect(page.body).toContain(`href="/lijst?t=${token}&amp;formaat=docx"`);
    expect(page.body).toContain(`<a href="/lijst?t=${token}&amp;versie=openbaar">Naar de openbare versie</a>`);
    expect(csv.headers).toMatchObject({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename=lijst-ingekomen-stukken-2026-02-01-2026-02-28.csv' });
    expect(Buffer.from(csv.body ?? '', 'base64').toString('utf8')).toContain('4;02-02-2026;Ilse Verbeek <ilse@example.nl>');
    expect(docx.headers?.['content-disposition']).toContain('openbaar.docx');
    const xml = zipEntries(Buffer.from(docx.body ?? '', 'base64')).get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).toContain('Speeltuin van [naam]');
    expect(xml).not.toContain('Verbeek');
  });

  it('opens only with a list link that has not expired', async () => {
    const { clock, handler, issue } = await setup([registered()]);
    const review = await issue();
    const list = await issue({ purpose: 'list', letterId: '', period: { from: '2026-02-01', to: '2026-02-28' } });
    expect((await handler(event('GET', '/lijst', { query: `t=${review}` }))).statusCode).toBe(403);
    expect((await handler(event('GET', '/lijst', { query: `t=${list}&formaat=pdf` }))).statusCode).toBe(400);
    expect((await handler(event('POST', '/lijst', { query: `t=${list}` }))).statusCode).toBe(405);
    clock.advance(15 * 86_400_000);
    expect((await handler(event('GET', '/lijst', { query: `t=${list}` }))).statusCode).toBe(410);
  });
});
