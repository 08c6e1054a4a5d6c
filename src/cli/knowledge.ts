import { loadKnowledge } from '../knowledge/index.js';
import type { CliIo } from './io.js';

export const knowledgeCommand = async (opts: { json?: boolean }, io: CliIo): Promise<number> => {
  const k = await loadKnowledge();
  const list = k.entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    codes: e.codes.map((c) => ({
      status: c.status,
      ...(c.substatus !== undefined ? { substatus: c.substatus } : {}),
      ...(c.win32 !== undefined ? { win32: c.win32 } : {}),
    })),
    sources: e.sources,
  }));
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const rows = list.map((e) => [
    e.id,
    e.kind,
    codesCell([
      ...new Set(
        e.codes.map((c) => `${c.status}${c.substatus !== undefined ? `.${c.substatus}` : ''}`),
      ),
    ]),
    e.title,
  ]);
  // every column as wide as its widest cell, so each starts at the same place on every line
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col]?.length ?? 0)));
  for (const r of rows) {
    const cells = r.map((cell, col) => (col < widths.length ? cell.padEnd(widths[col]!) : cell));
    io.stdout.write(`${cells.join('  ')}\n`);
  }
  io.stdout.write(
    `\n${list.length} entries, ${k.facts.length} facts, ${k.reference.statusCodes.length} status codes, ${k.reference.win32.length} win32 values\n`,
  );
  return 0;
};

/** Codes that fit the column; the rest counted ("403.501 403.502 +12"). */
const CODES_WIDTH = 24;
function codesCell(codes: string[]): string {
  const all = codes.join(' ');
  if (all.length <= CODES_WIDTH) return all;
  let shown = 0;
  let text = '';
  for (const c of codes) {
    const next = text ? `${text} ${c}` : c;
    if (next.length + ` +${codes.length - shown - 1}`.length > CODES_WIDTH) break;
    text = next;
    shown++;
  }
  return `${text} +${codes.length - shown}`;
}
