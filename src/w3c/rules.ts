// How a W3C line's codes are judged, declared once: the chat reader (extract/sequences.ts) and
// the scan (its kernel, kernel/handshakes.ts, which gets these numbers and tables through
// kernel/rules.ts, written from this file by scripts/build-kernel.ts) both follow them.
// Built on iis-facts section 6: a normal exchange is 401.2 [-> 401.1] -> 2xx/3xx from one
// client, URL and user agent, its legs about a second apart.

/** Status codes registered for HTTP (RFC 9110 and friends) plus the few IIS-adjacent ones. */
const REGISTERED = [
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
  305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
  416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 440, 449, 451, 500, 501, 502, 503,
  504, 505, 506, 507, 508, 510, 511,
];
const KNOWN = new Set(REGISTERED);

/** True for a registered HTTP status (IIS's 440/449 included); 443, 999 or 0 are not statuses. */
export const isHttpStatus = (n: number): boolean => KNOWN.has(n);

/**
 * A logged win32 value as the number it stands for: 0 to 2^32 - 1 as it is, a negative decimal
 * (an NTSTATUS some logs write signed: -1073741715) as its unsigned value (3221225581, as the
 * knowledge lists it); anything else is no win32 value (null).
 */
export function win32Of(n: number): number | null {
  if (!Number.isSafeInteger(n) || n > 0xffffffff || n < -0x80000000) return null;
  return n < 0 ? n + 0x100000000 : n;
}

/**
 * Legs of one sequence sit within this many seconds of each other. The facts put them about a
 * second apart (most in the same second); W3C times are whole seconds, and a slow client or
 * server stretches a leg, so 5 s. Not a minute: a browser re-authenticates every new connection,
 * and a window of a minute joins unrelated exchanges from one client into one.
 */
export const HANDSHAKE_WINDOW_SEC = 5;

/**
 * win32 values of a 401.1 that are the normal middle leg (0, or SEC_E_NO_CREDENTIALS): any other
 * value logged on a 401.1 is a refused logon (1326, SEC_E_INVALID_TOKEN, an NTSTATUS, ...). The
 * 401.2 that opens an exchange is a challenge whatever its win32 (5, 2148074254, ...).
 */
export const BENIGN_401_1_WIN32 = [0, 2148074254];

/** True for a 401.1 whose logged win32 value says the logon was refused. */
const isFailing401x1 = (win32: number | null): boolean =>
  win32 !== null && !BENIGN_401_1_WIN32.includes(win32);

/** ERROR_LOGON_FAILURE on a 401.1: a wrong password, the material of a password spray. */
export const LOGON_FAILURE = 1326;

/** A sequence this long is a failure pattern, not a handshake: it is closed (bounds memory). */
export const MAX_LEGS = 64;

/** The same failing code from one client this often, outside completed handshakes, repeats. */
export const REPEAT_MIN = 3;

/**
 * The state of an open sequence (for one client + URL + user agent), by its legs so far:
 * ASKED only 401.2 challenges; ANSWERING the last 401.1 was a normal middle leg; REFUSED the last
 * 401.1 was refused; RETRYING a refused 401.1 came earlier, the last one was normal.
 */
export const NONE = 0;
export const ASKED = 1;
export const ANSWERING = 2;
export const REFUSED = 3;
export const RETRYING = 4;

/** What happens to that sequence. */
export const CHALLENGE = 0; // a 401.2
export const ANSWER = 1; // a 401.1 with a benign win32 (or none logged)
export const FAILURE = 2; // a 401.1 with a failing win32
export const SUCCESS = 3; // a 2xx or 3xx
export const LATE = 4; // more than the window after its last leg (or time went back past it)
export const END = 5; // the input ended

/** What the tracker does. */
export const KEEP = 0; // nothing: no sequence changes
export const OPEN = 1; // a new sequence with this leg
export const ADD = 2; // this leg joins the open sequence
export const REOPEN = 3; // the open sequence failed; this leg opens a new one
export const COMPLETE = 4; // the sequence succeeded, with this entry as its last
export const FAIL = 5; // the sequence failed; this entry is not part of it
/** FAIL, unless the sequence is one normal leg: the input may simply stop there (undecided). */
export const SETTLE = 6;

const row = (...cells: [action: number, next: number][]) => cells;
/**
 * TRANSITIONS[state][event] = [action, state after it]. A refused 401.1 ends its exchange: a
 * success right after it is not that exchange's last leg (a new one needs a new challenge or
 * middle leg first), so the sequence failed; a lone refused 401.1 opens none (it is a failure
 * of its client on its own). A 401.2 after a 401.1 starts a new exchange.
 */
export const TRANSITIONS: readonly (readonly [number, number])[][] = [
  //     CHALLENGE         ANSWER              FAILURE          SUCCESS             LATE          END
  row([OPEN, ASKED], [OPEN, ANSWERING], [KEEP, NONE], [KEEP, NONE], [KEEP, NONE], [KEEP, NONE]),
  row(
    [ADD, ASKED],
    [ADD, ANSWERING],
    [ADD, REFUSED],
    [COMPLETE, NONE],
    [FAIL, NONE],
    [SETTLE, NONE],
  ),
  row(
    [REOPEN, ASKED],
    [ADD, ANSWERING],
    [ADD, REFUSED],
    [COMPLETE, NONE],
    [FAIL, NONE],
    [SETTLE, NONE],
  ),
  row([REOPEN, ASKED], [ADD, RETRYING], [ADD, REFUSED], [FAIL, NONE], [FAIL, NONE], [FAIL, NONE]),
  row(
    [REOPEN, ASKED],
    [ADD, RETRYING],
    [ADD, REFUSED],
    [COMPLETE, NONE],
    [FAIL, NONE],
    [FAIL, NONE],
  ),
];

/** How a sequence ended, by the state it ended in. */
export const NEGOTIATE = 1; // completed in one round trip (Kerberos / Negotiate)
export const NTLM = 2; // completed with a 401.1 middle leg
export const NO_ANSWER = 3; // failed: the client never answered the challenge
export const ABANDONED = 4; // failed after the server's 401.1 middle leg
export const REJECTED = 5; // failed: a 401.1 was refused

/** COMPLETED_AS[state], FAILED_AS[state]: the outcome of a sequence closed in that state. */
export const COMPLETED_AS = [0, NEGOTIATE, NTLM, NTLM, NTLM];
export const FAILED_AS = [0, NO_ANSWER, ABANDONED, REJECTED, REJECTED];

/** The event a 401 leg is (status 401, substatus 1 or 2), or -1 for any other entry. */
export function legEvent(status: number | null, sub: number | null, win32: number | null): number {
  if (status !== 401) return -1;
  if (sub === 2) return CHALLENGE;
  if (sub === 1) return isFailing401x1(win32) ? FAILURE : ANSWER;
  return -1;
}

/** True for an entry that can complete a sequence (2xx, 3xx). */
export const isSuccess = (status: number | null): boolean =>
  status !== null && status >= 200 && status < 400;
