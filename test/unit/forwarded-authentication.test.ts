/**
 * Trusted forwarders (issue 14, item 1): real-shaped messages forwarded by Exchange Online and Google Workspace, as SES
 * stores them (SES's own headers on top), read by the real mail parser; and the forged variants a sender could write.
 */
import { DEFAULT_HANDLING_OPTIONS, parseHandlingOptions } from '../../shared/domain/handling.js';
import { describe, expect, it } from 'vitest';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { FORWARDING_SYSTEMS, effectiveVerdicts, type HeaderField, type TrustedForwarder } from '../../shared/domain/forwarded-authentication.js';
import type { Verdicts } from '../../shared/domain/verdicts.js';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import { summarise } from '../../shared/domain/approval.js';
import { logger } from '../../shared/logger.js';
import { renderApprovalPage } from '../../shared/web/approval-page.js';
import { letterFacts, letterWarnings } from '../../shared/web/letter-view.js';
import { mailFixture } from '../support/fixtures.js';
import { realIngest } from '../support/ingest-harness.js';

const EXCHANGE: TrustedForwarder = { ...FORWARDING_SYSTEMS['exchange-online'], domains: ['heemstede.nl', 'heemstede.onmicrosoft.com'] };
const GOOGLE: TrustedForwarder = { ...FORWARDING_SYSTEMS['google-workspace'], domains: ['heemstede.nl'] };
const SRS = 'bounces+SRS=Xk3pq=KL=dorpsraad.example=secretariaat@heemstede.nl';

/** What SES decided about a forwarded message: the forwarder passes SPF and DKIM, the original From's DMARC fails. */
const SES_ON_FORWARD: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' };

const headersOf = async (fixture: string): Promise<readonly HeaderField[]> =>
  (await new MailparserMimeParser().parse(await mailFixture(fixture))).authenticationHeaders;

