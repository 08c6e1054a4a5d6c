/** Pieces both chat channels use to fetch a shared log file safely. */

/** Reads a response body up to `max` bytes; null when it is longer (the download is cancelled). */
export const readCapped = async (
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<Uint8Array | null> => {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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
