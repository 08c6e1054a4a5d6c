import type { Readable, Writable } from 'node:stream';
import type { CliEnv } from './env.js';

/** What a CLI command may touch: injected so tests call commands without a real terminal. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** True when stdin is a terminal: a person types (or pastes) the input. Absent: it is not. */
  stdinIsTTY?: boolean;
  /** True when stdout / stderr are terminals (colours, progress bars). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The process environment (read once, by readCliEnv). */
  env: Record<string, string | undefined>;
  cwd: string;
}

/** What a command gets: the streams and the environment as read. */
export interface CommandIo extends CliIo {
  settings: CliEnv;
}
