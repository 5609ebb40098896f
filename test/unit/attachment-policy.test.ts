import { describe, expect, it } from 'vitest';
import { attachmentsOverSizeLimit, judgeAttachment, MAX_FORWARD_BYTES } from '../../shared/domain/attachment-policy.js';

const head = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const judge = (filename: string | null, contentType = 'application/octet-stream', extra: { inline?: boolean; head?: Uint8Array } = {}) =>
  judgeAttachment({ filename, contentType, inline: extra.inline ?? false, ...(extra.head && { head: extra.head }) });

describe('judgeAttachment', () => {
  it.each([
    ['brief.pdf', 'application/pdf', '%PDF-1.7', 'pdf'],
    ['Zienswijze.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK\x03\x04', 'docx'],
    ['notulen.odt', 'application/vnd.oasis.opendocument.text', 'PK\x03\x04', 'odt'],
    ['begroting.xlsx', 'application/octet-stream', 'PK\x03\x04', 'xlsx'],
    ['lijst.csv', 'text/csv', 'naam;adres', 'csv'],
    ['foto.JPG', 'image/jpeg', '\xff\xd8\xff\xe0', 'jpg'],
    ['kaart.png', 'image/png', '\x89PNG\r\n', 'png'],
    ['brief.rtf', 'application/rtf', '{\\rtf1', 'rtf'],
    ['doorgestuurd.eml', 'message/rfc822', 'From: a@b.nl', 'eml'],
    ['Rapport v1.0 (def).pdf', 'application/pdf', '%PDF-1.4', 'pdf'],
  ])('forwards %s', (filename, type, bytes, expected) => {
    expect(judge(filename, type, { head: head(bytes) })).toEqual({ forward: true, type: expected });
  });

  it('judges a part without a name by its declared type', () => {
    expect(judge(null, 'application/pdf', { head: head('%PDF-1.5') })).toEqual({ forward: true, type: 'pdf' });
    expect(judge(null, 'application/octet-stream')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
  });

  it.each([
    ['Begroting.docm', 'macro'],
    ['overzicht.xlsm', 'macro'],
    ['presentatie.pptm', 'macro'],
    ['oud-verslag.doc', 'macro'],
    ['inloggen.html', 'web_page'],
    ['kaart.svg', 'web_page'],
    ['Handtekeningen.pdf.lnk', 'shortcut'],
    ['link.url', 'shortcut'],
    ['Plattegrond.exe', 'executable'],
    ['factuur.PDF.EXE', 'executable'],
    ['setup.msi', 'executable'],
    ['script.js', 'script'],
    ['run.ps1', 'script'],
    ['macro.vbs', 'script'],
    ['update.bat', 'script'],
    ['schijf.iso', 'disk_image'],
    ['bijlagen.zip', 'archive'],
    ['stukken.7z', 'archive'],
    ['brief.pdf.   ', 'disguised'],
  ])('never forwards %s (%s)', (filename, kind) => {
    const verdict = judge(filename, 'application/octet-stream', { head: head('MZ\x90') });
    expect(verdict).toMatchObject({ forward: false, refusal: { code: 'dangerous' } });
    if (kind !== 'disguised') expect(verdict).toEqual({ forward: false, refusal: { code: 'dangerous', kind } });
  });

  it('sees through a right-to-left override in the name ("brief\\u202Efdp.exe" shows as "briefexe.pdf")', () => {
    expect(judge('brief\u202Efdp.exe', 'application/pdf')).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'executable' } });
  });

  it('refuses a file whose bytes are not what its name says', () => {
    expect(judge('brief.pdf', 'application/pdf', { head: head('MZ\x90\x00') })).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'disguised' } });
    expect(judge('brief.pdf', 'application/pdf', { head: head('<!DOCTYPE html><form>') })).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'disguised' } });
    expect(judge('brief.docx', 'application/octet-stream', { head: head('%PDF-1.7') })).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'disguised' } });
    expect(judge('notitie.txt', 'text/plain', { head: head('<html><body>') })).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'disguised' } });
  });

  it('refuses by declared type whatever the name says', () => {
    expect(judge('brief.pdf', 'application/x-msdownload')).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'executable' } });
    expect(judge('brief.pdf', 'text/html')).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'web_page' } });
    expect(judge('stukken', 'application/zip')).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'archive' } });
    expect(judge('brief.docx', 'application/vnd.ms-word.document.macroEnabled.12')).toEqual({ forward: false, refusal: { code: 'dangerous', kind: 'macro' } });
  });

  it('leaves layout images and unknown types home without calling them dangerous', () => {
    expect(judge('logo.png', 'image/png', { inline: true, head: head('\x89PNG') })).toEqual({ forward: false, refusal: { code: 'inline' } });
    expect(judge('uitnodiging.ics', 'text/calendar')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
    expect(judge('geluid.mp3', 'audio/mpeg')).toEqual({ forward: false, refusal: { code: 'unsupported' } });
  });
});

describe('attachmentsOverSizeLimit', () => {
  it('leaves nothing out when everything fits in one message', () => {
    expect(attachmentsOverSizeLimit([2_000_000, 5_000_000], 10_000)).toEqual(new Set());
  });

  it('leaves the largest attachments out first until the forward fits within SES\'s 40 MB', () => {
    const mb = 1024 * 1024;
    const left = attachmentsOverSizeLimit([5 * mb, 25 * mb, 20 * mb, 1 * mb], 10_000);
    expect(left).toEqual(new Set([1]));
    expect(attachmentsOverSizeLimit([MAX_FORWARD_BYTES, MAX_FORWARD_BYTES], 0)).toEqual(new Set([0, 1]));
  });
});
