import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const asBuffer = (chunk: unknown): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);

/**
 * Reads a stream up to `limit` bytes and stops there (the rest is never read: a 1 GB pipe costs
 * `limit`). Invalid UTF-8 becomes U+FFFD; a character cut at the limit is dropped.
 */
export const readUpTo = async (
  stream: Readable,
  limit: number,
): Promise<{ text: string; isCut: boolean }> => {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let size = 0;
  for await (const chunk of stream) {
    const b = asBuffer(chunk);
    if (size + b.length > limit) {
      text += decoder.write(b.subarray(0, limit - size));
      // leaving the loop early destroys the stream: nothing more is read
      return { text, isCut: true };
    }
    size += b.length;
    text += decoder.write(b);
  }
  return { text: text + decoder.end(), isCut: false };
};

/**
 * Lines of a stream, one at a time, each at most `maxLine` characters: a longer line is cut there
 * (`isCut`) and the rest of it skipped, so memory stays bounded whatever arrives. UTF-8 characters
 * split between chunks are kept whole.
 */
export async function* readBoundedLines(
  stream: Readable,
  maxLine: number,
): AsyncGenerator<{ text: string; isCut: boolean }> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let skipping = false;
  const take = function* (s: string): Generator<{ text: string; isCut: boolean }> {
    let from = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', from)) {
      if (skipping) skipping = false;
      else {
        const line = buf + s.slice(from, nl);
        buf = '';
        yield line.length > maxLine
          ? { text: line.slice(0, maxLine), isCut: true }
          : { text: line, isCut: false };
      }
      from = nl + 1;
    }
    if (skipping) return;
    buf += s.slice(from);
    if (buf.length > maxLine) {
      yield { text: buf.slice(0, maxLine), isCut: true };
      buf = '';
      skipping = true;
    }
  };
  for await (const chunk of stream) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  }
  yield* take(decoder.end());
  if (!skipping && buf.trim()) yield { text: buf, isCut: false };
}
