import { initialState, turn, type Action, type Reply } from '../dialog/index.js';
import { loadKnowledge } from '../knowledge/index.js';
import { renderTerminal, terminalChoices } from '../render/index.js';
import type { CliIo } from './io.js';
import { readBoundedLines } from './stdin.js';

const MAX_LINE = 64 * 1024;

/** The dialogue in a terminal: type a message, or a number to press that button; `exit` quits. */
export const chatCommand = async (io: CliIo): Promise<number> => {
  const knowledge = await loadKnowledge();
  const color = io.stdoutIsTTY && !io.env.NO_COLOR;
  const interactive = io.stdoutIsTTY;
  const say = (s: string) => io.stdout.write(`${s}\n`);
  say(
    'iis-triage chat: paste a log line or describe the problem. Numbers press the buttons; `help`, `reset`, `exit`.',
  );
  if (interactive) io.stdout.write('> ');

  let state = initialState();
  let last: Reply | null = null;
  // a multi-line paste arrives as several lines at once: gather them into one message
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;

  const run = (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    let input: string | Action = trimmed.slice(0, MAX_LINE * 4);
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : NaN;
    const choice = last && n >= 1 ? terminalChoices(last)[n - 1] : undefined;
    if (choice) input = choice.action;
    const result = turn(state, input, knowledge);
    state = result.state;
    last = result.reply;
    say('');
    say(renderTerminal(result.reply, { color }));
    say('');
  };

  const flush = () => {
    timer = null;
    const text = pending.join('\n');
    pending = [];
    run(text);
    if (interactive) io.stdout.write('> ');
  };
  // lines are bounded (readline would gather a 1 GB line whole): a longer one is cut, and we say so
  for await (const { text: raw, isCut } of readBoundedLines(io.stdin, MAX_LINE)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^(exit|quit|bye)$/i.test(line.trim()) && !pending.length) break;
    if (isCut) say(`(That line was longer than ${MAX_LINE / 1024} KB; I read its beginning.)`);
    pending.push(line);
    if (timer) clearTimeout(timer);
    // piped input: one line per message; a terminal paste: lines within 30 ms form one message
    if (interactive) timer = setTimeout(flush, 30);
    else flush();
  }
  if (timer) clearTimeout(timer);
  if (pending.length) flush();
  return 0;
};
