/**
 * The event of the functions that work on one recorded letter (forward-letter, acknowledge), as LambdaLetterTrigger
 * sends it; dead-letters reads the same shape back from a failed invoke.
 */
import * as z from './zod.js';

export const LetterEventSchema = z.object({ letterId: z.string().check(z.minLength(1), z.maxLength(200)) });
export type LetterEvent = z.infer<typeof LetterEventSchema>;
