import { afterEach, beforeEach, vi } from 'vitest';

// Any test that writes to the console fails: the core must not log, adapters log through pino.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let calls: string[] = [];
beforeEach(() => {
  calls = [];
  for (const m of methods) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${m}: ${args.map(String).join(' ').slice(0, 200)}`);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length) throw new Error(`test wrote to the console:\n${calls.join('\n')}`);
});
