import type { MailAddress } from './mail.js';

/** The eight kinds of mail the griffie receives. The list is a contract of the CLI: do not rename. */
export const CATEGORIES = [
  'advocacy_letter',
  'citizen_letter',
  'invitation',
  'newsletter',
  'woo_request',
  'council_business',
  'auto_reply',
  'spam',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** The categories in the griffie's words (pages, mails, the lijst ingekomen stukken). */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  advocacy_letter: 'brief van een organisatie',
  citizen_letter: 'brief van een inwoner',
  invitation: 'uitnodiging',
  newsletter: 'nieuwsbrief',
  woo_request: 'Woo-verzoek',
  council_business: 'raadszaken / eigen organisatie',
  auto_reply: 'automatisch bericht',
  spam: 'spam of phishing',
};

export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/** Letters to the council: the griffier may forward these to the raadsleden after approval. */
export const isForwardable = (category: Category): boolean =>
  category === 'advocacy_letter' || category === 'citizen_letter';

/**
 * Why a letter is proposed for forwarding, as the griffier understands it (the page words each one): not signal
 * names but the grounds a griffie uses.
 */
export const LETTER_GROUNDS = [
  'addressed_to_council',
  'asks_distribution',
  'asks_council',
  'letter_in_attachment',
  'on_behalf_of_members',
  'organisation',
  'resident',
  'personal_capacity',
  'passed_on',
] as const;

export type LetterGround = (typeof LETTER_GROUNDS)[number];

export interface Classification {
  readonly category: Category;
  /** 0..1: how clearly the signals point at this category. */
  readonly confidence: number;
  /** True exactly for advocacy_letter and citizen_letter. */
  readonly forward: boolean;
  /** Short Dutch phrases naming the signals that decided it. */
  readonly reasons: readonly string[];
  /** The sending organisation's name, when there is one. */
  readonly organisation: string | null;
  /** Topics from a fixed list (wonen, zorg, bereikbaarheid, ...). */
  readonly topics: readonly string[];
  /**
   * Who wrote the letter: the From, or, when someone only passed it on, the original author (of a forward by a
   * colleague or secretary, or the person in a web form). Absent in classifications made before this was known.
   */
  readonly author?: MailAddress | null;
  /** Who passed the letter on ("doorgestuurd door") when someone else wrote it; null when the sender wrote it. */
  readonly forwardedBy?: MailAddress | null;
  /** For a letter to the council: the grounds for proposing it, most telling first. */
  readonly grounds?: readonly LetterGround[];
}
