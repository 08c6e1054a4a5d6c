import { analyse } from '../analysis.js';
import { initialState, turn } from '../dialog/index.js';
import { AppError } from '../errors.js';
import { loadKnowledge } from '../knowledge/index.js';
import { renderTerminal } from '../render/index.js';
import type { CliIo } from './io.js';
import { readAll, readLines } from './stdin.js';

const MAX_STDIN = 16 * 1024 * 1024;
const MAX_JSONL_LINE = 2 * 1024 * 1024;

export const explainCommand = async (
  words: string[],
  opts: { json?: boolean; jsonl?: boolean },
  io: CliIo,
): Promise<number> => {
  const knowledge = await loadKnowledge();
  if (opts.jsonl) {
    let n = 0;
    for await (const line of readLines(io.stdin, MAX_JSONL_LINE)) {
      n++;
      if (!line.trim()) continue;
      let input: unknown;
      try {
        input = JSON.parse(line);
      } catch {
        io.stderr.write(`line ${n}: not JSON; skipped\n`);
        continue;
      }
      const { id, message } = (input ?? {}) as { id?: unknown; message?: unknown };
      if (typeof message !== 'string') {
        io.stderr.write(`line ${n}: no "message" string; skipped\n`);
        continue;
      }
      const analysis = analyse(message, knowledge);
      io.stdout.write(
        `${JSON.stringify({ id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : String(n), ...analysis })}\n`,
      );
    }
    return 0;
  }
  const text = words.length ? words.join(' ') : await readAll(io.stdin, MAX_STDIN);
  if (!text.trim())
    throw new AppError('E_USAGE', 'explain needs a message: as arguments or on standard input');
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(analyse(text, knowledge), null, 2)}\n`);
    return 0;
  }
  const { reply } = turn(initialState(), text, knowledge);
  io.stdout.write(`${renderTerminal(reply, { color: io.stdoutIsTTY && !io.env.NO_COLOR })}\n`);
  return 0;
};
