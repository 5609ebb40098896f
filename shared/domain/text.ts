/** Small text helpers shared by the record, the page, the mail and the forward. Pure. */

/**
 * Characters that show nothing or change how the text around them shows: format characters (bidi controls such as
 * U+202E, zero-width characters, BOM, soft hyphen, tag characters), the other default-ignorable code points
 * (variation selectors, Hangul fillers) and the blank Braille pattern. An emoji keeps its own joiners and
 * presentation selectors ("❤️", "👩‍💻"): only there do they do what they are for.
 */
const INVISIBLE =
  /(?<![\p{Extended_Pictographic}0-9#*])[\uFE0E\uFE0F]|(?<!\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D|(?![\u200D\uFE0E\uFE0F])[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800\u3164\u115F\u1160\uFFA0]/gu;

/** Calls `onRemoved` with the offset in the result of every invisible character taken out. */
const remove = (value: string, onRemoved: (at: number) => void): string => {
  let removedLength = 0;
  return value.replace(INVISIBLE, (match: string, offset: number) => {
    onRemoved(offset - removedLength);
    removedLength += match.length;
    return '';
  });
};

/** The text without invisible characters, and how many there were. */
export const withoutFormatCharacters = (value: string): { readonly value: string; readonly removed: number } => {
  let removed = 0;
  const cleaned = remove(value, () => removed++);
  return { value: cleaned, removed };
};

/** The text without invisible characters, and where (offsets into the result) they were. */
export const withoutInvisibleMarked = (value: string): { readonly value: string; readonly marks: readonly number[] } => {
  const marks: number[] = [];
  return { value: remove(value, (at) => marks.push(at)), marks };
};
