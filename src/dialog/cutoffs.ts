/**
 * Where the dialogue draws its lines on the ranking's calibrated confidence (the share of belief
 * on a cause; src/learn fits the temperature so that it tracks how often the top cause is right).
 */
export const CUTOFFS = {
  /** The top cause is this sure: answer with its steps, ask nothing more. */
  resolveAt: 0.8,
  /** After answers, with no question worth asking left, this is sure enough to resolve. */
  resolveWithoutQuestionsAt: 0.5,
  /** Below this the headline says several causes fit rather than "most likely". */
  likelyAt: 0.3,
  /** No status code and no cause this sure: ask for the code first. */
  askCodeBelow: 0.4,
  /** "Did you mean": offered when the top two are closer than this ... */
  didYouMeanGap: 0.1,
  /** ... the second has at least this share ... */
  didYouMeanMin: 0.15,
  /** ... listing the causes within this of the top. */
  didYouMeanWithin: 0.15,
  /** Below this expected information gain (bits) a question is not worth the user's time. */
  askMinGain: 0.08,
  /** A question is chosen among the causes with at least this share ... */
  askAmongMin: 0.01,
  /** ... at most this many of them. */
  askAmongTop: 8,
} as const;
