/**
 * How Raadspost recognises its own mail when it comes back (quoted in a reply, forwarded by a person, in an
 * out-of-office): every mail it writes (approval mail, forward, overview, acknowledgement) carries one line with
 * RAADSPOST_MARK, and approval links have a recognisable token. Pure.
 */

/** The line in every mail Raadspost writes: `Kenmerk Raadspost: <letter id>`. */
export const RAADSPOST_MARK = 'Kenmerk Raadspost:';
export const RAADSPOST_MARK_PATTERN = /Kenmerk Raadspost:\s*\S/i;

/** An approval link: a 256-bit token as `t=` (see approval.ts), wherever it points. */
export const APPROVAL_LINK_PATTERN = /[?&]t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
