import { chatTurn } from '../channels/file-notes.js';
import { initialState, type Action, type Reply } from '../dialog/index.js';
import { loadKnowledgeWithIndexes } from '../match/index.js';
import { renderTerminal, terminalChoices } from '../render/index.js';
import type { CommandIo } from './io.js';
import { readBoundedLines } from './stdin.js';

const MAX_LINE = 64 * 1024;
/** One message is read up to this; the dialogue reads no further either. */
const MAX_MESSAGE = MAX_LINE * 4;

const EXIT = /^(exit|quit|bye)$/i;
/** Piped lines that are a turn of their own: a button's number or a command. */
const OWN_TURN = /^(\d{1,2}|help|reset|exit|quit|bye)$/i;

/** The dialogue in a terminal: type a message, or a number to press that button; `exit` quits. */
export const chatCommand = async (io: CommandIo): Promise<number> => {
  const knowledge = await loadKnowledgeWithIndexes();
  const color = io.stdoutIsTTY && io.settings.isColourAllowed;
  const typed = !!io.stdinIsTTY;
  const say = (s: string) => io.stdout.write(`${s}\n`);
  say(
    'iis-triage chat: paste a log line or describe the problem. Numbers press the buttons; `help`, `reset`, `exit`.',
  );
  if (!typed)
    say(
      '(Reading standard input: its lines are one message up to a line that is a number, `help`, `reset` or `exit`, which is a turn of its own.)',
    );
  const prompt = () => {
    if (typed) io.stdout.write('> ');
  };
  prompt();

  let state = initialState();
  let last: Reply | null = null;
  let pending: string[] = [];
  let pendingChars = 0;
  let isMessageCut = false;
  let timer: NodeJS.Timeout | null = null;

  const run = (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    let input: string | Action = trimmed;
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : NaN;
    const choice = last && n >= 1 ? terminalChoices(last)[n - 1] : undefined;
    if (choice) input = choice.action;
    const result = chatTurn(state, input, knowledge);
    state = result.state;
    last = result.reply;
    say('');
    say(renderTerminal(result.reply, { color }));
    say('');
  };

  const flush = () => {
    timer = null;
    const text = pending.join('\n');
    if (isMessageCut)
      say(
        `(That message was longer than ${MAX_MESSAGE / 1024} KB; I read its beginning. \`scan\` reads whole log files.)`,
      );
    pending = [];
    pendingChars = 0;
    isMessageCut = false;
    run(text);
    prompt();
  };
  const gather = (line: string) => {
    if (pendingChars + line.length > MAX_MESSAGE) {
      isMessageCut = true;
      return;
    }
    pending.push(line);
    pendingChars += line.length + 1;
  };

  // lines are bounded (readline would gather a 1 GB line whole): a longer one is cut, and we say so
  for await (const { text: raw, isCut } of readBoundedLines(io.stdin, MAX_LINE)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isCut) say(`(That line was longer than ${MAX_LINE / 1024} KB; I read its beginning.)`);
    if (typed) {
      if (EXIT.test(line.trim()) && !pending.length) break;
      gather(line);
      // a paste arrives as several lines at once: those within 30 ms form one message
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, 30);
    } else if (OWN_TURN.test(line.trim())) {
      // a whole file or paste is one message, not one answer per line
      if (pending.length) flush();
      if (EXIT.test(line.trim())) break;
      gather(line);
      flush();
    } else gather(line);
  }
  if (timer) clearTimeout(timer);
  if (pending.length) flush();
  return 0;
};
