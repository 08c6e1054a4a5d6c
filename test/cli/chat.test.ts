import { describe, expect, it } from 'vitest';
import { initialState, turn } from '../../src/dialog/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { renderTerminal, terminalChoices } from '../../src/render/index.js';
import { runCli } from './run.js';

const LOG = [
  '2024-05-02 08:16:40 10.1.1.5 GET /portal/ - 443 - 10.9.8.22 Mozilla/5.0 - 401 2 5 2',
  '2024-05-02 08:16:40 10.1.1.5 GET /portal/ - 443 - 10.9.8.22 Mozilla/5.0 - 401 1 1326 2',
  '2024-05-02 08:16:41 10.1.1.5 GET /portal/ - 443 - 10.9.8.22 Mozilla/5.0 - 401 1 1326 2',
];
/** Replies that answer a message: a diagnosis, or the summary of a paste read as a log. */
const answers = (stdout: string): number =>
  stdout.match(/Likely causes|^Read as a log: /gm)?.length ?? 0;

describe('chat with standard input from a file or a pipe', () => {
  it('takes the lines as one message and answers once', async () => {
    const many = Array.from({ length: 40 }, (_, i) => LOG[i % LOG.length]).join('\n');
    const r = await runCli(['chat'], `${many}\n`);
    expect(r.code).toBe(0);
    expect(answers(r.stdout)).toBe(1);
    expect(r.stdout).toMatch(/lines are one message/);
    // 40 log lines are a log: summarised as `scan` summarises a file
    expect(r.stdout).toMatch(/^Read as a log: 40 lines, 40 log entries/m);
  });

  it('takes a number or a command on a line of its own as a turn of its own', async () => {
    const r = await runCli(['chat'], `${LOG.join('\n')}\n1\nexit\n${LOG[0]}\n`);
    expect(r.code).toBe(0);
    // what the dialogue answers to the log as one message, then to its first button
    const knowledge = await loadKnowledge();
    const first = turn(initialState(), LOG.join('\n'), knowledge);
    const button = terminalChoices(first.reply)[0];
    expect(button).toBeDefined();
    const second = turn(first.state, button!.action, knowledge);
    const shown = (reply: typeof first.reply) => renderTerminal(reply, { color: false });
    expect(r.stdout).toContain(shown(first.reply));
    expect(r.stdout.indexOf(shown(second.reply))).toBeGreaterThan(
      r.stdout.indexOf(shown(first.reply)),
    );
    // nothing after exit
    expect(answers(r.stdout)).toBe(answers(`${shown(first.reply)}${shown(second.reply)}`));
  });

  it('reads a message up to its limit, and says so', async () => {
    const huge = `${LOG[1]}\n`.repeat(4000);
    const r = await runCli(['chat'], huge);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/longer than 256 KB; I read its beginning/);
    expect(answers(r.stdout)).toBe(1);
  });
});

describe('chat at a terminal', () => {
  it('prompts, and says nothing about reading standard input whole', async () => {
    const r = await runCli(['chat'], `${LOG[1]}\nexit\n`, { stdinIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> ');
    expect(r.stdout).not.toMatch(/lines are one message/);
    expect(answers(r.stdout)).toBe(1);
  });
});
