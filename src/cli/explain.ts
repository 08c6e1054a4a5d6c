import { analysisOf } from '../analysis.js';
import { chatTurn } from '../channels/file-notes.js';
import { initialState } from '../dialog/index.js';
import { AppError } from '../errors.js';
import { loadKnowledgeWithIndexes } from '../match/index.js';
import { renderTerminal } from '../render/index.js';
import type { CommandIo } from './io.js';
import { readBoundedLines, readUpTo } from './stdin.js';

const MB = 1024 * 1024;
const MAX_STDIN = 16 * MB;
const MAX_JSONL_LINE = 2 * MB;

export const explainCommand = async (
  words: string[],
  opts: { json?: boolean; jsonl?: boolean },
  io: CommandIo,
): Promise<number> => {
  const knowledge = await loadKnowledgeWithIndexes();
  if (opts.jsonl) {
    let n = 0;
    for await (const { text: line, isCut } of readBoundedLines(io.stdin, MAX_JSONL_LINE)) {
      n++;
      if (isCut) {
        io.stderr.write(`line ${n}: longer than ${MAX_JSONL_LINE / MB} MB; skipped\n`);
        continue;
      }
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
      const analysis = analysisOf(chatTurn(initialState(), message, knowledge));
      io.stdout.write(
        `${JSON.stringify({ id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : String(n), ...analysis })}\n`,
      );
    }
    return 0;
  }
  let text = words.join(' ');
  if (!words.length) {
    // a person at a terminal would otherwise see nothing happen
    if (io.stdinIsTTY)
      io.stderr.write(
        'explain: reading the message from the terminal. Paste or type it, then press Enter and Ctrl-D (Ctrl-Z then Enter on Windows) to end it. Or give it as arguments: explain "401.2 on /app".\n',
      );
    const read = await readUpTo(io.stdin, MAX_STDIN);
    text = read.text;
    if (read.isCut) {
      io.stderr.write(
        `iis-triage: standard input is longer than ${MAX_STDIN / MB} MB; read its first ${MAX_STDIN / MB} MB (use \`scan\` for whole log files)\n`,
      );
    }
  }
  if (!text.trim())
    throw new AppError('E_USAGE', 'explain needs a message: as arguments or on standard input');
  // a pasted log is summarised as `scan` summarises a file
  const first = chatTurn(initialState(), text, knowledge);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(analysisOf(first), null, 2)}\n`);
    return 0;
  }
  const { reply } = first;
  io.stdout.write(
    `${renderTerminal(reply, { color: io.stdoutIsTTY && io.settings.isColourAllowed })}\n`,
  );
  return 0;
};
