import type { lookup as dnsLookup } from 'node:dns';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { BlockList, LookupFunction } from 'node:net';
import { guardedLookup, isRefusedAddress, REFUSED_ADDRESS } from './address-guard.js';

/** Pieces both chat channels (and `triage` on files) use to read a shared log file safely. */

/**
 * Reads a body (a fetch Response's or a Node stream) up to `max` bytes; null when it is longer
 * (leaving the loop cancels the download and closes its connection).
 */
export const readCapped = async (
  body: AsyncIterable<Uint8Array> | null,
  max: number,
): Promise<Buffer | null> => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body ?? []) {
    total += chunk.byteLength;
    if (total > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
};

export type DecodedFile = { kind: 'text'; text: string } | { kind: 'binary' };

/** Bytes -> text: UTF-8 (BOM dropped) or UTF-16 with a BOM (Notepad saves logs that way); NUL bytes in UTF-8 mean not a text log. */
export const decodeLogBytes = (bytes: Uint8Array): DecodedFile => {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  }
  if (bytes.subarray(0, 65_536).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes) };
};

export type DownloadResult =
  /** `type`: the Content-Type the server declared. */
  | { kind: 'ok'; bytes: Uint8Array; type?: string }
  | { kind: 'too-large'; limit: number; size: number | null }
  | { kind: 'failed'; reason: string };

/** Fetches a download URL, stopping once `limit` bytes are passed. Injectable. */
export type Downloader = (
  url: string,
  limit: number,
  headers?: Record<string, string>,
) => Promise<DownloadResult>;

const REFUSED_REASON = 'the download link leads to a private or local address';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Redirects followed at most by default; each hop's URL is checked like the first. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Checked = { ok: true; url: URL } | { ok: false; reason: string };

export interface DownloaderOptions {
  /** http on loopback too (local runs and tests). */
  allowLoopbackHttp?: boolean;
  /** The only origins any hop may reach (Slack's file host: the bot token goes nowhere else). */
  origins?: readonly string[];
  /** Redirects followed at most (default 5). */
  redirects?: number;
  /** Who answers, in the reasons ("Slack answered HTTP 404"; default "the download"). */
  who?: string;
  /**
   * Addresses no hop may reach (with an app id: privateAddresses()), checked on the literal
   * host and on every address DNS gives for a name, as the connection is made.
   */
  refuse?: BlockList;
  /** DNS for the guard (tests). */
  lookup?: typeof dnsLookup;
  timeoutMs?: number;
}

/** One GET on its own connection, answered with the response head (the body still to read). */
const get = (
  url: URL,
  signal: AbortSignal,
  lookup: LookupFunction | undefined,
  headers: Record<string, string> = {},
): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsGet : httpGet;
    const req = send(
      url,
      { signal, agent: false, headers, ...(lookup ? { lookup } : {}) },
      resolve,
    );
    req.once('error', reject);
  });

/**
 * A downloader: https only (plus http on loopback when `allowLoopbackHttp`, for local runs and
 * tests), or only `origins`, on every hop of a redirect, refused addresses checked on every hop
 * after DNS, a size cap checked on Content-Length and while streaming, and one timeout over the
 * whole download.
 */
export const createDownloader =
  (options: DownloaderOptions): Downloader =>
  async (url, limit, headers) => {
    const { refuse, origins } = options;
    const who = options.who ?? 'the download';
    const lookup = refuse ? guardedLookup(refuse, options.lookup) : undefined;
    const check = (raw: string, base?: URL): Checked => {
      let parsed: URL;
      try {
        parsed = new URL(raw, base);
      } catch {
        return { ok: false, reason: 'the download link is not a URL' };
      }
      if (origins) {
        return origins.includes(parsed.origin)
          ? { ok: true, url: parsed }
          : { ok: false, reason: `the link does not point at ${options.who ?? 'an allowed host'}` };
      }
      const isLoopbackHttp =
        options.allowLoopbackHttp && parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
      if (parsed.protocol !== 'https:' && !isLoopbackHttp) {
        return { ok: false, reason: 'the download link is not https' };
      }
      // an IP literal is connected to without DNS: checked here
      if (refuse && isRefusedAddress(refuse, parsed.hostname)) {
        return { ok: false, reason: REFUSED_REASON };
      }
      return { ok: true, url: parsed };
    };
    const first = check(url);
    if (!first.ok) return { kind: 'failed', reason: first.reason };
    const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
    let res: IncomingMessage | undefined;
    try {
      let target = first.url;
      res = await get(target, signal, lookup, headers);
      for (let hops = 0; REDIRECT_STATUSES.has(res.statusCode ?? 0); hops++) {
        res.destroy();
        const location = res.headers.location;
        if (hops >= (options.redirects ?? MAX_REDIRECTS) || location === undefined) {
          return { kind: 'failed', reason: 'the download redirected too often' };
        }
        const next = check(location, target);
        if (!next.ok) return { kind: 'failed', reason: `it redirected: ${next.reason}` };
        target = next.url;
        res = await get(target, signal, lookup, headers);
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        return { kind: 'failed', reason: `${who} answered HTTP ${status}` };
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > limit) {
        return { kind: 'too-large', limit, size: declared };
      }
      const bytes = await readCapped(res, limit);
      if (!bytes) {
        return { kind: 'too-large', limit, size: Number.isFinite(declared) ? declared : null };
      }
      const type = res.headers['content-type'];
      return { kind: 'ok', bytes, ...(type ? { type } : {}) };
    } catch (e) {
      if ((e as { code?: unknown }).code === REFUSED_ADDRESS) {
        return { kind: 'failed', reason: REFUSED_REASON };
      }
      return {
        kind: 'failed',
        reason: signal.aborted
          ? `${who} took too long`
          : `the download failed (${(e as Error).name})`,
      };
    } finally {
      res?.destroy();
    }
  };
