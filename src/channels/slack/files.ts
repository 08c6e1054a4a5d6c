import { createDownloader, decodeLogBytes } from '../download.js';
import type { SlackFile } from './events.js';

export type FileResult =
  | { kind: 'text'; name: string; text: string; bytes: number }
  | { kind: 'too-big'; name: string; bytes: number | null; max: number }
  | { kind: 'unsupported'; name: string; reason: string }
  | { kind: 'failed'; name: string; reason: string };

export interface FileOptions {
  botToken: string;
  maxBytes: number;
  /** Origins the bot token may be sent to (default Slack's file host only). */
  origins?: readonly string[];
  timeoutMs?: number;
}

export const SLACK_FILE_ORIGINS = ['https://files.slack.com'] as const;

const TEXT_TYPES = new Set(['text', 'log', 'csv', 'tsv', 'plain']);
const TEXT_NAME = /\.(log|txt|csv|tsv|w3c)$/i;

/** A log is plain text: by Slack's filetype, its MIME type or its name. */
export const isTextFile = (f: SlackFile): boolean =>
  (f.filetype !== null && TEXT_TYPES.has(f.filetype)) ||
  (f.mimetype?.startsWith('text/') ?? false) ||
  TEXT_NAME.test(f.name);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The message people read for a file that was not read. */
export const describeFileProblem = (r: Exclude<FileResult, { kind: 'text' }>): string => {
  switch (r.kind) {
    case 'too-big':
      return `${r.name} is ${r.bytes === null ? 'over' : `${mb(r.bytes)}, over`} the ${mb(r.max)} I read from a chat. Send the lines around the failing requests (or run \`iis-triage scan\` on the file).`;
    case 'unsupported':
      return `I could not read ${r.name}: ${r.reason}.`;
    case 'failed':
      return `I could not download ${r.name}: ${r.reason}.`;
  }
};

/**
 * Downloads a shared file with the bot token (needs files:read) and decodes it, within the size
 * cap. Every expected failure is a value; network errors are too (the message says what happened).
 */
export const downloadSlackFile = async (
  file: SlackFile,
  options: FileOptions,
): Promise<FileResult> => {
  const name = file.name;
  const max = options.maxBytes;
  if (file.mode === 'external' || file.mode === 'tombstone' || file.mode === 'hidden_by_limit') {
    return { kind: 'unsupported', name, reason: 'it is not stored in Slack' };
  }
  if (!isTextFile(file)) {
    return {
      kind: 'unsupported',
      name,
      reason: 'send IIS logs as plain text (.log or .txt), not compressed or as a document',
    };
  }
  if (file.size !== null && file.size > max)
    return { kind: 'too-big', name, bytes: file.size, max };
  if (!file.url) return { kind: 'failed', name, reason: 'Slack sent no download link' };
  // the token goes to Slack's file host only, and never along a redirect
  const download = createDownloader({
    origins: options.origins ?? SLACK_FILE_ORIGINS,
    redirects: 0,
    who: 'Slack',
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  const got = await download(file.url, max, { Authorization: `Bearer ${options.botToken}` });
  if (got.kind === 'too-large') return { kind: 'too-big', name, bytes: got.size, max };
  if (got.kind === 'failed') return { kind: 'failed', name, reason: got.reason };
  // Without files:read Slack answers 200 with its sign-in page instead of the file.
  if (got.type?.startsWith('text/html') && !/\.html?$/i.test(name)) {
    return {
      kind: 'failed',
      name,
      reason: 'Slack sent a web page instead of the file (is the files:read scope granted?)',
    };
  }
  const decoded = decodeLogBytes(got.bytes);
  if (decoded.kind === 'binary')
    return { kind: 'unsupported', name, reason: 'it is not a text file' };
  return { kind: 'text', name, text: decoded.text, bytes: got.bytes.byteLength };
};
