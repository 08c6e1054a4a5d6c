import { decodeLogBytes, readCapped } from '../download.js';
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

export type DecodedFile = { kind: 'text'; text: string } | { kind: 'binary' };

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

/**
 * A downloader on fetch: https only (plus http on loopback when `allowLoopbackHttp`, for local runs
 * and tests) on every hop of a redirect, a size cap checked on Content-Length and while streaming,
 * and one timeout over the whole download.
 */
export const createDownloader =
  (options: { allowLoopbackHttp: boolean; timeoutMs?: number }): Downloader =>
  async (url, limit) => {
    const check = (raw: string, base?: URL): Checked => {
      let parsed: URL;
      try {
        parsed = new URL(raw, base);
      } catch {
        return { ok: false, reason: 'the download link is not a URL' };
      }
      const isLoopbackHttp =
        options.allowLoopbackHttp && parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
      return parsed.protocol === 'https:' || isLoopbackHttp
        ? { ok: true, url: parsed }
        : { ok: false, reason: 'the download link is not https' };
    };
    const first = check(url);
    if (!first.ok) return { kind: 'failed', reason: first.reason };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
    try {
      let target = first.url;
      let res = await fetch(target, { signal: controller.signal, redirect: 'manual' });
      for (let hops = 0; REDIRECT_STATUSES.has(res.status); hops++) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (hops >= MAX_REDIRECTS || location === null) {
          return { kind: 'failed', reason: 'the download redirected too often' };
        }
        const next = check(location, target);
        if (!next.ok) return { kind: 'failed', reason: `it redirected: ${next.reason}` };
        target = next.url;
        res = await fetch(target, { signal: controller.signal, redirect: 'manual' });
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        return { kind: 'failed', reason: `the download answered HTTP ${res.status}` };
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > limit) {
        await res.body.cancel();
        return { kind: 'too-large', limit, size: declared };
      }
      const bytes = await readCapped(res.body as ReadableStream<Uint8Array>, limit);
      if (!bytes)
        return { kind: 'too-large', limit, size: Number.isFinite(declared) ? declared : null };
      return { kind: 'ok', bytes: Buffer.from(bytes) };
    } catch (e) {
      const aborted = controller.signal.aborted;
      return {
        kind: 'failed',
        reason: aborted
          ? 'the download took too long'
          : `the download failed (${(e as Error).name})`,
      };
    } finally {
      clearTimeout(timer);
    }
  };

/** Bytes -> text (shared with Slack). */
export const decodeFile = decodeLogBytes;