describe('effectiveVerdicts', () => {
  it('takes the original sender’s results from Exchange Online’s ARC set when SES saw SPF pass for its SRS sender', async () => {
    // Prepare
    const headers = await headersOf('forwarded-exchange-online.eml');

    // Act
    const judged = effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers, trustedForwarders: [EXCHANGE] });

    // Assess
    expect(judged.verdicts).toEqual({ spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });
    expect(judged.source).toEqual({ kind: 'forwarder', forwarder: 'Exchange Online', arcInstance: 1, ses: SES_ON_FORWARD });
  });

  it('trusts the forwarder on its DKIM signature alone (SES’s own Authentication-Results), when SPF did not pass', async () => {
    // Prepare
    const headers = await headersOf('forwarded-exchange-online.eml');
    const ses: Verdicts = { ...SES_ON_FORWARD, spf: 'FAIL' };

    // Act
    const judged = effectiveVerdicts({ ses, envelopeFrom: 'someone@elsewhere.example', headers, trustedForwarders: [EXCHANGE] });

    // Assess: heemstede.onmicrosoft.com signed and SES says that signature passed
    expect(judged.source).toMatchObject({ kind: 'forwarder', forwarder: 'Exchange Online' });
    expect(judged.verdicts.dmarc).toBe('PASS');
  });

  it('takes the results of Google Workspace’s ARC set, with its comments and line folds', async () => {
    // Prepare
    const headers = await headersOf('forwarded-google-workspace.eml');

    // Act
    const judged = effectiveVerdicts({
      ses: { ...SES_ON_FORWARD, dkim: 'FAIL' },
      envelopeFrom: 'griffie+caf_=griffie=post.heemstede.nl@heemstede.nl',
      headers,
      trustedForwarders: [EXCHANGE, GOOGLE],
    });

    // Assess
    expect(judged.verdicts).toMatchObject({ spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });
    expect(judged.source).toMatchObject({ kind: 'forwarder', forwarder: 'Google Workspace', arcInstance: 1 });
  });

  it('reads only the topmost set the forwarder added: a forged “all pass” set lower in the header block changes nothing', async () => {
    // Prepare: the sender wrote i=5 (claiming Microsoft) and i=1 (claiming Google) sets; Exchange added i=6 on top
    const headers = await headersOf('forwarded-forged-arc-below.eml');

    // Act
    const judged = effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers, trustedForwarders: [EXCHANGE, GOOGLE] });

    // Assess: what Exchange really found
    expect(judged.verdicts).toMatchObject({ spf: 'FAIL', dkim: 'GRAY', dmarc: 'FAIL' });
    expect(judged.source).toMatchObject({ kind: 'forwarder', forwarder: 'Exchange Online', arcInstance: 6 });
  });

  it('ignores ARC sets below the forwarder’s own Received lines when the forwarder added none', async () => {
    // Prepare
    const headers = await headersOf('forwarded-without-forwarder-arc.eml');

    // Act
    const judged = effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers, trustedForwarders: [EXCHANGE, GOOGLE] });

    // Assess
    expect(judged).toEqual({ verdicts: SES_ON_FORWARD, source: { kind: 'ses' } });
  });

  it('ignores an ARC set at the top of a message that did not come through a trusted forwarder', async () => {
    // Prepare: sent straight to the Raadspost address; SPF and DKIM passed for the sender's own domain
    const headers = await headersOf('direct-forged-arc-on-top.eml');
    const ses: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' };

    // Act
    const judged = effectiveVerdicts({ ses, envelopeFrom: 'bounce@mail.attacker.example', headers, trustedForwarders: [EXCHANGE] });

    // Assess
    expect(judged).toEqual({ verdicts: ses, source: { kind: 'ses' } });
  });

  it('keeps SES’s verdicts when SES did not pass the forwarder, the set is another system’s, or none is trusted', async () => {
    // Prepare
    const headers = await headersOf('forwarded-exchange-online.eml');
    const sesFailed: Verdicts = { ...SES_ON_FORWARD, spf: 'FAIL', dkim: 'FAIL' };

    // Act + Assess
    expect(effectiveVerdicts({ ses: sesFailed, envelopeFrom: SRS, headers, trustedForwarders: [EXCHANGE] }).source).toEqual({ kind: 'ses' });
    expect(effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: 'x@heemstede.nl', headers, trustedForwarders: [GOOGLE] }).source).toEqual({ kind: 'ses' });
    expect(effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers, trustedForwarders: [] }).source).toEqual({ kind: 'ses' });
    expect(effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: null, headers: [], trustedForwarders: [EXCHANGE] }).source).toEqual({ kind: 'ses' });
  });

  it('never takes spam or virus verdicts from the forwarder', async () => {
    // Prepare
    const headers = await headersOf('forwarded-exchange-online.eml');
    const ses: Verdicts = { ...SES_ON_FORWARD, spam: 'FAIL', virus: 'GRAY' };

    // Act
    const judged = effectiveVerdicts({ ses, envelopeFrom: SRS, headers, trustedForwarders: [EXCHANGE] });

    // Assess
    expect(judged.verdicts).toMatchObject({ spam: 'FAIL', virus: 'GRAY', dmarc: 'PASS' });
  });

  it('does not trust an SES-looking Authentication-Results that is not the topmost one', () => {
    // Prepare: no SPF pass; a DKIM pass for the forwarder only in a second Authentication-Results the sender wrote
    const headers: HeaderField[] = [
      { name: 'received', value: 'from mail.attacker.example by inbound-smtp.eu-west-1.amazonaws.com' },
      { name: 'authentication-results', value: 'amazonses.com; spf=fail; dkim=pass header.i=@mail.attacker.example; dmarc=fail header.from=x' },
      { name: 'arc-seal', value: 'i=1; a=rsa-sha256; d=microsoft.com; s=arcselector10001; cv=none; b=x' },
      { name: 'arc-authentication-results', value: 'i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example' },
      { name: 'authentication-results', value: 'amazonses.com; dkim=pass header.i=@heemstede.nl' },
    ];

    // Act
    const judged = effectiveVerdicts({ ses: { ...SES_ON_FORWARD, spf: 'FAIL' }, envelopeFrom: 'x@mail.attacker.example', headers, trustedForwarders: [EXCHANGE] });

    // Assess
    expect(judged.source).toEqual({ kind: 'ses' });
  });

  it('maps RFC 8601 results to verdicts and survives odd values', () => {
    // Prepare
    const aar = (results: string): HeaderField[] => [
      { name: 'received', value: 'from x by inbound-smtp.eu-west-1.amazonaws.com' },
      { name: 'arc-seal', value: 'i=2; d=microsoft.com; cv=pass' },
      { name: 'arc-authentication-results', value: `i=2; mx.microsoft.com 1; ${results}` },
    ];
    const judge = (results: string) => effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers: aar(results), trustedForwarders: [EXCHANGE] });

    // Act + Assess
    expect(judge('spf=softfail smtp.mailfrom=a.example; dkim=fail header.d=a.example; dkim=pass header.d=b.example; dmarc=bestguesspass').verdicts).toMatchObject({
      spf: 'FAIL',
      dkim: 'PASS',
      dmarc: 'GRAY',
    });
    expect(judge('spf=temperror (dns timeout; retry later) smtp.mailfrom=a.example').verdicts).toMatchObject({ spf: 'PROCESSING_FAILED', dkim: 'DISABLED', dmarc: 'DISABLED' });
    expect(judge('spf=weird; (unclosed comment dmarc=pass').verdicts).toMatchObject({ spf: 'GRAY', dmarc: 'DISABLED' });
    expect(effectiveVerdicts({ ses: SES_ON_FORWARD, envelopeFrom: SRS, headers: aar('spf=pass').map((h) => (h.name === 'arc-seal' ? { ...h, value: 'i=3; d=microsoft.com' } : h)), trustedForwarders: [EXCHANGE] }).source).toEqual({
      kind: 'ses',
    });
  });
});

