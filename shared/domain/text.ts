/** Small text helpers shared by the record, the page, the mail and the forward. Pure. */

/** Format characters: bidi controls (U+202E), zero-width (U+200B, U+2060), BOM (U+FEFF), soft hyphen and the like. */
export const FORMAT_CHARACTER = /\p{Cf}/u;
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** The text without format characters, and how many there were. */
export const withoutFormatCharacters = (value: string): { readonly value: string; readonly removed: number } => {
  let removed = 0;
  const cleaned = value.replace(FORMAT_CHARACTERS, () => {
    removed++;
    return '';
  });
  return { value: cleaned, removed };
};
