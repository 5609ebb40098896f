/**
 * Durations as people write them in a setting or on the command line: `90s`, `10m`, `1h`, `2d`, or `0`.
 * One parser for the CLI's `--older-than` and the reconcile function's RECONCILE_OLDER_THAN.
 */
const UNIT_MS = { s: 1000, m: 60 * 1000, h: 60 * 60 * 1000, d: 24 * 60 * 60 * 1000 } as const;

/** The duration in milliseconds, or undefined when the text is not one (no unit, a fraction, a sign). */
export const parseDuration = (text: string): number | undefined => {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (match) return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return text.trim() === '0' ? 0 : undefined;
};

/** The longest grace period the reconciler accepts: beyond a week it would leave stuck letters stuck. */
export const MAX_GRACE_MS = 7 * UNIT_MS.d;

/** `10m` -> 600000 within 0..7 days, or a message that names the setting and the accepted forms. */
export const parseGrace = (text: string, setting: string): { ok: true; ms: number } | { ok: false; message: string } => {
  const ms = parseDuration(text);
  if (ms === undefined) return { ok: false, message: `${setting} must be a duration such as 10m, 1h or 2d (s, m, h, d; or 0), got "${text}"` };
  if (ms > MAX_GRACE_MS) return { ok: false, message: `${setting} may be at most 7d, got "${text}"` };
  return { ok: true, ms };
};