describe('MailparserMimeParser authentication headers', () => {
  it('passes on Received, Authentication-Results and ARC fields of the top-level header block, in order, unfolded', async () => {
    // Act
    const headers = await headersOf('forwarded-exchange-online.eml');

    // Assess
    expect(headers.slice(0, 6).map((h) => h.name)).toEqual(['received', 'authentication-results', 'arc-seal', 'arc-authentication-results', 'received', 'received']);
    expect(headers[1]?.value).toMatch(/^amazonses\.com; spf=pass .* dkim=pass header\.i=@heemstede\.onmicrosoft\.com; dkim=fail/);
    expect(headers.every((h) => !/\r|\n/.test(h.value))).toBe(true);
    expect(headers.map((h) => h.name)).not.toContain('arc-message-signature');
  });

  it('keeps at most 100 of them, each at most 8 KiB', async () => {
    // Prepare
    const raw = Buffer.from(
      `${'Received: from a by b\r\n'.repeat(150)}ARC-Authentication-Results: i=1; mx.example; ${'x'.repeat(20_000)}\r\nFrom: a@example.nl\r\nSubject: x\r\n\r\nbody\r\n`,
    );

    // Act
    const { authenticationHeaders } = await new MailparserMimeParser().parse(raw);

    // Assess
    expect(authenticationHeaders).toHaveLength(100);
    expect(authenticationHeaders.every((h) => h.name === 'received')).toBe(true);
  });
});

describe('a forwarded letter through the ingest function', () => {
  const receive = async (fixture: string, source: string) => {
    const { ingest, rawMail, letters } = realIngest(undefined, { trustedForwarders: [EXCHANGE] });
    const raw = await mailFixture(fixture);
    await rawMail.put('inbound/m-fwd', raw);
    await createHandler({ ingestMail: ingest, logger, rawMailPrefix: 'inbound/' })(
      buildSesEvent({ messageId: 'm-fwd', source, recipients: ['griffie@post.heemstede.nl'], raw, verdicts: { dmarc: 'FAIL' } }),
    );
    const letter = letters.letters.get('m-fwd')!;
    return { letter, summary: summarise(letter) };
  };

  it('stores the forwarder’s verdicts and their source, and the approval page says who checked', async () => {
    // Act
    const { letter, summary } = await receive('forwarded-exchange-online.eml', SRS);

    // Assess
    expect(letter).toMatchObject({ status: 'awaiting_approval', verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' } });
    expect(letter.verdictSource).toMatchObject({ kind: 'forwarder', forwarder: 'Exchange Online', ses: { dmarc: 'FAIL' } });
    expect(summary.failedAuthentication).toEqual([]);
    expect(letterFacts(summary)).toContainEqual({ label: 'Gecontroleerd door', value: expect.stringMatching(/^Exchange Online, bij de eerste ontvangst: het bericht kwam via uw eigen doorsturing binnen/) });
    expect(renderApprovalPage({ summary, handling: { options: parseHandlingOptions(DEFAULT_HANDLING_OPTIONS), defaultIndex: 0 }, token: 'A'.repeat(43), postUrl: '/', municipality: 'Heemstede' })).toContain('Exchange Online, bij de eerste ontvangst');
  });

  it('keeps the failure the forwarder found for a spoofed letter, however its own headers look', async () => {
    // Act
    const { letter, summary } = await receive('forwarded-forged-arc-below.eml', SRS);

    // Assess
    expect(letter.verdicts).toMatchObject({ spf: 'FAIL', dmarc: 'FAIL' });
    expect(summary.failedAuthentication).toEqual(['SPF', 'DKIM', 'DMARC']);
    expect(letterWarnings(summary)[0]).toMatch(/De afzender kon niet worden bevestigd/);
  });

  it('says SES checked it when the message came straight to the Raadspost address', async () => {
    // Act
    const { letter, summary } = await receive('direct-forged-arc-on-top.eml', 'bounce@mail.attacker.example');

    // Assess
    expect(letter.verdictSource).toEqual({ kind: 'ses' });
    expect(letterFacts(summary)).toContainEqual({ label: 'Gecontroleerd door', value: 'Amazon SES, bij ontvangst' });
    expect(summary.failedAuthentication).toContain('DMARC');
  });
});

