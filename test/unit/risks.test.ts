import { describe, expect, it } from 'vitest';
import { judgeAttachment } from '../../shared/domain/attachment-policy.js';
import { prepareLetterText } from '../../shared/domain/letter-text.js';
import { prepareLetter } from '../../shared/domain/new-letter.js';
import type { AttachmentInfo, MailAddress } from '../../shared/domain/mail.js';
import { assessRisks, blocksForwarding, organisationRisk, RISK_CODES, type RiskCode } from '../../shared/domain/risks.js';
import { allPass, aMail, plainHeaders } from '../support/builders.js';

const context = { verdicts: allPass(), ownDomains: ['heemstede.nl'], municipality: 'Heemstede' };

const risksOf = (
  overrides: { from?: MailAddress; replyTo?: MailAddress[]; subject?: string; text?: string; attachments?: AttachmentInfo[]; autoSubmitted?: string; raadspostId?: string } = {},
  ctx = context,
): RiskCode[] => {
  const base = aMail({
    ...(overrides.subject !== undefined && { subject: overrides.subject }),
    attachments: overrides.attachments ?? [],
    allHeaders: { ...plainHeaders(), autoSubmitted: overrides.autoSubmitted ?? null, raadspostId: overrides.raadspostId ?? null },
  });
  const mail = { ...base, ...(overrides.from && { from: overrides.from }), ...(overrides.replyTo && { replyTo: overrides.replyTo }) };
  const text = prepareLetterText(overrides.text ?? 'Geachte raad,\n\nWij vragen uw aandacht.');
  return assessRisks({ mail, text, attachmentVerdicts: mail.attachments.map((a) => judgeAttachment(a)) }, ctx).map((r) => r.code);
};

const attachment = (filename: string, contentType = 'application/octet-stream'): AttachmentInfo => ({ filename, contentType, size: 100, sha256: '00', inline: false });

