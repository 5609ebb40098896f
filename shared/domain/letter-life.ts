/**
 * The life of a message in Raadspost, declared once: its statuses and every change the record can make. The domain
 * reads it (may this happen?), the DynamoDB repository builds its condition expressions from it, and the in-memory
 * fake checks the same entries, so the two cannot drift (test/support/letter-repository-contract.ts runs one suite
 * against both). Pure.
 *
 *   (received) --register--> awaiting_approval --decide--> approved --claimForward--> forwarding --completeForward--> forwarded
 *                        |                        \--decide--> rejected          ^        |
 *                        |                                                       |        +--failForward--> forward_failed
 *                        |                                                       +------------claimForward------+
 *                        +--> filed        not a letter to the council: kept on record; the griffie may correct that
 *                        |                   (daily overview): --submitToCouncil--> awaiting_approval, or --markWoo--> filed
 *                        +--> quarantined  could not be handled (raw kept); --replaceQuarantined--> any of these again
 *                        +--> duplicate    the same letter again (a retry, a second address): linked to the first
 *                        +--> in_campaign  a campaign letter (same text, another resident): counted with the first,
 *                                          only while the first is in CAMPAIGN_OPEN_STATUSES
 */

export const LETTER_STATUSES = [
  'awaiting_approval',
  'filed',
  'quarantined',
  'duplicate',
  'in_campaign',
  'approved',
  'rejected',
  'forwarding',
  'forwarded',
  'forward_failed',
] as const;

export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** How a message can first be recorded. */
export const INITIAL_STATUSES = ['awaiting_approval', 'filed', 'quarantined', 'duplicate', 'in_campaign'] as const satisfies readonly LetterStatus[];

/**
 * Every change of status the record can make: the statuses it may start from and those it leads to. A change is one
 * conditional write on `from` (the record's current status must be one of them).
 */
export const LETTER_CHANGES = {
  /** Reprocessing a quarantined message records it anew. */
  replaceQuarantined: { from: ['quarantined'], to: INITIAL_STATUSES },
  /** The griffie puts a filed message before the council after all (the daily overview's "Voorleggen aan de raad"). */
  submitToCouncil: { from: ['filed'], to: ['awaiting_approval'] },
  /** The griffie marks a filed message as the Woo request the classifier missed: it stays filed, with its Woo term. */
  markWoo: { from: ['filed'], to: ['filed'] },
  /** The griffier's decision (first one wins). */
  decide: { from: ['awaiting_approval'], to: ['approved', 'rejected'] },
  /** The forward starts, starts again after a failure, or takes over a run that died (`forwarding` older than the lease). */
  claimForward: { from: ['approved', 'forward_failed', 'forwarding'], to: ['forwarding'] },
  /** Each sent batch is recorded while forwarding. */
  recordForwardBatch: { from: ['forwarding'], to: ['forwarding'] },
  completeForward: { from: ['forwarding'], to: ['forwarded'] },
  failForward: { from: ['forwarding'], to: ['forward_failed'] },
} as const satisfies Record<string, { readonly from: readonly LetterStatus[]; readonly to: readonly LetterStatus[] }>;

export type LetterChange = keyof typeof LETTER_CHANGES;

/** Whether `change` may start from `status`. */
export const mayChange = (change: LetterChange, status: LetterStatus): boolean => (LETTER_CHANGES[change].from as readonly LetterStatus[]).includes(status);

/** Whether some change leads from `from` to `to`. */
export const canTransition = (from: LetterStatus, to: LetterStatus): boolean =>
  Object.values(LETTER_CHANGES).some((c) => (c.from as readonly LetterStatus[]).includes(from) && (c.to as readonly LetterStatus[]).includes(to) && from !== to);

/**
 * The statuses in which a campaign's first letter takes more residents' letters: while it is being handled or once
 * it was approved (forward_failed was approved; the reconciler sends it again). A rejected, filed or quarantined
 * letter never does: a later letter with its text is a letter of its own (else an attacker could lead a campaign
 * with a poisoned copy and have the real residents' letters counted with the one the griffier rejected).
 */
export const CAMPAIGN_OPEN_STATUSES = ['awaiting_approval', 'approved', 'forwarding', 'forwarded', 'forward_failed'] as const satisfies readonly LetterStatus[];

/** Whether a campaign led by a letter in `status` takes more letters. */
export const campaignOpen = (status: LetterStatus): boolean => (CAMPAIGN_OPEN_STATUSES as readonly LetterStatus[]).includes(status);
