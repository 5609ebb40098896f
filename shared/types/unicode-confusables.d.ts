// unicode-confusables ships its typings under a misspelt name (index.ts.d); this is the part Raadspost uses.
declare module 'unicode-confusables' {
  /** Each code point replaced by its prototype from Unicode's confusables.txt (UTS #39), zero-width characters dropped. */
  export function rectifyConfusion(value: string): string;
  export function isConfusing(value: string): boolean;
}
