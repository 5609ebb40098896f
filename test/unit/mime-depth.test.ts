import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MimeDepthScanner, mimeDepth } from '../../shared/adapters/mailparser-mime-parser.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { deeplyNestedMail, hugeHeaderMail, manyPartsMail } from '../support/hostile-mail.js';
import { sharedMaterial } from '../support/shared-material.js';

/**
 * The depth scan as it was first written: the regex over the latin1 text, chunk by chunk. The byte scanner that
 * replaced it (it decodes and matches only the lines that can start a match) must count exactly the same.
 */
const MIME_STRUCTURE =
  /^(?:content-type:|[ \t])[^\n]*?\bboundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))|^--([^\r\n]{1,200})|^content-type:\s*message\/rfc822/gim;

class ReferenceScanner {
  private readonly open: string[] = [];
  private deepest = 0;
  private carry = '';

  constructor(private readonly limit: number) {}

  push(text: string): number {
    if (this.deepest > this.limit) return this.deepest;
    const all = this.carry + text;
    const cut = all.lastIndexOf('\n') + 1;
    if (cut > 0) this.scan(all.slice(0, cut));
    this.carry = all.slice(cut);
    if (this.carry.length > 64 * 1024) this.carry = this.carry.slice(-4 * 1024);
    return this.deepest;
  }

  end(text = ''): number {
    const rest = this.carry + text;
    if (rest !== '' && this.deepest <= this.limit) this.scan(rest);
    this.carry = '';
    return this.deepest;
  }

  private scan(text: string): void {
    const open = this.open;
    for (const match of text.matchAll(MIME_STRUCTURE)) {
      const declared = match[1] ?? match[2];
      if (declared !== undefined) open.push(declared);
      else if (match[3] !== undefined) {
        const line = match[3].trimEnd();
        let at = open.lastIndexOf(line);
        let closing = false;
        if (at < 0 && line.endsWith('--')) {
          at = open.lastIndexOf(line.slice(0, -2));
          closing = at >= 0;
        }
        if (at >= 0) open.length = closing ? at : at + 1;
      } else open.push('\u0000message');
      this.deepest = Math.max(this.deepest, open.length);
      if (this.deepest > this.limit) break;
    }
  }
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Messages with every shape the scan meets: fixtures, the robustness and labelled corpora when there, hostile mail, edge cases. */
function messages(): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const walk = (dir: string | null) => {
    if (!dir) return;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(eml|txt)$/.test(name)) out.push([file, readFileSync(file)]);
    }
  };
  walk(path.join(REPO_ROOT, 'test/fixtures'));
  walk(sharedMaterial('corpus', 'robustness'));
  walk(sharedMaterial('corpus', 'labelled'));
  out.push(['nested-60', Buffer.from(deeplyNestedMail(60))], ['parts', Buffer.from(manyPartsMail(500))], ['header', Buffer.from(hugeHeaderMail(100_000))]);
  const edge = [
    // A boundary parameter folded over lines, with whitespace and the = on lines of their own.
    'Content-Type: multipart/mixed;\r\n boundary\r\n =\r\n "x"\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\n--x--\r\n',
    // Lone CRs start lines for /m as well.
    'content-type:\n\n\n   message/rfc822\r\n--a\r--b\rContent-Type: multipart/x; boundary=b\r--b\r\n',
    // No-break spaces (whitespace to \s), values longer than 200 characters.
    '\tfoo BOUNDARY = \u00a0\u00a0\n\n  =  \n  ' + 'v'.repeat(300) + '\n--' + 'v'.repeat(200) + '\n',
    ' x boundary=' + 'q'.repeat(250) + ';\n-- \n--\n---\n',
    'CONTENT-TYPE: Message/RFC822\n cOnTeNt-TyPe: multipart; boundary="' + 'z'.repeat(199) + '"\n--' + 'z'.repeat(199) + '--\n',
    'Content\rType: x\n-\n--a\r\n',
    // A line longer than the carry limit of the stream.
    'Content-Type: multipart/mixed; boundary="L"\n' + 'y'.repeat(70_000) + '\n--L\nContent-Type: message/rfc822\n\n--L--\n',
  ];
  for (const text of edge) out.push(['edge', latin1(text)]);
  return out;
}

/** `raw` with line-level damage: stray line ends, boundaries, parameters. */
function damaged(raw: Buffer, seed: number): Buffer {
  let x = seed;
  const next = (n: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const pieces = ['\r\n', '\n', '\r', ' ', '\t', '--', 'Content-Type: multipart/mixed; boundary="', '"', 'boundary=', 'content-type: message/rfc822', '\u00a0', '=', '--b0', '--b1--'];
  const chars = raw.toString('latin1').split('');
  for (let i = 0; i < 40; i++) chars.splice(next(chars.length + 1), next(3), pieces[next(pieces.length)] as string);
  return latin1(chars.join(''));
}

describe('MimeDepthScanner', () => {
  it('counts what the regex over the whole text counted', () => {
    // Prepare
    const all = messages();
    const inputs = [...all, ...all.filter(([, raw]) => raw.length < 200_000).flatMap(([name, raw], i) => [[`${name}~`, damaged(raw, i + 1)] as [string, Buffer]])];
    // Act + Assess
    for (const [name, raw] of inputs) {
      for (const limit of [100, 2]) expect(mimeDepth(raw, limit), name).toBe(new ReferenceScanner(limit).end(raw.toString('latin1')));
    }
    expect(inputs.length).toBeGreaterThan(40);
  });

  it('counts what the regex counted chunk by chunk, whatever the chunk size', () => {
    // Prepare
    const inputs = messages().filter(([, raw]) => raw.length < 300_000);
    for (const [name, raw] of inputs) {
      // (one push of the whole message: the byte scan over all complete lines, also where end() alone would use the regex)
      for (const size of raw.length < 20_000 ? [1, 7, 256, raw.length] : [997, 16_384, raw.length]) {
        const reference = new ReferenceScanner(100);
        const scanner = new MimeDepthScanner(100);
        const expected: number[] = [];
        const got: number[] = [];
        // Act
        for (let at = 0; at < raw.length; at += size) {
          const chunk = raw.subarray(at, at + size);
          expected.push(reference.push(chunk.toString('latin1')));
          got.push(scanner.push(chunk));
        }
        expected.push(reference.end());
        got.push(scanner.end());
        // Assess
        expect(got, `${name} in chunks of ${size}`).toEqual(expected);
      }
    }
  }, 60_000);

  it('stops at the limit', () => {
    // Act + Assess
    expect(mimeDepth(deeplyNestedMail(5000), 100)).toBe(101);
    const scanner = new MimeDepthScanner(10);
    expect(scanner.push(deeplyNestedMail(50))).toBe(11);
  });
});
