import type { Readable, Writable } from 'node:stream';

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
  env: Record<string, string | undefined>;
  cwd: string;
}