describe('assessRisks', () => {
  it('names no risk for an ordinary letter of an association', () => {
    expect(risksOf({ from: { name: 'Wijkraad Glip-Zuid Heemstede', address: 'bestuur@wijkraad-glipzuid-heemstede.nl' } })).toEqual([]);
  });

  it.each([
    ['Griffie Heemstede', 'griffie.heemstede@gmail.com'],
    ['Gemeente Heemstede', 'info@gemeente-post.com'],
    ['Burgemeester A. de Vries', 'a.devries1961@outlook.com'],
    ['De Griffier', 'griffier.nl@gmail.com'],
    ['Gemeenteraad', 'raad2026@hotmail.com'],
    ['', 'griffie.heemstede@gmail.com'],
    ['Гриффие Heemstede'.replace('Гриффие', 'Griffie'), 'x@proton.me'],
    ['G\u0435meente Heemstede', 'x@proton.me'], // Cyrillic е in "Gemeente"
    ['Heemstede Griffie', 'heemstede.griffie@gmail.com'], // the place before the office
    ['A. de Vries (burgemeester Heemstede)', 'a.devries@gmail.com'], // the office after a person
    ['Gem. Heemstede', 'x@proton.me'],
    ['Heemstede - Raadsgriffie', 'x@proton.me'],
    ['J. Jansen, griffier gemeente Heemstede', 'x@proton.me'],
    ['Kabinet van de burgemeester', 'x@proton.me'],
    ['KCC Gemeente Heemstede', 'x@proton.me'],
    ['', '"griffie@heemstede.nl"@raadsportaal.com'], // a quoted local part that reads as our address
    ['', 'raadsgriffie@outlook.com'], // an office as the mailbox of a free-mail account
    ['', 'burgemeester.devries@gmail.com'],
    ['', 'heemstede-griffie@gmail.com'],
  ])('flags "%s" <%s> as impersonation', (name, address) => {
    expect(risksOf({ from: { name, address } })).toContain('impersonation');
  });

  it.each([
    ['Cliëntenraad gemeente Heemstede', 'clientenraad.heemstede@gmail.com'],
    ['Wijkraad Heemstede-Zuid', 'wijkraad@ziggo.nl'],
    ['Raad van State', 'post@raadvanstate.nl'],
    ['Griffie Bloemendaal', 'griffie@bloemendaal.nl'],
    ['Burgemeester van Bloemendaal', 'burgemeester@bloemendaal.nl'],
    ['Jan de Raad', 'jan.deraad@kpnmail.nl'],
    ['Griffie Heemstede', 'griffie@heemstede.nl'], // the real one
    ['Historische Vereniging Oud-Heemstede', 'bestuur@oud-heemstede.nl'],
    ['Fietsersbond Heemstede', 'bestuur@fietsersbond-heemstede.nl'],
    ['', 'griffie@bloemendaal.nl'], // another municipality's griffie
    ['Gem Jansen', 'gem.jansen@gmail.com'], // a first name, not "gemeente"
    ['College Tijdschrift', 'college@uitgeverij.nl'],
    ['A. de Vries', 'a.devries.hmst@gmail.com'],
    ['', 'jdöe@mächine.example'], // an internationalised address is no second address
  ])('does not flag "%s" <%s>', (name, address) => {
    expect(risksOf({ from: { name, address } })).not.toContain('impersonation');
  });

  it('flags an organisation the classifier read in the letter that claims the municipality from outside its domains', () => {
    const from = { name: 'A. Jansen', address: 'a.jansen@gmail.com' };
    expect(organisationRisk('Gemeente Heemstede', from, context)?.code).toBe('impersonation');
    expect(organisationRisk('Griffie Heemstede', from, context)?.text).toContain('a.jansen@gmail.com');
    expect(organisationRisk('Gemeente Heemstede', { name: '', address: 'a.jansen@heemstede.nl' }, context)).toBeUndefined();
    expect(organisationRisk('Cliëntenraad gemeente Heemstede', from, context)).toBeUndefined();
    expect(organisationRisk('Gemeente Bloemendaal', from, context)).toBeUndefined();
    expect(organisationRisk(null, from, context)).toBeUndefined();
  });

  it('flags a look-alike sender, Reply-To or link domain', () => {
    expect(risksOf({ from: { name: 'Raadsinformatie', address: 'noreply@heemstede-gemeente.nl' } })).toContain('lookalike_domain');
    expect(risksOf({ replyTo: [{ name: '', address: 'antwoord@h\u0435emstede.nl' }] })).toContain('lookalike_domain');
    expect(risksOf({ text: 'Log in op https://heemstede.nl-login.com/raad' })).toContain('lookalike_domain');
  });

  it('checks every link of the text, also beyond the ones listed, and links in the subject, sender name and file names', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `https://www.glipzuid.nl/p/${i}`).join('\n');
    expect(risksOf({ text: `${filler}\nhttps://heemstede-gemeente.nl/x` })).toContain('lookalike_domain');
    const mail = aMail({ subject: 'Stukken op heemstede-raad.nl', attachments: [] });
    const prepared = prepareLetter(mail, context);
    expect(prepared.body.links[0]).toMatchObject({ host: 'heemstede-raad.nl', where: 'subject' });
    expect(prepared.risks.map((r) => r.code)).toEqual(['lookalike_domain']);
    expect(prepared.risks[0]?.text).toMatch(/^Een link in het onderwerp gebruikt heemstede-raad.nl/);
  });

  it('flags a path to files on another computer: opening one can hand over the sign-in', () => {
    expect(risksOf({ text: 'Zie \\\\192.0.2.7\\stukken\\begroting.xlsx' })).toEqual(['network_path']);
    expect(risksOf({ text: 'Zie file://nas.example.org/stukken/brief.pdf' })).toEqual(['network_path']);
  });

  it('flags the own domain without DMARC passing, and that risk blocks forwarding', () => {
    const from = { name: 'Burgemeester', address: 'burgemeester@heemstede.nl' };
    expect(risksOf({ from }, { ...context, verdicts: allPass({ dmarc: 'FAIL' }) })).toEqual(['unauthenticated_own_domain']);
    expect(risksOf({ from }, { ...context, verdicts: allPass({ dmarc: 'GRAY' }) })).toEqual(['unauthenticated_own_domain']);
    expect(risksOf({ from })).toEqual([]);
    expect(blocksForwarding([{ code: 'unauthenticated_own_domain', text: '' }])).toBe(true);
    expect(blocksForwarding([{ code: 'impersonation', text: '' }])).toBe(false);
  });

  it('flags dangerous attachments but not a letter in a PDF', () => {
    expect(risksOf({ attachments: [attachment('brief.pdf', 'application/pdf')] })).toEqual([]);
    expect(risksOf({ attachments: [attachment('Begroting.docm')] })).toEqual(['dangerous_attachment']);
    expect(risksOf({ attachments: [attachment('uitnodiging.ics', 'text/calendar')] })).toEqual([]);
  });

  it('names each dangerous attachment with its reason, and what the griffier can do', () => {
    const mail = aMail({ attachments: [attachment('handtekeningen.csv', 'text/csv'), attachment('doorgestuurd.eml', 'message/rfc822')] });
    const attachmentVerdicts = [
      judgeAttachment(mail.attachments[0]!, { bytes: new TextEncoder().encode('naam\n=HYPERLINK("https://raadsportaal.example")\n') }),
      judgeAttachment(mail.attachments[1]!, { bytes: new Uint8Array(), attached: [{ filename: 'Plattegrond.exe', contentType: 'application/octet-stream', inline: false, content: { bytes: new Uint8Array() } }] }),
    ];
    const [risk] = assessRisks({ mail, text: prepareLetterText('Geachte raad,'), attachmentVerdicts }, context);
    expect(risk).toEqual({
      code: 'dangerous_attachment',
      text:
        '2 bijlagen kunnen schade doen en gaan niet mee naar de raadsleden: "handtekeningen.csv" (tabel met formules die bij het openen in Excel een programma of website kunnen openen); ' +
        '"doorgestuurd.eml" (doorgestuurd e-mailbericht met een eigen bijlage die niet mee mag: "Plattegrond.exe" (programma dat op de computer kan draaien)). ' +
        'Open ze niet. Heeft de raad het stuk nodig, vraag de afzender dan om het als gewone pdf te sturen.',
    });
  });

  it('does not call an attached e-mail dangerous for a harmless file that only stays home (an invitation)', () => {
    const mail = aMail({ attachments: [attachment('doorgestuurd.eml', 'message/rfc822')] });
    const verdict = judgeAttachment(mail.attachments[0]!, { bytes: new Uint8Array(), attached: [{ filename: 'uitnodiging.ics', contentType: 'text/calendar', inline: false, content: { bytes: new Uint8Array() } }] });
    expect(verdict.forward).toBe(false);
    expect(assessRisks({ mail, text: prepareLetterText('Geachte raad,'), attachmentVerdicts: [verdict] }, context)).toEqual([]);
  });

  it('flags automatic mail (Auto-Submitted other than no)', () => {
    expect(risksOf({ autoSubmitted: 'auto-replied' })).toEqual(['auto_submitted']);
    expect(risksOf({ autoSubmitted: 'no' })).toEqual([]);
  });

  it('recognises our own mail coming back: our header, our mark quoted, an approval link forwarded', () => {
    expect(risksOf({ raadspostId: 'abc' })).toEqual(['own_mail_returned']);
    expect(risksOf({ text: 'Afwezig.\n\n> Kenmerk Raadspost: 0000aaaa' })).toEqual(['own_mail_returned']);
    expect(risksOf({ text: `Zie https://abc.lambda-url.eu-west-1.on.aws/?t=${'Z'.repeat(43)}` })).toEqual(['own_mail_returned']);
    expect(risksOf({ text: `Zie https://example.org/?t=${'Z'.repeat(44)}` })).toEqual([]);
    expect(blocksForwarding([{ code: 'own_mail_returned', text: '' }])).toBe(true);
  });

  const token = 'Ab3_-'.repeat(8) + 'xyz'; // 43 characters, as approval.ts makes them

  it.each([
    ['behind a Safe Links redirect (percent-encoded)', `https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fabc.lambda-url.eu-west-1.on.aws%2F%3Ft%3D${token}&data=05%7C02`],
    ['percent-encoded twice (a redirect in a redirect)', `https://tracker.example/r?u=https%253A%252F%252Fabc.lambda-url.eu-west-1.on.aws%252F%253Ft%253D${token}%2526x%253D1`],
    ['with only the = encoded', `https://abc.lambda-url.eu-west-1.on.aws/?t%3D${token}`],
    ['as quoted-printable source with a soft line break in the token', `Bekijk en beslis:\nhttps://abc.lambda-url.eu-west-1.on.aws/?t=3D${token.slice(0, 20)}=\n${token.slice(20)}\n`],
    ['wrapped over two lines of a quoted reply', `> Bekijk en beslis:\n> https://abc.lambda-url.eu-west-1.on.aws/?t=${token.slice(0, 30)}\n> ${token.slice(30)}\n> Met vriendelijke groet`],
    ['as HTML', `<a href="https://abc.lambda-url.eu-west-1.on.aws/?x=1&amp;t=${token}">Bekijk</a>`],
    ['at the end of a line, the next line starting with a word', `https://abc.lambda-url.eu-west-1.on.aws/?t=${token}\nGroet`],
  ])('recognises an approval link forwarded back %s', (_, text) => {
    expect(risksOf({ text })).toEqual(['own_mail_returned']);
  });

  it.each([
    ['a token one character too long', `https://abc.lambda-url.eu-west-1.on.aws/?t=${token}Q`],
    ['a token one character too long across a line break', `https://abc.lambda-url.eu-west-1.on.aws/?t=${token.slice(0, 30)}\n${token.slice(30)}Q rest`],
    ['a short t= parameter before a line of text', 'Zie https://www.oudedorp.example/agenda?t=2026\nGeachte raad, wij vragen uw aandacht voor de speeltuin.'],
    ['percent-encoding that decodes to a short parameter', 'https://www.oudedorp.example/?q%3Dspeeltuin%26t%3Dabc'],
  ])('does not mistake %s for an approval link', (_, text) => {
    expect(risksOf({ text })).toEqual([]);
  });

  it('flags hidden characters in the text, the subject, the sender name and file names', () => {
    expect(risksOf({ text: 'Betaal op NL\u202e01\u202c' })).toEqual(['hidden_text']);
    expect(risksOf({ subject: 'Brief\u200b aan de raad' })).toEqual(['hidden_text']);
    expect(risksOf({ attachments: [attachment('brief\u202efdp.pdf', 'application/pdf')] })).toEqual(['hidden_text']);
  });

  it('lists several risks once each, most serious first', () => {
    const codes = risksOf({
      from: { name: 'Griffie Heemstede', address: 'griffie@heemstede-gemeente.nl' },
      text: 'Log in\u200b',
      attachments: [attachment('x.exe'), attachment('y.exe')],
      autoSubmitted: 'auto-generated',
    });
    expect(codes).toEqual(['impersonation', 'lookalike_domain', 'dangerous_attachment', 'auto_submitted', 'hidden_text']);
    expect(codes).toEqual(RISK_CODES.filter((c) => codes.includes(c)));
  });
});
