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
      retentionDays: 730,
      activateRuleSet: false,
      operatorEmail: undefined,
    });
  });

  it('reads comma-separated lists, numbers and booleans given with -c', () => {
    const config = configWith({
      'raadspost:recipients': 'a@heemstede.nl, b@heemstede.nl',
      'raadspost:ownDomains': '["heemstede.nl"]',
      'raadspost:retentionDays': '90',
      'raadspost:activateRuleSet': 'true',
      'raadspost:operatorEmail': 'Beheer@Heemstede.nl',
    });
    expect(config).toMatchObject({
      recipients: ['a@heemstede.nl', 'b@heemstede.nl'],
      ownDomains: ['heemstede.nl'],
      retentionDays: 90,
      activateRuleSet: true,
      operatorEmail: 'beheer@heemstede.nl',
    });
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
    expect(() => configWith({ 'raadspost:approvers': ['griffie@heemstede.nl'] })).toThrow(/approvers must not be receipt-rule recipients/);
  });

  it('rejects a missing value, an unknown register scheme and a non-numeric retention', () => {
    expect(() => configWith({ 'raadspost:sendingDomain': undefined })).toThrow(/sendingDomain/);
    expect(() => configWith({ 'raadspost:registerScheme': 'monthly' })).toThrow(/registerScheme/);
    expect(() => configWith({ 'raadspost:retentionDays': 'forever' })).toThrow(/retentionDays/);
    expect(() => configWith({ 'raadspost:activateRuleSet': 'yes' })).toThrow(/activateRuleSet/);
  });
});
