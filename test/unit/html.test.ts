import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from '../../shared/web/html.js';

describe('html', () => {
  it('escapes & < > " and \' in every interpolation', () => {
    // Act
    const out = html`<p title="${`"'><x`}">${'a & b <c>'}</p>`.toString();

    // Assess
    expect(out).toBe('<p title="&quot;&#39;&gt;&lt;x">a &amp; b &lt;c&gt;</p>');
  });

  it('keeps markup that html made, and escapes inside nested templates', () => {
    // Act
    const items = ['<b>', 'ok'].map((i) => html`<li>${i}</li>`);
    const out = html`<ul>${items}</ul>`.toString();

    // Assess
    expect(out).toBe('<ul><li>&lt;b&gt;</li><li>ok</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${42}`.toString()).toBe('42');
  });

  it('escapes objects that only pretend to be SafeHtml', () => {
    // Prepare
    const fake = { value: '<script>', toString: () => '<script>' } as unknown as string;

    // Act + Assess
    expect(html`${fake}`.toString()).toBe('&lt;script&gt;');
  });

  it('rejects constructing SafeHtml outside the html tag', () => {
    expect(() => new SafeHtml(Symbol('html') as never, '<script>')).toThrow(TypeError);
  });

  it('escapeHtml leaves text without special characters alone', () => {
    expect(escapeHtml('Geachte raad, één brief')).toBe('Geachte raad, één brief');
  });
});
