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
  const width = Math.max(...list.map((e) => e.id.length));
  for (const e of list) {
    const codes = [
      ...new Set(
        e.codes.map((c) => `${c.status}${c.substatus !== undefined ? `.${c.substatus}` : ''}`),
      ),
    ].join(' ');
    io.stdout.write(`${e.id.padEnd(width)}  ${e.kind.padEnd(5)}  ${codes.padEnd(16)} ${e.title}\n`);
  }
  io.stdout.write(
    `\n${list.length} entries, ${k.facts.length} facts, ${k.reference.statusCodes.length} status codes, ${k.reference.win32.length} win32 values\n`,
  );
  return 0;
};
