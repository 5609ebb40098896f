/**
 * The Woo's term for a request (Wet open overheid, art. 4.4): a decision within four weeks, counted from the day after
 * receipt, once extendable by at most two weeks. The term starts at receipt, so a request the classifier missed
 * loses days until someone marks it: the record keeps the day it was received. Pure.
 */
import { amsterdamDate } from './dutch-time.js';

export interface WooTerm {
  /** The day it was received, in Dutch time (YYYY-MM-DD). */
  readonly receivedOn: string;
  /** The last day of the four weeks (YYYY-MM-DD). */
  readonly decideBy: string;
  /** The last day with the one extension of two weeks (YYYY-MM-DD). */
  readonly extendedTo: string;
}

/** The marking of a filed message as a Woo request, on the record. */
export interface WooMarking extends WooTerm {
  readonly markedAt: string;
  readonly markedBy: string;
}

const addDays = (day: string, days: number): string => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * @example wooTerm('2026-02-02T08:15:00Z') // { receivedOn: '2026-02-02', decideBy: '2026-03-02', extendedTo: '2026-03-16' }
 */
export const wooTerm = (receivedAt: string): WooTerm => {
  const receivedOn = amsterdamDate(receivedAt);
  return { receivedOn, decideBy: addDays(receivedOn, 28), extendedTo: addDays(receivedOn, 42) };
};
