/**
 * How Raadspost recognises its own mail when it comes back (quoted in a reply, forwarded by a person, in an
 * out-of-office): every mail it writes (approval mail, forward, overview, acknowledgement) carries one line with
 * RAADSPOST_MARK, and approval links have a recognisable token. Pure.
 */

/** The line in every mail Raadspost writes: `Kenmerk Raadspost: <letter id>`. */
export const RAADSPOST_MARK = 'Kenmerk Raadspost:';
export const RAADSPOST_MARK_PATTERN = /Kenmerk Raadspost:\s*\S/i;

/** An approval link's token: 256 bits as 43 base64url characters in the `t=` parameter (see approval.ts). */
const TOKEN_LENGTH = 43;
const isTokenChar = (char: string | undefined): boolean => char !== undefined && /^[A-Za-z0-9_-]$/.test(char);
/** A line break inside a wrapped link, with what a quoting mail program puts before the next part ("> "). */
const LINE_BREAK = /^[ \t]?\r?\n[> \t]{0,20}/;

/**
 * Whether a text holds an approval link, wherever it points, also when its form changed on the way back:
 * percent-encoded inside a redirect (Safe Links, a tracker: `%3Ft%3D…`, or twice: `%253F`), as quoted-printable
 * source (`t=3D…` with soft line breaks `=` at the line ends), as HTML (`&amp;t=`), or wrapped over lines (a quoting
 * mail program puts "> " before the next part). The token must be exactly 43 characters: it ends at a character that
 * cannot be in a token or at a line break.
 * @example containsApprovalLink(`https://eu.safelinks.example/?url=https%3A%2F%2Fraad.example%2F%3Ft%3D${token}`) // true
 */
export const containsApprovalLink = (text: string): boolean => variants(text).some(hasToken);

/** The text as written, quoted-printable decoded, and each of those percent- and entity-decoded. */
const variants = (text: string): string[] => {
  const found = [text];
  if (/=\r?\n|=[0-9A-F]{2}/.test(text)) {
    found.push(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))));
  }
  for (const variant of [...found]) {
    if (!/%[0-9a-f]{2}|&(amp|#\d+|#x[0-9a-f]+);/i.test(variant)) continue;
    let decoded = variant;
    // Twice-encoded links (a redirect inside a redirect) need a second round; three is the most seen.
    for (let round = 0; round < 3; round++) decoded = decoded.replace(/%([0-9a-f]{2})/gi, asciiOf).replace(/&(amp|#\d+|#x[0-9a-f]+);/gi, entity);
    found.push(decoded);
  }
  return found;
};

/** A printable ASCII character for its hex code; anything else stays encoded. */
const asciiOf = (whole: string, hex: string): string => {
  const code = Number.parseInt(hex, 16);
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : whole;
};

const entity = (whole: string, name: string): string => {
  if (name.toLowerCase() === 'amp') return '&';
  const code = name.toLowerCase().startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : whole;
};

const hasToken = (text: string): boolean => {
  for (const match of text.matchAll(/[?&]t=/g)) {
    let at = match.index + match[0].length;
    let length = 0;
    while (length < TOKEN_LENGTH) {
      if (isTokenChar(text[at])) {
        length++;
        at++;
        continue;
      }
      const wrapped = LINE_BREAK.exec(text.slice(at, at + 24));
      if (!wrapped || !isTokenChar(text[at + wrapped[0].length])) break;
      at += wrapped[0].length;
    }
    if (length === TOKEN_LENGTH && !isTokenChar(text[at])) return true;
  }
  return false;
};
