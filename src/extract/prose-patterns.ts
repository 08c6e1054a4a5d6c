/** The patterns of status, substatus and win32 codes written in prose (read by prose.ts). */

// Every pattern below is linear: bounded repetitions of single classes, separated by literals.
export const WIN_AFTER_CODE =
  /^[ \t(,:/-]{0,3}(?:(?:with|and|error|code|status) )?(?:win32 (?:status |error |code )?)?(\d{2,10})\b/i;
export const DOTTED = /(?<![\w.$\u20ac\u00a3/\\:])([1-5]\d\d)\.(0|[1-9]\d{0,2})(?![\w]|[.,]\d)/g;
/** "401.2.5": the log's three columns written with dots. */
export const DOTTED_TRIPLE =
  /(?<![\w.$\u20ac\u00a3/\\:])([1-5]\d\d)\.(0|[1-9]\d{0,2})\.(-?\d{1,10})(?![\w]|[.,]\d)/g;
export const UNIT_AFTER =
  /^\s?(?:%|usd|eur|gbp|dollars?|euros?|ms|msec|seconds?|secs?|kb|mb|gb|mhz|ghz)\b/i;
export const TRIPLE =
  /(?<![\w.:/\\-])([1-5]\d\d)[ \t]{1,3}(0|[1-9]\d{0,4})[ \t]{1,3}(-?\d{1,10})(?![\w.:/\\]|-\d)/g;
export const STATUS_KEY =
  /(?<![\w-])(?:sc-status|http ?status(?: code)?|status code|status)[ \t]{0,3}(?:[:=]|is|was|of)?[ \t]{0,3}"?([1-5]\d\d)(?:\.(0|[1-9]\d{0,2}))?(?![\w]|[.,]\d)/gi;
export const SUB_KEY =
  /(?<![\w-])(?:sc-substatus|http ?sub-?status|sub-?status(?: code)?|sub status|sub-? ?code)[ \t]{0,3}(?:[:=]|is|was|of)?[ \t]{0,3}"?(\d{1,5})\b/gi;
export const WIN_KEY =
  /(?<![\w-])(?:sc-win32-status|win32[- ]?status(?: code)?|win32[- ]?error(?: code)?|win32 code|win32)[ \t]{0,3}(?:[:=]|is|was|of|as)?[ \t]{0,3}(-?0x[0-9a-f]{1,8}|-?\d{1,10}|[A-Z][A-Z0-9_]{3,60})\b/gi;
export const BARE_BEFORE =
  /\b(?:http|error|code|returns?|returned|returning|throws?)[ \t]{1,3}(?:error[ \t]{1,3}|code[ \t]{1,3})?([1-5]\d\d)(?![\w.]|,\d)/gi;
export const BARE_AFTER =
  /(?<![\w.:/$-])([1-5]\d\d)[ \t]{0,3}(?:-[ \t]{0,3}|\()?(errors?|unauthori[sz]ed|forbidden|not found|ok|not modified|access denied|internal server error|service unavailable|bad request|challenges?)\b/gi;
// The auth family written as a word: "`401`", "fails with a 401", "random 401s", "401'ed"
const AUTH_VERB = String.raw`with|a|an|the|gets?|got|getting|returns?|returned|returning|receives?|received|receiving|gives?|gave|giving|throws?|threw|hits?|hitting|sees?|saw|seeing|ends? (?:in|with)|ended (?:in|with)|into|answers?|answered|responds?|responded|yields?|produces?|raises?`;
const AUTH_ADJECTIVE = String.raw`random|intermittent|occasional|sporadic|constant|repeated|endless|multiple|many|some|unexpected|strange|weird|two|three`;
export const AUTH_WORD = new RegExp(
  String.raw`(?:(?:[\x60'"(\[]|\b(?:${AUTH_VERB})[ \t]{1,3}(?:an? |the |another )?(?:(?:${AUTH_ADJECTIVE}) )?)(40[137])(?:'?e?d|s)?(?=[\x60'")\]]|[ \t,;:!?]|\.(?!\d)|$)|(?<![\w.:/$#-])(40[137])(?:'e?d|ed|s)(?!\w))`,
  'gi',
);
export const HEX = /(?<![\w])0x([0-9a-f]{1,8})\b/gi;
export const NAME = /\b(?:SEC_[EI]|ERROR|STATUS|RPC_S|E)_[A-Z0-9_]{2,60}\b/g;
export const BIG_DEC = /(?<![\w.:/-])([234]\d{9})(?![\w]|\.\d)/g;
export const NEG_DEC = /(?<![\w.])-([12]\d{9})(?![\w]|\.\d)/g;
// "error 1326", "net helpmsg 1326", and a number in brackets after the failure it names:
// "logon failure (1326)"
export const ERROR_NUM =
  /\b(?:error(?: code)?|net helpmsg|system error)[ \t]{0,3}[:=#]?[ \t]{0,3}(\d{2,5})\b|\b(?:failure|failed|denied|refused|rejected|locked(?: out)?|disabled|expired)[ \t]{0,3}\((\d{2,5})\)/gi;
export const ERROR_WORD = /(?<![\w.$])([45]\d\d)(?![\w]|[.,]\d)/;
export const SENTENCE_END = /[.!?;]+(?=\s|$)|\n/g;
