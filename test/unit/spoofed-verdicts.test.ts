/**
 * Verdicts come only from the SES event (issue "Never lose a message", item 6): headers a sender writes into the
 * message itself (X-SES-*-Verdict, Authentication-Results) change nothing in the ingest path.
 */
import { describe, expect, it } from 'vitest';
import type { Verdicts } from '../../shared/domain/verdicts.js';
import { realIngest } from '../support/ingest-harness.js';

const PASS: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const FAIL: Verdicts = { spam: 'FAIL', virus: 'PASS', spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' };

const letter = (verdictHeaders: string) =>
  `From: Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>\r\nTo: griffie@heemstede.nl\r\nSubject: Brief aan de gemeenteraad over de Binnenweg\r\n` +
  `Date: Mon, 2 Feb 2026 09:00:00 +0100\r\nMessage-ID: <spoof@glipzuid.example>\r\n${verdictHeaders}\r\n` +
  'Geachte griffier,\r\n\r\nWilt u bijgaande brief doorsturen aan alle leden van de gemeenteraad? Wij maken ons zorgen over de verkeersveiligheid op de Binnenweg.\r\n\r\nMet vriendelijke groet,\r\nWijkvereniging Glip-Zuid\r\n';

const SPOOFED_PASS =
  'X-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\nReceived-SPF: pass\r\n' +
  'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=glipzuid.example; dkim=pass header.i=@glipzuid.example; dmarc=pass header.from=glipzuid.example\r\n';
const SPOOFED_FAIL = 'X-SES-Spam-Verdict: FAIL\r\nX-SES-Virus-Verdict: FAIL\r\nAuthentication-Results: amazonses.com; spf=fail; dkim=fail; dmarc=fail\r\n';

const ingestOne = async (raw: string, verdicts: Verdicts) => {
  const { ingest, rawMail, letters } = realIngest();
  await rawMail.put('inbound/m-1', Buffer.from(raw));
  const outcome = await ingest({ messageId: 'm-1', objectKey: 'inbound/m-1', verdicts });
  return { outcome, letter: await letters.get('m-1') };
};

describe('verdicts in the message itself', () => {
  it('a message claiming PASS in its own headers is spam when the SES event says spam FAIL', async () => {
    // Act
    const spoofed = await ingestOne(letter(SPOOFED_PASS), FAIL);
    const plain = await ingestOne(letter(''), FAIL);
    // Assess
    expect(spoofed.outcome).toMatchObject({ kind: 'stored', category: 'spam' });
    expect(spoofed.letter?.verdicts).toEqual(FAIL);
    expect(spoofed.letter?.category).toBe(plain.letter?.category);
    expect(spoofed.letter?.forward).toBe(false);
  });

  it('a message claiming FAIL in its own headers is judged on the SES event’s PASS, like the same letter without them', async () => {
    // Act
    const spoofed = await ingestOne(letter(SPOOFED_FAIL), PASS);
    const plain = await ingestOne(letter(''), PASS);
    // Assess
    expect(spoofed.outcome.kind).toBe('stored');
    expect(spoofed.letter?.category).not.toBe('spam');
    expect(spoofed.letter?.category).toBe(plain.letter?.category);
    expect(spoofed.letter?.verdicts).toEqual(PASS);
  });
});
