import { describe, expect, it } from 'vitest';
import { stageConfigFrom } from '../../infra/config.js';
import { CDK_CONTEXT } from './support.js';

const configWith = (overrides: Record<string, unknown>) => {
  const context: Record<string, unknown> = { ...CDK_CONTEXT, ...overrides };
  return stageConfigFrom((key) => context[key]);
};

describe('stageConfigFrom', () => {
  it("reads cdk.json's defaults", () => {
    expect(configWith({})).toMatchObject({
      municipality: 'Heemstede',
      region: 'eu-west-1',
      griffieAddress: 'griffie@heemstede.nl',
      recipients: ['griffie@post.heemstede.nl'],
      stage: 'prod',
      retentionRecordDays: 1827,
      retentionShortDays: 90,
      retentionQuarantineDays: 365,
      activateRuleSet: false,
      operatorEmail: undefined,
      sendingIdentity: 'create',
      approvalConcurrency: 5,
      trustedForwarders: [
        { name: 'Exchange Online', domains: ['heemstede.nl', 'heemstede.onmicrosoft.com'], authservId: 'mx.microsoft.com', arcSealer: 'microsoft.com' },
      ],
    });
  });

  it('reads comma-separated lists, numbers and booleans given with -c', () => {
    const config = configWith({
      'raadspost:recipients': 'a@post.heemstede.nl, b@post.heemstede.nl',
      'raadspost:ownDomains': '["heemstede.nl"]',
      'raadspost:retentionShortDays': '30',
      'raadspost:activateRuleSet': 'true',
      'raadspost:operatorEmail': 'Beheer@Heemstede.nl',
    });
    expect(config).toMatchObject({
      recipients: ['a@post.heemstede.nl', 'b@post.heemstede.nl'],
      ownDomains: ['heemstede.nl'],
      retentionShortDays: 30,
      activateRuleSet: true,
      operatorEmail: 'beheer@heemstede.nl',
    });
  });

  it('reads the register’s settings: acknowledgements off by default, afdoeningsvoorstellen, template and the public list’s word, checked', () => {
    expect(configWith({})).toMatchObject({ acknowledge: false, defaultHandling: 'ter kennisname', listPrivateSender: 'inwoner', handlingOptions: undefined, acknowledgementTemplate: undefined });
    expect(
      configWith({
        'raadspost:acknowledge': 'true',
        'raadspost:handlingOptions': 'voor kennisgeving aannemen; agenderen, met spoed, voor ...',
        'raadspost:defaultHandling': 'voor kennisgeving aannemen',
        'raadspost:listPrivateSender': 'burger',
      }),
    ).toMatchObject({ acknowledge: true, handlingOptions: ['voor kennisgeving aannemen', 'agenderen, met spoed, voor ...'], listPrivateSender: 'burger' });
    expect(configWith({ 'raadspost:handlingOptions': '["a", "b …"]', 'raadspost:defaultHandling': 'a' }).handlingOptions).toEqual(['a', 'b …']);
    expect(() => configWith({ 'raadspost:handlingOptions': 'a; b' })).toThrow(/the default "ter kennisname" is not one of the options \(a; b\)\n  → at handlingOptions/);
    expect(() => configWith({ 'raadspost:acknowledgementTemplate': 'Zaak {zaak}: {nummer}' })).toThrow(/unknown placeholder\(s\) \{zaak\}/);
    expect(() => configWith({ 'raadspost:acknowledge': 'ja' })).toThrow(/acknowledge/);
  });

  it('reads the reconciler’s grace period, and fails the synth on one that is not a duration', () => {
    expect(configWith({}).reconcileOlderThan).toBe('1h');
    expect(configWith({ 'raadspost:reconcileOlderThan': '20m' }).reconcileOlderThan).toBe('20m');
    expect(() => configWith({ 'raadspost:reconcileOlderThan': 'an hour' })).toThrow(/expected a duration such as 10m[\s\S]*reconcileOlderThan/);
  });

  it('fails the synth with a clear message for a region where SES does not receive mail', () => {
    expect(() => configWith({ 'raadspost:region': 'us-east-2' })).toThrow(/invalid raadspost context[\s\S]*SES receives mail/);
  });

  it('fails the synth for a recipient that is not an address', () => {
    expect(() => configWith({ 'raadspost:recipients': ['griffie'] })).toThrow(/recipients/);
  });

  it("rejects a council list that contains the griffie's own address (the forward would come back in)", () => {
    expect(() => configWith({ 'raadspost:councilList': ['raad@heemstede.nl', 'Griffie@heemstede.nl'] })).toThrow(
      /must not contain the griffie's own address \(griffie@heemstede.nl\)[\s\S]*at councilList/,
    );
  });

  it('rejects a griffie address that is not on the sending domain', () => {
    expect(() => configWith({ 'raadspost:griffieAddress': 'griffie@gemeente.nl' })).toThrow(/not on the sending domain heemstede.nl[\s\S]*at griffieAddress/);
  });

  it('rejects approvers that are receipt-rule recipients', () => {
    expect(() => configWith({ 'raadspost:approvers': ['griffie@post.heemstede.nl'] })).toThrow(/approvers must not be receipt-rule recipients/);
  });

  it("refuses to receive on the approvers', the council's or the griffie's own domain, and explains the subdomain setup", () => {
    const attempt = () => configWith({ 'raadspost:recipients': ['griffie@heemstede.nl'] });
    expect(attempt).toThrow(/recipient griffie@heemstede.nl is on heemstede.nl, the domain of approvers, councilList, griffieAddress/);
    expect(attempt).toThrow(/MX record would send all mail for heemstede.nl[\s\S]*subdomain[\s\S]*griffie@post.heemstede.nl[\s\S]*forward or redirect/);
    expect(() => configWith({ 'raadspost:recipients': ['griffie@raad.example'], 'raadspost:councilList': ['a@raad.example'] })).toThrow(/the domain of councilList/);
  });

  it('reads trusted forwarders: a known system, or its own authserv-id and ARC sealer', () => {
    const config = configWith({
      'raadspost:trustedForwarders': JSON.stringify([
        { system: 'google-workspace', domains: ['heemstede.nl'] },
        { name: 'Filterdienst', domains: ['filter.example'], authservId: 'MX.Filter.example', arcSealer: 'filter.example' },
      ]),
    });
    expect(config.trustedForwarders).toEqual([
      { name: 'Google Workspace', domains: ['heemstede.nl'], authservId: 'mx.google.com', arcSealer: 'google.com' },
      { name: 'Filterdienst', domains: ['filter.example'], authservId: 'mx.filter.example', arcSealer: 'filter.example' },
    ]);
    expect(() => configWith({ 'raadspost:trustedForwarders': [{ domains: ['heemstede.nl'] }] })).toThrow(/give "system"/);
    expect(() => configWith({ 'raadspost:trustedForwarders': [{ system: 'lotus-notes', domains: ['heemstede.nl'] }] })).toThrow(/trustedForwarders/);
  });

  it('keeps letters at least five years, and reads a stage, an existing identity and the approval concurrency', () => {
    expect(() => configWith({ 'raadspost:retentionRecordDays': '730' })).toThrow(/at least five years \(1827 days\)/);
    expect(configWith({ 'raadspost:stage': 'test', 'raadspost:sendingIdentity': 'existing', 'raadspost:approvalConcurrency': '3' })).toMatchObject({
      stage: 'test',
      sendingIdentity: 'existing',
      approvalConcurrency: 3,
    });
    expect(() => configWith({ 'raadspost:stage': 'Prod 2' })).toThrow(/stage/);
    expect(() => configWith({ 'raadspost:approvalConcurrency': '0' })).toThrow(/approvalConcurrency/);
  });

  it('rejects a missing value, an unknown register scheme and a non-numeric retention', () => {
    expect(() => configWith({ 'raadspost:sendingDomain': undefined })).toThrow(/sendingDomain/);
    expect(() => configWith({ 'raadspost:registerScheme': 'monthly' })).toThrow(/registerScheme/);
    expect(() => configWith({ 'raadspost:retentionShortDays': 'forever' })).toThrow(/retentionShortDays/);
    expect(() => configWith({ 'raadspost:activateRuleSet': 'yes' })).toThrow(/activateRuleSet/);
  });
});
