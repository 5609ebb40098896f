import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/domain/errors.js';
import { loadAcknowledgeConfig, loadApprovalConfig, loadForwardConfig, loadIngestConfig, loadListConfig, loadReconcileConfig } from '../../shared/config.js';
import { parseDuration, parseGrace } from '../../shared/domain/duration.js';

const BASE = {
  AWS_REGION: 'eu-west-1',
  RAW_MAIL_BUCKET: 'raw',
  LETTERS_TABLE: 'letters',
  OWN_DOMAINS: 'heemstede.nl',
  MUNICIPALITY_NAME: 'Heemstede',
  GRIFFIE_ADDRESS: 'Griffie@Heemstede.nl',
  APPROVERS: 'griffier@heemstede.nl, plv.griffier@heemstede.nl',
  APPROVAL_BASE_URL: 'https://abc.lambda-url.eu-west-1.on.aws/',
  COUNCIL_LIST: 'a@heemstede.nl,b@heemstede.nl\nc@heemstede.nl',
  FORWARD_FUNCTION_NAME: 'raadspost-forward-letter',
};

describe('config loaders', () => {
  it('reads the ingest function’s approval settings with defaults', () => {
    // Act
    const config = loadIngestConfig(BASE);
    // Assess
    expect(config.approval).toEqual({
      from: 'griffie@heemstede.nl',
      approvers: ['griffier@heemstede.nl', 'plv.griffier@heemstede.nl'],
      baseUrl: 'https://abc.lambda-url.eu-west-1.on.aws/',
      tokenTtlDays: 14,
    });
    expect(config.municipality).toBe('Heemstede');
  });

  it('reads the approval function’s settings; yearly numbering by default', () => {
    expect(loadApprovalConfig(BASE)).toMatchObject({ registerScheme: 'yearly', forwardFunctionName: 'raadspost-forward-letter', lettersTable: 'letters' });
    expect(loadApprovalConfig({ ...BASE, REGISTER_SCHEME: 'continuous' }).registerScheme).toBe('continuous');
  });

  it('reads the afdoeningsvoorstellen of the approval page: the usual ones by default, or HANDLING_OPTIONS with DEFAULT_HANDLING', () => {
    const usual = loadApprovalConfig(BASE).handling;
    expect(usual.options.map((o) => o.text)).toContain('betrekken bij agendapunt …');
    expect(usual.options[usual.defaultIndex]?.text).toBe('ter kennisname');
    const own = loadApprovalConfig({ ...BASE, HANDLING_OPTIONS: 'voor kennisgeving aannemen\nin handen van het college ...; doorverwijzen naar het presidium', DEFAULT_HANDLING: 'voor kennisgeving aannemen' }).handling;
    expect(own).toEqual({
      options: [
        { text: 'voor kennisgeving aannemen', needsDetail: false },
        { text: 'in handen van het college …', needsDetail: true },
        { text: 'doorverwijzen naar het presidium', needsDetail: false },
      ],
      defaultIndex: 0,
    });
    expect(() => loadApprovalConfig({ ...BASE, HANDLING_OPTIONS: 'a; b' })).toThrow(/DEFAULT_HANDLING: the default "ter kennisname" is not one of the options/);
    expect(() => loadApprovalConfig({ ...BASE, HANDLING_OPTIONS: ' ; ' })).toThrow(/HANDLING_OPTIONS: expected at least one/);
    expect(() => loadApprovalConfig({ ...BASE, DEFAULT_HANDLING: 'betrekken bij agendapunt …' })).toThrow(/needs words of its own/);
  });

  it('reads the forward function’s council list and default handling', () => {
    // Act
    const config = loadForwardConfig(BASE);
    // Assess
    expect(config.councilList).toEqual(['a@heemstede.nl', 'b@heemstede.nl', 'c@heemstede.nl']);
    expect(config.defaultHandling).toBe('ter kennisname');
  });

  it('refuses a council list with the griffie’s own address (a mail loop)', () => {
    expect(() => loadForwardConfig({ ...BASE, COUNCIL_LIST: 'a@heemstede.nl,griffie@heemstede.nl' })).toThrow(ConfigError);
    expect(() => loadForwardConfig({ ...BASE, COUNCIL_LIST: 'a@heemstede.nl,griffie@heemstede.nl' })).toThrow(/GRIFFIE_ADDRESS/);
  });

  it('refuses a council list with an approver on it', () => {
    expect(() => loadForwardConfig({ ...BASE, COUNCIL_LIST: 'a@heemstede.nl,griffier@heemstede.nl' })).toThrow(/approver griffier@heemstede.nl/);
  });

  it.each([
    ['ingest without approvers', () => loadIngestConfig({ ...BASE, APPROVERS: '' })],
    ['ingest with a javascript: approval URL', () => loadIngestConfig({ ...BASE, APPROVAL_BASE_URL: 'javascript:alert(1)' })],
    ['approval without a forward function', () => loadApprovalConfig({ ...BASE, FORWARD_FUNCTION_NAME: undefined })],
    ['forward with an unknown scheme', () => loadForwardConfig({ ...BASE, REGISTER_SCHEME: 'monthly' })],
  ])('fails with ConfigError for %s', (_name, load) => {
    expect(load).toThrow(ConfigError);
  });

  it('reads the reconciler’s grace period (RECONCILE_OLDER_THAN), leaving the default to the use case when unset', () => {
    const env = { ...BASE, INGEST_FUNCTION_NAME: 'raadspost-ingest-mail', REGISTER_BASE_URL: 'https://register.lambda-url.eu-west-1.on.aws/' };
    expect(loadReconcileConfig(env).graceMs).toBeUndefined();
    expect(loadReconcileConfig(env).registerBaseUrl).toBe('https://register.lambda-url.eu-west-1.on.aws/');
    expect(() => loadReconcileConfig({ ...env, REGISTER_BASE_URL: undefined })).toThrow(/REGISTER_BASE_URL/);
    expect(loadReconcileConfig({ ...env, RECONCILE_OLDER_THAN: '10m' }).graceMs).toBe(600_000);
    expect(() => loadReconcileConfig({ ...env, RECONCILE_OLDER_THAN: '10' })).toThrow(/RECONCILE_OLDER_THAN must be a duration such as 10m/);
    expect(() => loadReconcileConfig({ ...env, RECONCILE_OLDER_THAN: '8d' })).toThrow(/RECONCILE_OLDER_THAN may be at most 7d/);
  });

  it('reads the trusted forwarders infra writes, and the configuration set to send with', () => {
    // Prepare
    const forwarders = [{ name: 'Exchange Online', domains: ['Heemstede.nl'], authservId: 'MX.Microsoft.com', arcSealer: 'microsoft.com' }];
    // Act
    const config = loadIngestConfig({ ...BASE, TRUSTED_FORWARDERS: JSON.stringify(forwarders), SES_CONFIGURATION_SET: 'raadspost-prod' });
    // Assess
    expect(config.trustedForwarders).toEqual([{ name: 'Exchange Online', domains: ['heemstede.nl'], authservId: 'mx.microsoft.com', arcSealer: 'microsoft.com' }]);
    expect(config.configurationSet).toBe('raadspost-prod');
    expect(loadIngestConfig(BASE).trustedForwarders).toEqual([]);
    expect(() => loadIngestConfig({ ...BASE, TRUSTED_FORWARDERS: '[{"name":"x"' })).toThrow(/expected a JSON list of trusted forwarders[\s\S]*at TRUSTED_FORWARDERS/);
    expect(() => loadIngestConfig({ ...BASE, TRUSTED_FORWARDERS: '[{"name":"x","domains":[]}]' })).toThrow(ConfigError);
  });

  it('reads the acknowledgement function’s template (the default, or the griffie’s own, checked) and the forward’s switch', () => {
    expect(loadAcknowledgeConfig(BASE).template).toContain('Wat gebeurt er nu?');
    expect(loadAcknowledgeConfig({ ...BASE, ACKNOWLEDGEMENT_TEMPLATE: 'Uw brief: nr. {nummer}.\\nDank.' }).template).toBe('Uw brief: nr. {nummer}.\nDank.');
    expect(() => loadAcknowledgeConfig({ ...BASE, ACKNOWLEDGEMENT_TEMPLATE: 'Zaak {zaak}, nr. {nummer}' })).toThrow(/ACKNOWLEDGEMENT_TEMPLATE: unknown placeholder/);
    expect(loadForwardConfig(BASE).acknowledgeFunctionName).toBeUndefined();
    expect(loadForwardConfig({ ...BASE, ACKNOWLEDGE_FUNCTION_NAME: 'raadspost-acknowledge' }).acknowledgeFunctionName).toBe('raadspost-acknowledge');
  });

  it('reads the list’s settings: how a private person is called on the public list', () => {
    expect(loadListConfig(BASE)).toMatchObject({ privateSender: 'inwoner', registerScheme: 'yearly', defaultHandling: 'ter kennisname' });
    expect(loadListConfig({ ...BASE, LIST_PRIVATE_SENDER: 'burger' }).privateSender).toBe('burger');
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    [' 0 ', 0],
    ['0m', 0],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '1.5h', '-1h', '1 h', '1H', '1w', '10mm'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(parseGrace(text, '--older-than')).toMatchObject({ ok: false, message: expect.stringContaining('--older-than') });
  });
});
