import { UNKNOWN_VERDICTS, type VerdictStatus, type Verdicts } from '../domain/verdicts.js';
import { readHeaderBlock } from '../raw-headers.js';

/**
 * Verdicts for a message read from a file (the CLI has no SES event): taken from the header block that SES
 * prepends on receipt (`X-SES-Spam-Verdict`, `X-SES-Virus-Verdict`, `Authentication-Results: amazonses.com; ...`),
 * or, for mail saved from another receiving server, from the topmost `Authentication-Results` (the one that server
 * added last). Only the first occurrence counts: a receiver writes above the sender's own headers.
 * A file that never passed SES gets DISABLED (unknown) verdicts, unless its sender wrote such headers itself:
 * good enough for offline classification; the pipeline itself takes verdicts from the event.
 */
export function verdictsFromSesHeaders(raw: Uint8Array): Verdicts {
  const headers = readHeaderBlock(raw);
  const first = (name: string): string | null => headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const results = headers.filter((h) => h.name.toLowerCase() === 'authentication-results');
  const auth = (results.find((h) => /^amazonses\.com\s*;/i.test(h.value)) ?? results[0])?.value ?? null;
  const spam = first('x-ses-spam-verdict');
  const virus = first('x-ses-virus-verdict');
  if (spam === null && virus === null && auth === null) return UNKNOWN_VERDICTS;
  const method = (key: string): VerdictStatus => {
    const value = new RegExp(`\\b${key}=([a-z]+)`, 'i').exec(auth ?? '')?.[1]?.toLowerCase();
    if (value === undefined) return 'DISABLED';
    if (value === 'pass') return 'PASS';
    if (value === 'fail' || value === 'hardfail') return 'FAIL';
    return 'GRAY'; // softfail, neutral, none, temperror, permerror
  };
  return { spam: verdict(spam), virus: verdict(virus), spf: method('spf'), dkim: method('dkim'), dmarc: method('dmarc') };
}

const verdict = (value: string | null): VerdictStatus => {
  const upper = value?.trim().toUpperCase();
  return upper === 'PASS' || upper === 'FAIL' || upper === 'GRAY' || upper === 'PROCESSING_FAILED' ? upper : 'DISABLED';
};
