/** The reconciler, reprocess and their CLI commands, on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { createReconcileHandler } from '../../functions/reconcile/handler.js';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import type { ForwardOutcome } from '../../shared/application/forward-letter.js';
import type { IngestMailInput, IngestOutcome } from '../../shared/application/ingest-mail.js';
import { CHECKPOINT_OVERLAP_MS, makeReconcile, type ReconcileDeps, type ReconcileReport } from '../../shared/application/reconcile.js';
import { makeReprocess, type ReprocessDeps } from '../../shared/application/reprocess.js';
import type { RequestApprovalOutcome } from '../../shared/application/request-approval.js';
import { reconcileCommand, reprocessCommand } from '../../shared/cli/operations-commands.js';
import { COMMANDS, main } from '../../shared/cli/main.js';
import type { CliIo } from '../../shared/cli/io.js';
import type { ForwardFailure } from '../../shared/domain/approval.js';
import { quarantinedLetter, type Letter } from '../../shared/domain/letter.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { logger } from '../../shared/logger.js';
import { aLetter, allPass } from '../support/builders.js';
import { InMemoryLetterRepository, InMemoryRawMailCheckpoint, InMemoryRawMailStore, RecordingForwardTrigger, steppingClock } from '../support/fakes.js';

const NOW = '2026-02-02T12:00:00.000Z';
const approvedLetter = (id: string, overrides: Partial<Letter> = {}): Letter =>
  aLetter({ id, status: 'approved', decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-02T09:00:00.000Z', note: '' }, ...overrides });
const quarantined = (id: string, receivedAt = '2026-02-01T08:00:00.000Z'): Letter =>
  quarantinedLetter({ id, rawObjectKey: `inbound/${id}`, sizeBytes: 0, receivedAt, quarantine: { code: 'MAIL_MALFORMED', reason: 'Het bericht is zo beschadigd dat het niet gelezen kan worden.' }, verdicts: allPass(), category: 'spam', reasons: [] });

const reconcileSetup = (settings: Partial<ReconcileDeps['settings']> = {}) => {
  const rawMail = new InMemoryRawMailStore();
  const letters = new InMemoryLetterRepository();
  const checkpoint = new InMemoryRawMailCheckpoint();
  const ingested: IngestMailInput[] = [];
  const approvals: string[] = [];
  const forward = new RecordingForwardTrigger();
  const deps: ReconcileDeps = {
    rawMail,
    letters,
    checkpoint,
    ingest: async (input) => void ingested.push(input),
    forward,
    requestApproval: async (letter): Promise<RequestApprovalOutcome> => (approvals.push(letter.id), { kind: 'sent', recipients: 1 }),
    clock: steppingClock(NOW),
    settings: { rawMailPrefix: 'inbound/', ...settings },
  };
  return { deps, rawMail, letters, checkpoint, ingested, approvals, forward, reconcile: makeReconcile(deps) };
};

const OVERVIEW_REPORT = { since: NOW, until: NOW, received: 0, filed: 0, awaitingLong: 0, quarantined: 0, failedForwards: 0, mailed: 1 };

const EMPTY_REPORT: ReconcileReport = {
  ingested: [],
  forwardsRetriggered: [],
  retentionsStarted: [],
  approvalsRequested: [],
  acknowledgementsStarted: [],
  rawMailCheckedBefore: null,
  failures: [],
};

describe('makeReconcile', () => {
  it('ingests settled raw objects without a record, over every page, and skips recorded, fresh and non-mail objects', async () => {
    // Prepare
    const { rawMail, letters, ingested, reconcile } = reconcileSetup();
    for (const key of ['inbound/a', 'inbound/b', 'inbound/c', 'inbound/AMAZON_SES_SETUP_NOTIFICATION', 'inbound/sub/x', 'other/d', 'inbound/fresh']) await rawMail.put(key, new Uint8Array([1]));
    rawMail.modified.set('inbound/fresh', '2026-02-02T11:30:00.000Z');
    await letters.createIfAbsent(aLetter({ id: 'b' }));

    // Act
    const report = await reconcile();

    // Assess
    expect(report.ingested).toEqual(['a', 'c']);
    expect(ingested).toEqual([
      { messageId: 'a', objectKey: 'inbound/a', receivedAt: '2026-02-01T00:00:00.000Z', verdicts: UNKNOWN_VERDICTS },
      { messageId: 'c', objectKey: 'inbound/c', receivedAt: '2026-02-01T00:00:00.000Z', verdicts: UNKNOWN_VERDICTS },
    ]);
  });

  it('starts stuck forwards again: approved too long, stale forwarding, postponed by the cap or a transient error; not permanent failures', async () => {
    const { letters, forward, reconcile } = reconcileSetup();
    const record = (at: string, failure?: ForwardFailure) => ({ at, providerMessageIds: [], recipientCount: 3, attempts: 1, ...(failure && { failure }) });
    await letters.createIfAbsent(approvedLetter('approved-old'));
    await letters.createIfAbsent(approvedLetter('approved-new', { decision: { kind: 'approved', by: 'g', at: '2026-02-02T11:30:00.000Z', note: '' } }));
    await letters.createIfAbsent(approvedLetter('forwarding-stale', { status: 'forwarding', forwarding: record('2026-02-02T11:00:00.000Z') }));
    await letters.createIfAbsent(approvedLetter('forwarding-live', { status: 'forwarding', forwarding: record('2026-02-02T11:59:00.000Z') }));
    await letters.createIfAbsent(approvedLetter('capped', { status: 'forward_failed', forwarding: record('2026-02-02T11:00:00.000Z', { code: 'FORWARD_CAP_REACHED', retryable: true, message: 'maximum aantal doorzendingen per uur bereikt (20)' }) }));
    await letters.createIfAbsent(approvedLetter('transient', { status: 'forward_failed', forwarding: record('2026-02-02T11:00:00.000Z', { code: 'DEPENDENCY_UNAVAILABLE', retryable: true, message: 'ses 503' }) }));
    await letters.createIfAbsent(approvedLetter('rejected-by-ses', { status: 'forward_failed', forwarding: record('2026-02-02T11:00:00.000Z', { code: 'SEND_REJECTED', retryable: false, message: 'MessageRejected' }) }));

    const report = await reconcile();

    expect([...report.forwardsRetriggered].sort()).toEqual(['approved-old', 'capped', 'forwarding-stale', 'transient']);
    expect(forward.triggered.sort()).toEqual(['approved-old', 'capped', 'forwarding-stale', 'transient']);
  });

  it('sends a missing approval mail for a settled letter awaiting approval', async () => {
    const { letters, approvals, reconcile } = reconcileSetup();
    await letters.createIfAbsent(aLetter({ id: 'no-mail', receivedAt: '2026-02-02T09:00:00.000Z' }));
    await letters.createIfAbsent(aLetter({ id: 'mailed', receivedAt: '2026-02-02T09:00:00.000Z', approvalRequest: { state: 'sent', at: NOW, recipients: ['g'] } }));

    expect((await reconcile()).approvalsRequested).toEqual(['no-mail']);
    expect(approvals).toEqual(['no-mail']);
  });

  it('starts the acknowledgements no run finished, for settled forwards within the campaign window and a week', async () => {
    // Prepare
    const acknowledge = new RecordingForwardTrigger();
    const { deps, letters } = reconcileSetup();
    const forwarded = (id: string, receivedAt: string, forwardedAt: string, overrides: Partial<Letter> = {}) =>
      approvedLetter(id, { status: 'forwarded', receivedAt, forwarding: { at: forwardedAt, providerMessageIds: ['ses-1'], recipientCount: 3, attempts: 1 }, ...overrides });
    await letters.createIfAbsent(forwarded('missed', '2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z'));
    await letters.createIfAbsent(forwarded('done', '2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z', { acknowledged: { at: NOW, letters: 1 } }));
    // A campaign that counted a letter more since its run: that resident has none yet.
    const campaign = { count: 3, firstAt: '2026-02-01T09:00:00.000Z', lastAt: '2026-02-02T10:00:00.000Z', members: [] };
    await letters.createIfAbsent(forwarded('grown', '2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z', { campaign, acknowledged: { at: NOW, letters: 2 } }));
    await letters.createIfAbsent(forwarded('complete', '2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z', { campaign, acknowledged: { at: NOW, letters: 3 } }));
    await letters.createIfAbsent(forwarded('just-now', '2026-02-02T11:30:00.000Z', '2026-02-02T11:45:00.000Z'));
    // A campaign forwarded two months ago that a resident joined since (its window is 90 days): looked at; one older not.
    await letters.createIfAbsent(forwarded('joined-late', '2025-12-01T09:00:00.000Z', '2025-12-02T09:00:00.000Z', { campaign, acknowledged: { at: NOW, letters: 2 } }));
    await letters.createIfAbsent(forwarded('long-ago', '2025-10-01T09:00:00.000Z', '2025-10-02T09:00:00.000Z'));

    // Act
    const off = await makeReconcile(deps)();
    const on = await makeReconcile({ ...deps, acknowledge })();

    // Assess
    expect(off.acknowledgementsStarted).toEqual([]);
    expect(on.acknowledgementsStarted.toSorted()).toEqual(['grown', 'joined-late', 'missed']);
    expect(acknowledge.triggered.toSorted()).toEqual(['grown', 'joined-late', 'missed']);
  });

  it('starts again the forwards it may retry, not the ones SES refused for good (those are in the daily overview)', async () => {
    // Prepare
    const { letters, forward, reconcile } = reconcileSetup();
    const failed = (id: string, failure: ForwardFailure) =>
      approvedLetter(id, {
        status: 'forward_failed',
        registerNumber: { year: 2026, sequence: 28, label: '28' },
        forwarding: { at: '2026-02-02T10:00:00.000Z', providerMessageIds: [], recipientCount: 3, attempts: 1, failure },
      });
    await letters.createIfAbsent(failed('refused', { code: 'SEND_REJECTED', retryable: false, message: 'ses refused the message: MessageRejected: Email address is not verified.' }));
    await letters.createIfAbsent(failed('capped', { code: 'FORWARD_CAP_REACHED', retryable: true, message: 'maximum aantal doorzendingen per uur bereikt (20)' }));

    // Act
    const report = await reconcile();

    // Assess
    expect(report).toMatchObject({ forwardsRetriggered: ['capped'], failures: [] });
    expect(forward.triggered).toEqual(['capped']);
  });

  it('looks up only raw objects stored since the last complete run (with an overlap), then moves the checkpoint to the grace bound', async () => {
    // Prepare
    const { rawMail, letters, checkpoint, reconcile } = reconcileSetup();
    checkpoint.checkedBefore = '2026-02-02T10:00:00.000Z';
    expect(CHECKPOINT_OVERLAP_MS).toBe(15 * 60 * 1000); // 'overlap' is 10 minutes before the checkpoint, 'old' a day
    const stored = { old: '2026-02-01T09:00:00.000Z', overlap: '2026-02-02T09:50:00.000Z', recent: '2026-02-02T10:30:00.000Z', fresh: '2026-02-02T11:30:00.000Z' };
    for (const [id, at] of Object.entries(stored)) {
      await rawMail.put(`inbound/${id}`, new Uint8Array([1]));
      rawMail.modified.set(`inbound/${id}`, at);
    }

    // Act
    const report = await reconcile();

    // Assess
    expect(report.ingested).toEqual(['overlap', 'recent']);
    expect(letters.getCalls).toEqual(['overlap', 'recent']);
    expect(report.rawMailCheckedBefore).toBe('2026-02-02T11:00:00.000Z');
    expect(checkpoint.checkedBefore).toBe('2026-02-02T11:00:00.000Z');
  });

  it('takes its grace period from the settings', async () => {
    const { rawMail, reconcile } = reconcileSetup({ graceMs: 10 * 60 * 1000 });
    for (const [id, at] of [['settled', '2026-02-02T11:45:00.000Z'], ['in-flight', '2026-02-02T11:55:00.000Z']] as const) {
      await rawMail.put(`inbound/${id}`, new Uint8Array([1]));
      rawMail.modified.set(`inbound/${id}`, at);
    }

    const report = await reconcile();

    expect(report.ingested).toEqual(['settled']);
    expect(report.rawMailCheckedBefore).toBe('2026-02-02T11:50:00.000Z');
  });

  it('retries stuck forwards and sends missing approval mails when listing raw mail fails, reports the failure and keeps the checkpoint', async () => {
    // Prepare
    const { rawMail, letters, checkpoint, forward, approvals, reconcile } = reconcileSetup();
    rawMail.list = async () => {
      throw new DependencyUnavailableError('s3 list of s3://raw/inbound/ failed: InternalError');
    };
    await letters.createIfAbsent(approvedLetter('approved-old'));
    await letters.createIfAbsent(aLetter({ id: 'no-mail', receivedAt: '2026-02-02T09:00:00.000Z' }));

    // Act
    const report = await reconcile();

    // Assess
    expect(forward.triggered).toEqual(['approved-old']);
    expect(approvals).toEqual(['no-mail']);
    expect(report.failures).toEqual([{ step: 'raw_mail', message: 's3 list of s3://raw/inbound/ failed: InternalError' }]);
    expect(report.rawMailCheckedBefore).toBeNull();
    expect(checkpoint.checkedBefore).toBeUndefined();
  });

  it('goes on with the other objects when one fails, keeps the checkpoint, and looks at the failed one again in the next run', async () => {
    // Prepare
    const { deps, rawMail, letters, checkpoint } = reconcileSetup();
    for (const id of ['a', 'b', 'c']) await rawMail.put(`inbound/${id}`, new Uint8Array([1]));
    let lambdaDown = true;
    const reconcile = makeReconcile({
      ...deps,
      ingest: async ({ messageId }) => {
        if (messageId === 'b' && lambdaDown) throw new DependencyUnavailableError('lambda invoke failed: TooManyRequestsException');
        await letters.createIfAbsent(aLetter({ id: messageId }));
      },
    });

    // Act
    const first = await reconcile();
    lambdaDown = false;
    const second = await reconcile();

    // Assess
    expect(first.ingested).toEqual(['a', 'c']);
    expect(first.failures).toEqual([{ step: 'raw_mail', id: 'b', message: 'lambda invoke failed: TooManyRequestsException' }]);
    expect(first.rawMailCheckedBefore).toBeNull();
    expect(second).toMatchObject({ ingested: ['b'], failures: [], rawMailCheckedBefore: '2026-02-02T11:00:00.000Z' });
    expect(checkpoint.checkedBefore).toBe('2026-02-02T11:00:00.000Z');
  });

  it('lists each group of letters on its own: a failing list or trigger skips only that group or letter', async () => {
    // Prepare
    const { deps, letters, approvals } = reconcileSetup();
    await letters.createIfAbsent(approvedLetter('approved-1'));
    await letters.createIfAbsent(approvedLetter('approved-2'));
    await letters.createIfAbsent(aLetter({ id: 'no-mail', receivedAt: '2026-02-02T09:00:00.000Z' }));
    await letters.createIfAbsent(quarantined('q-1'));
    const listByStatus = letters.listByStatus.bind(letters);
    letters.listByStatus = async (statuses) => {
      if (statuses.includes('awaiting_approval')) throw new DependencyUnavailableError('dynamodb query of awaiting_approval letters failed');
      return listByStatus(statuses);
    };
    const triggered: string[] = [];
    const reconcile = makeReconcile({
      ...deps,
      forward: {
        trigger: async (id) => {
          if (id === 'approved-1') throw new DependencyUnavailableError('lambda invoke failed');
          triggered.push(id);
        },
      },
    });

    // Act
    const report = await reconcile();

    // Assess
    expect(triggered).toEqual(['approved-2']);
    expect(report.forwardsRetriggered).toEqual(['approved-2']);
    expect(approvals).toEqual([]);
    expect(report.failures).toEqual([
      { step: 'forwards', id: 'approved-1', message: 'lambda invoke failed' },
      { step: 'approvals', message: 'dynamodb query of awaiting_approval letters failed' },
    ]);
  });

  it('fails the invocation after a partial run (the error alarm), having logged the whole report', async () => {
    const handler = createReconcileHandler({
      reconcile: async () => ({ ...EMPTY_REPORT, ingested: ['a'], failures: [{ step: 'raw_mail', message: 's3 list failed' }] }),
      sendOverview: async () => OVERVIEW_REPORT,
      logger,
    });
    await expect(handler({})).rejects.toThrow('reconcile incomplete: 1 failure(s), first: raw_mail: s3 list failed');
  });

  it('sends the daily overview after the reconciler on the daily run only, and fails when it could not be sent', async () => {
    const sent: string[] = [];
    const handler = (overviewFails = false) =>
      createReconcileHandler({
        reconcile: async () => EMPTY_REPORT,
        sendOverview: async () => {
          if (overviewFails) throw new DependencyUnavailableError('ses throttled');
          sent.push('overview');
          return OVERVIEW_REPORT;
        },
        logger,
      });
    expect(await handler()({ overview: true })).toMatchObject({ overview: { mailed: 1 } });
    expect(await handler()({})).not.toHaveProperty('overview');
    expect(sent).toEqual(['overview']);
    await expect(handler(true)({ overview: true })).rejects.toThrow('reconcile incomplete: 0 failure(s); daily overview failed: ses throttled');
  });
});

const reprocessSetup = async (letter?: Letter) => {
  const letters = new InMemoryLetterRepository();
  if (letter) await letters.createIfAbsent(letter);
  const calls: { ingest: IngestMailInput[]; approval: string[]; forward: string[] } = { ingest: [], approval: [], forward: [] };
  const deps: ReprocessDeps = {
    letters,
    rawMailPrefix: 'inbound/',
    ingestMail: async (input): Promise<IngestOutcome> => (calls.ingest.push(input), { kind: 'quarantined', letterId: input.messageId, code: 'MAIL_MALFORMED' }),
    requestApproval: async (l): Promise<RequestApprovalOutcome> => (calls.approval.push(l.id), { kind: 'already_sent' }),
    forwardLetter: async ({ letterId }): Promise<ForwardOutcome> => (calls.forward.push(letterId), { kind: 'skipped', letterId, status: 'forwarded' }),
  };
  return { deps, calls, letters, reprocess: makeReprocess(deps) };
};

describe('makeReprocess', () => {
  it('re-reads a quarantined message, asking ingest to replace the quarantined record', async () => {
    const { reprocess, calls } = await reprocessSetup(quarantined('q-1'));
    expect(await reprocess({ messageId: 'q-1' })).toMatchObject({ kind: 'ingested' });
    expect(calls.ingest).toEqual([{ messageId: 'q-1', objectKey: 'inbound/q-1', receivedAt: '2026-02-01T08:00:00.000Z', verdicts: allPass(), replaceQuarantined: true }]);
  });

  it('ingests a message that has no record', async () => {
    const { reprocess, calls } = await reprocessSetup();
    await reprocess({ messageId: 'new-1' });
    expect(calls.ingest).toEqual([{ messageId: 'new-1', objectKey: 'inbound/new-1', verdicts: UNKNOWN_VERDICTS }]);
  });

  it('refuses a message that is not quarantined unless --force, and then runs only its pending step', async () => {
    const { reprocess, calls } = await reprocessSetup(approvedLetter('a-1'));
    expect(await reprocess({ messageId: 'a-1' })).toMatchObject({ kind: 'refused', status: 'approved', reason: expect.stringContaining('--force') });
    expect(calls.forward).toEqual([]);
    expect(await reprocess({ messageId: 'a-1', force: true })).toMatchObject({ kind: 'forward' });
    expect(calls).toEqual({ ingest: [], approval: [], forward: ['a-1'] });
  });

  it('runs the approval mail again for a letter awaiting approval with --force', async () => {
    const { reprocess, calls } = await reprocessSetup(aLetter({ id: 'w-1' }));
    expect(await reprocess({ messageId: 'w-1', force: true })).toEqual({ kind: 'approval', outcome: { kind: 'already_sent' } });
    expect(calls.approval).toEqual(['w-1']);
  });

  it.each(['filed', 'rejected', 'forwarded'] as const)('refuses a %s message even with --force', async (status) => {
    const { reprocess, calls } = await reprocessSetup(aLetter({ id: 'f-1', status }));
    expect(await reprocess({ messageId: 'f-1', force: true })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('nothing left to do') });
    expect(calls).toEqual({ ingest: [], approval: [], forward: [] });
  });
});

describe('ingest handler: the reconciler\'s re-ingest event', () => {
  it('ingests by message id with unknown verdicts', async () => {
    const inputs: IngestMailInput[] = [];
    const handler = createHandler({ ingestMail: async (i) => (inputs.push(i), { kind: 'duplicate', letterId: i.messageId }), logger, rawMailPrefix: 'inbound/' });
    await handler({ source: 'raadspost.reconcile', messageId: 'abc.123', receivedAt: '2026-02-01T00:00:00.000Z' });
    expect(inputs).toEqual([{ messageId: 'abc.123', objectKey: 'inbound/abc.123', receivedAt: '2026-02-01T00:00:00.000Z', verdicts: UNKNOWN_VERDICTS }]);
    await expect(handler({ source: 'raadspost.reconcile', messageId: '../etc' })).rejects.toThrow();
  });
});

describe('CLI: reprocess and reconcile', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = { out: async (t) => void out.push(t), err: (t) => void err.push(t) };
    return { out, err, cli };
  };

  it('is registered in the command table', () => {
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['reprocess', 'reconcile']));
  });

  it('prints the outcome of a reprocess, and refuses a non-quarantined message with a clear message and exit 1', async () => {
    const { deps } = await reprocessSetup(approvedLetter('a-1'));
    const command = reprocessCommand(() => ({}), () => deps);
    const first = io();
    expect(await command.run(['a-1'], first.cli)).toBe(1);
    expect(first.err.join('')).toContain('not quarantined');
    const forced = io();
    expect(await command.run(['a-1', '--force'], forced.cli)).toBe(0);
    expect(JSON.parse(forced.out.join(''))).toMatchObject({ kind: 'forward' });
  });

  it('answers a usage error or a missing environment with exit 2', async () => {
    const usage = io();
    expect(await main(['reprocess'], usage.cli)).toBe(2);
    const noEnv = io();
    expect(await reprocessCommand(() => ({}))
      .run(['m-1'], noEnv.cli)).toBe(2);
    expect(noEnv.err.join('')).toContain('invalid environment');
    const reconcileNoEnv = io();
    expect(await reconcileCommand(() => ({})).run([], reconcileNoEnv.cli)).toBe(2);
  });

  it('prints the reconcile report as one JSON line', async () => {
    const { deps } = reconcileSetup();
    const command = reconcileCommand(() => ({}), () => deps);
    const run = io();
    expect(await command.run([], run.cli)).toBe(0);
    expect(JSON.parse(run.out.join(''))).toEqual({ ...EMPTY_REPORT, rawMailCheckedBefore: '2026-02-02T11:00:00.000Z' });
  });

  it('takes the grace period from --older-than, and refuses one without a unit', async () => {
    const { deps, rawMail } = reconcileSetup();
    await rawMail.put('inbound/recent', new Uint8Array([1]));
    rawMail.modified.set('inbound/recent', '2026-02-02T11:30:00.000Z');
    const command = reconcileCommand(() => ({}), () => deps);

    const bad = io();
    expect(await command.run(['--older-than', '10'], bad.cli)).toBe(2);
    expect(bad.err.join('')).toContain('--older-than must be a duration such as 10m, 1h or 2d');
    const run = io();
    expect(await command.run(['--older-than', '10m'], run.cli)).toBe(0);
    expect(JSON.parse(run.out.join(''))).toMatchObject({ ingested: ['recent'], rawMailCheckedBefore: '2026-02-02T11:50:00.000Z' });
  });

  it('prints the report of a partial run and exits 1, naming what failed', async () => {
    const { deps, rawMail } = reconcileSetup();
    rawMail.list = async () => {
      throw new DependencyUnavailableError('s3 list failed');
    };
    const run = io();
    expect(await reconcileCommand(() => ({}), () => deps).run([], run.cli)).toBe(1);
    expect(JSON.parse(run.out.join(''))).toMatchObject({ failures: [{ step: 'raw_mail', message: 's3 list failed' }] });
    expect(run.err.join('')).toContain('the other steps ran, but 1 part(s) failed:\n  raw_mail: s3 list failed');
  });
});
