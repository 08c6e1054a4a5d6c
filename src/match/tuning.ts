/**
 * The ranking's few constants in one place. Chosen by a sweep over the dev cases and the entries'
 * own samples together (scripts/tune.ts prints the grid and the calibration), not per case.
 */
export const TUNING = {
  /**
   * Softmax temperature turning log-odds into the shown confidence: at 0.6 the stated confidence
   * of the top cause tracks how often it is right (scripts/tune.ts measures it).
   */
  temperature: 0.6,
  /** Log-odds a fully covered symptom phrase adds. */
  phraseWeight: 3.2,
  /** Phrase coverage below this counts as nothing (partial overlaps of common words). */
  coverageFloor: 0.2,
  /** Phrases lighter than this (sum of word idf) count proportionally less. */
  minInformativeMass: 10,
  /** What an adjacent word pair adds on top of its two words. */
  bigramBonus: 0.25,
  /** Facts the reader saw count this much of an answered fact. */
  signalReliability: 0.7,
  /** Log-prior by how often a cause is the answer in the field. */
  prior: { common: 0.3, normal: 0, rare: -0.5 },
};
