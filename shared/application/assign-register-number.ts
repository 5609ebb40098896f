import { registerNumber, registerScope, type RegisterNumber, type RegisterScheme } from '../domain/approval.js';
import type { Letter } from '../domain/letter.js';
import type { LetterRepository, RegisterCounter } from '../ports.js';

export interface AssignRegisterNumberDeps {
  readonly letters: LetterRepository;
  readonly counter: RegisterCounter;
  readonly scheme: RegisterScheme;
}

export type AssignRegisterNumber = (letter: Letter, decidedAt: Date) => Promise<RegisterNumber>;

/**
 * Gives an approved letter the next number on the lijst ingekomen stukken, once.
 *
 * The counter (`COUNTER#ingekomen-stukken#<year>`, an atomic ADD) and the letter are two items: the number is
 * taken first, then stored on the letter only if it has none yet. Both the approval page and the forward
 * function call this, so a crash between the two writes is repaired by the forward (which finds no number and
 * takes one). The price: a number taken by a run that died before storing it, or by a run that lost the race
 * to store one, is never used; the lijst then has a gap. Gaps are rare and visible; a number used twice is
 * impossible.
 */
export const makeAssignRegisterNumber =
  ({ letters, counter, scheme }: AssignRegisterNumberDeps): AssignRegisterNumber =>
  async (letter, decidedAt) => {
    if (letter.registerNumber) return letter.registerNumber;
    const scope = registerScope(decidedAt, scheme);
    const number = registerNumber(scope, await counter.next(scope));
    const result = await letters.assignRegisterNumber(letter.id, number, [
      { at: decidedAt.toISOString(), event: 'nummer ingekomen stuk toegekend', detail: number.label },
    ]);
    if (result === 'assigned') return number;
    const current = (await letters.get(letter.id))?.registerNumber;
    if (!current) throw new Error(`letter ${letter.id} reported a register number but has none`);
    return current;
  };
