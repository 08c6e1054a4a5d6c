import type { Readable, Writable } from 'node:stream';

/** What a CLI command may touch: injected so tests call commands without a real terminal. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** True when stdout / stderr are terminals (colours, progress bars). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}
