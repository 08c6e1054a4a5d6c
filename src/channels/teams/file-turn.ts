import { noticeReply } from '../bot-seam.js';
import type { Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
import { decodeLogBytes } from '../download.js';
import type { Downloader } from '../download.js';
import type { TeamsFile } from './files.js';

/** 20 MB, 1.5 MB, 4 KB, 900 bytes. */
export const sizeText = (n: number): string => {
  const mb = n / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb)} MB`;
  if (mb >= 1) return `${mb.toFixed(1)} MB`;
  return n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
};

export interface FileTurnDeps {
  download: Downloader;
  fileMaxBytes: number;
  logger: Logger;
}

/** A file sent in Teams: its text to answer, or the notice that says why it was not read. */
export type FileRead = { kind: 'text'; text: string } | { kind: 'notice'; reply: Reply };

/** Downloads a file sent in a personal chat (within FILE_MAX_BYTES) and reads it as text. */
export const readTeamsFile = async (
  file: TeamsFile,
  deps: FileTurnDeps,
  activityId: string | undefined,
): Promise<FileRead> => {
  const { fileMaxBytes, download, logger } = deps;
  const got = await download(file.downloadUrl, fileMaxBytes);
  logger.info({ activityId, file: { type: file.fileType }, result: got.kind }, 'file download');
  if (got.kind === 'too-large') {
    const size = got.size === null ? 'larger than that' : sizeText(got.size);
    return {
      kind: 'notice',
      reply: noticeReply('file-too-large', `${file.name} is too big for me (${size}).`, [
        `I read files up to ${sizeText(got.limit)}. Send the part of the log around the failure, with its #Fields line, or paste those lines here.`,
      ]),
    };
  }
  if (got.kind === 'failed') {
    return {
      kind: 'notice',
      reply: noticeReply('file-failed', `I could not download ${file.name}: ${got.reason}.`, [
        'Try sending it again, or paste the log lines around the failure.',
      ]),
    };
  }
  const decoded = decodeLogBytes(got.bytes);
  if (decoded.kind === 'binary') {
    return {
      kind: 'notice',
      reply: noticeReply(
        'file-binary',
        `${file.name} does not look like a text log file, so I did not read it.`,
        ['Send an IIS log (u_ex*.log) or the HTTPERR log as plain text.'],
      ),
    };
  }
  return { kind: 'text', text: decoded.text };
};
