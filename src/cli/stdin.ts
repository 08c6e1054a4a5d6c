import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';

/** Reads a stream to a string, refusing more than `limit` bytes with a clear error. */
export const readAll = async (stream: Readable, limit: number): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit)
      throw new AppError(
        'E_LIMIT',
        `standard input is over ${Math.round(limit / 1048576)} MB; send less or use \`scan\` for log files`,
      );
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** Lines of a stream, one at a time (for --jsonl), each bounded. */
export async function* readLines(stream: Readable, maxLine: number): AsyncGenerator<string> {
  let buf = '';
  for await (const chunk of stream) {
    buf += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      yield buf.slice(0, i).slice(0, maxLine);
      buf = buf.slice(i + 1);
    }
    if (buf.length > maxLine * 2) {
      yield buf.slice(0, maxLine);
      buf = '';
    }
  }
  if (buf.trim()) yield buf.slice(0, maxLine);
}
