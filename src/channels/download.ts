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
