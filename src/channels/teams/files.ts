import type { lookup as dnsLookup } from 'node:dns';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { BlockList, LookupFunction } from 'node:net';
import { guardedLookup, isRefusedAddress, REFUSED_ADDRESS } from '../address-guard.js';
import { readCapped } from '../download.js';
/** Files sent to the bot in a Teams personal chat: find them, download them with a cap, decode them. */

export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.file.download.info';

export interface TeamsFile {
  name: string;
  downloadUrl: string;
  fileType: string | null;
}

export type DownloadResult =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'too-large'; limit: number; size: number | null }
  | { kind: 'failed'; reason: string };

/** Fetches a pre-authenticated download URL, stopping once `limit` bytes are passed. Injectable. */
export type Downloader = (url: string, limit: number) => Promise<DownloadResult>;

const REFUSED_REASON = 'the download link leads to a private or local address';

interface AttachmentLike {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

/** The file attachments of an activity (Teams' file.download.info), at most `max`. */
export const teamsFiles = (
  attachments: readonly AttachmentLike[] | undefined,
  max = 3,
): TeamsFile[] =>
  (attachments ?? [])
    .filter((a) => a.contentType === FILE_INFO_CONTENT_TYPE)
    .flatMap((a) => {
      const c = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
      return typeof c.downloadUrl === 'string'
        ? [
            {
              name: typeof a.name === 'string' ? a.name.slice(0, 200) : 'file',
              downloadUrl: c.downloadUrl,
              fileType: typeof c.fileType === 'string' ? c.fileType.slice(0, 20) : null,
            },
          ]
        : [];
    })
    .slice(0, max);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Redirects followed at most; each hop's URL is checked like the first. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Checked = { ok: true; url: URL } | { ok: false; reason: string };

export interface DownloaderOptions {
  /** http on loopback too (local runs and tests). */
  allowLoopbackHttp: boolean;
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
const get = (url: URL, signal: AbortSignal, lookup?: LookupFunction): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsGet : httpGet;
    const req = send(url, { signal, agent: false, ...(lookup ? { lookup } : {}) }, resolve);
    req.once('error', reject);
  });

/**
 * A downloader: https only (plus http on loopback when `allowLoopbackHttp`, for local runs and
 * tests) on every hop of a redirect, refused addresses checked on every hop after DNS, a size cap
 * checked on Content-Length and while streaming, and one timeout over the whole download.
 */
export const createDownloader =
  (options: DownloaderOptions): Downloader =>
  async (url, limit) => {
    const { refuse } = options;
    const lookup = refuse ? guardedLookup(refuse, options.lookup) : undefined;
    const check = (raw: string, base?: URL): Checked => {
      let parsed: URL;
      try {
        parsed = new URL(raw, base);
      } catch {
        return { ok: false, reason: 'the download link is not a URL' };
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
      res = await get(target, signal, lookup);
      for (let hops = 0; REDIRECT_STATUSES.has(res.statusCode ?? 0); hops++) {
        res.destroy();
        const location = res.headers.location;
        if (hops >= MAX_REDIRECTS || location === undefined) {
          return { kind: 'failed', reason: 'the download redirected too often' };
        }
        const next = check(location, target);
        if (!next.ok) return { kind: 'failed', reason: `it redirected: ${next.reason}` };
        target = next.url;
        res = await get(target, signal, lookup);
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        return { kind: 'failed', reason: `the download answered HTTP ${status}` };
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > limit) {
        return { kind: 'too-large', limit, size: declared };
      }
      const bytes = await readCapped(res, limit);
      if (!bytes) {
        return { kind: 'too-large', limit, size: Number.isFinite(declared) ? declared : null };
      }
      return { kind: 'ok', bytes };
    } catch (e) {
      if ((e as { code?: unknown }).code === REFUSED_ADDRESS) {
        return { kind: 'failed', reason: REFUSED_REASON };
      }
      return {
        kind: 'failed',
        reason: signal.aborted
          ? 'the download took too long'
          : `the download failed (${(e as Error).name})`,
      };
    } finally {
      res?.destroy();
    }
  };
