/**
 * Cheap checks on a Bot Framework `Authorization` header before botbuilder verifies its signature:
 * a malformed, expired or not-yet-valid token is refused here without fetching signing keys.
 */

/** The signing algorithms botframework-connector accepts. */
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** botframework-connector's clock tolerance for channel tokens. */
const CLOCK_SKEW_SECONDS = 5 * 60;
const BEARER =
  /^Bearer ([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{1,12288})\.([A-Za-z0-9_-]{1,4096})$/;

export type TokenCheck = { ok: true } | { ok: false; reason: string };

const decodePart = (part: string): Record<string, unknown> | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    // not JSON: the caller refuses the token
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
};

/** Shape, algorithm, key id, issuer and lifetime of a bearer JWT (`nowSeconds` = Unix time). */
export const precheckToken = (header: string, nowSeconds: number): TokenCheck => {
  if (header.trim() === '') return { ok: false, reason: 'no Authorization header' };
  const m = BEARER.exec(header);
  if (!m) return { ok: false, reason: 'the Authorization header is not a Bearer JWT' };
  const head = decodePart(m[1]!);
  const claims = decodePart(m[2]!);
  if (!head || !claims) return { ok: false, reason: 'the token is not a JWT' };
  if (typeof head.alg !== 'string' || !ALGORITHMS.has(head.alg)) {
    return { ok: false, reason: 'the token is not signed with an accepted algorithm' };
  }
  if (typeof head.kid !== 'string' || head.kid.length > 256) {
    return { ok: false, reason: 'the token names no signing key' };
  }
  if (typeof claims.iss !== 'string') return { ok: false, reason: 'the token has no issuer' };
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'the token has no expiry' };
  if (claims.exp + CLOCK_SKEW_SECONDS < nowSeconds) {
    return { ok: false, reason: 'the token has expired' };
  }
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > nowSeconds) {
    return { ok: false, reason: 'the token is not valid yet' };
  }
  return { ok: true };
};
