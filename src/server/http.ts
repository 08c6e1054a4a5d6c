import type { Request, Response } from 'restify';
import { readCapped } from '../channels/download.js';

/** Every HTTP error we send: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message },
});

export const sendError = (res: Response, status: number, code: string, message: string): void => {
  res.header('content-type', 'application/json; charset=utf-8');
  res.send(status, errorBody(code, message));
};

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; code: string; message: string };

const isJsonType = (header: string | undefined): boolean => {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]{1,100}\+json$/.test(type);
};

/**
 * Deepest nesting of arrays and objects a body may have. An activity nests a dozen levels (an
 * Adaptive Card in an attachment included); user data nested thousands deep would overflow every
 * recursive reader and writer after it, botbuilder's and ours.
 */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays and objects deeper than `max` (walked without recursion). */
export const isDeeperThan = (value: unknown, max: number): boolean => {
  const stack: [unknown, number][] = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
};

/** Bytes of a request body we read at most past the limit before hanging up on the sender. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

/** Leaves a refused body unread without buffering it, then closes the connection. */
const drainAndClose = (req: Request, res: Response): void => {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT) req.destroy();
  });
  req.on('error', () => req.destroy());
  res.on('finish', () => setTimeout(() => req.destroy(), 2_000).unref());
  req.resume();
};

/**
 * Reads a JSON body up to `limit` bytes: 415 when it is not JSON, 413 when it is too large (decided
 * on Content-Length before reading when the sender declares it), 400 for invalid UTF-8 or JSON,
 * or nesting deeper than MAX_JSON_DEPTH.
 */
export const readJsonBody = async (
  req: Request,
  res: Response,
  limit: number,
): Promise<BodyResult> => {
  if (!isJsonType(req.headers['content-type'])) {
    drainAndClose(req, res);
    return {
      ok: false,
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the body as application/json',
    };
  }
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    code: 'payload_too_large',
    message: `the body is larger than ${limit} bytes`,
  };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    res.header('connection', 'close');
    drainAndClose(req, res);
    return tooLarge;
  }
  let body: Buffer | null;
  try {
    // the iterator leaves the request open past the limit: drainAndClose lets the sender read our 413
    body = await readCapped(req.iterator({ destroyOnReturn: false }), limit);
  } catch {
    return { ok: false, status: 400, code: 'aborted', message: 'the body was not received whole' };
  }
  if (!body) {
    res.header('connection', 'close');
    drainAndClose(req, res);
    return tooLarge;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // TextDecoder throws a TypeError for invalid bytes; that is the client's mistake
    return { ok: false, status: 400, code: 'invalid_utf8', message: 'the body is not valid UTF-8' };
  }
  if (text.trim() === '') {
    return { ok: false, status: 400, code: 'empty_body', message: 'the body is empty' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the input; the client gets a plain statement instead
    return { ok: false, status: 400, code: 'invalid_json', message: 'the body is not valid JSON' };
  }
  if (isDeeperThan(value, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      status: 400,
      code: 'too_deep',
      message: `the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    };
  }
  return { ok: true, value };
};
