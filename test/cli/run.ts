import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given argv and standard input (a pipe unless `stdinIsTTY`). */
export const runCli = async (
  argv: string[],
  stdin = '',
  opts: { stdinIsTTY?: boolean; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const io: CliIo = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: out,
    stderr: err,
    stdinIsTTY: opts.stdinIsTTY ?? false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: opts.env ?? {},
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return {
    code,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
};
