/**
 * Confidence as the griffier reads it: "hoog" or "twijfel", never a percentage that sounds more certain than it is.
 * The threshold is where the labelled sets' accuracy drops (see `raadspost score`'s reliability table).
 */
export type ConfidenceLevel = 'hoog' | 'twijfel';

/** Below this the classification is shown (and the approval mail's subject marked) as "twijfel". */
export const CONFIDENT_FROM = 0.8;

export const confidenceLevel = (confidence: number): ConfidenceLevel => (confidence >= CONFIDENT_FROM ? 'hoog' : 'twijfel');
