/**
 * Where the dialogue draws its lines on the ranking's calibrated confidence (the share of belief
 * on a cause; src/learn fits the temperature so that it tracks how often the top cause is right).
 */
export const CUTOFFS = {
  /**
   * The top cause is this sure: answer with its steps, ask nothing more. Held out in 10 folds
   * (`npm run eval -- --reliability`), a top cause at 0.8-0.9 was right for 82% of samples and 86%
   * of cases, above 0.9 for 97% and 95%: only the latter is sure enough to stop asking.
   */
  resolveAt: 0.9,
  /** After answers, with no question worth asking left, this is sure enough to resolve. */
  resolveWithoutQuestionsAt: 0.5,
  /** Below this the headline says several causes fit rather than "most likely". */
  likelyAt: 0.3,
  /**
   * No status code, no fact, and no cause this sure: ask for the code first (held out, a top cause
   * below 0.65 was right for about half of the samples).
   */
  askCodeBelow: 0.65,
  /** "Did you mean": offered when the top two are closer than this ... */
  didYouMeanGap: 0.1,
  /** ... the second has at least this share ... */
  didYouMeanMin: 0.15,
  /** ... listing the causes within this of the top. */
  didYouMeanWithin: 0.15,
  /**
   * Below this expected information gain (bits) a question is not worth the user's time. Held out
   * in 10 folds (`npm run eval -- --answers 1`), 0.04 rather than 0.08 took top-1 after one
   * simulated answer on the real cases from 87.3% to 89.1% (dev unchanged at 88.2%): a leader
   * near 0.75 with no big question left is still worth one small one.
   */
  askMinGain: 0.04,
  /** A question is chosen among the causes with at least this share ... */
  askAmongMin: 0.01,
  /** ... at most this many of them. */
  askAmongTop: 8,
} as const;
