import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('knowledge', () => {
  it('lines its columns up: every title starts at the same place', async () => {
    const entries = JSON.parse((await runCli(['knowledge', '--json'])).stdout) as {
      id: string;
      title: string;
    }[];
    const lines = (await runCli(['knowledge'])).stdout.split('\n');
    const starts = entries.map((e) => {
      const line = lines.find((l) => l.startsWith(`${e.id} `));
      return line === undefined ? -1 : line.length - e.title.length;
    });
    expect(entries.length).toBeGreaterThan(30);
    expect(new Set(starts)).toEqual(new Set([starts[0]]));
    expect(starts[0]).toBeGreaterThan(0);
  });

  it('shows the first codes of an entry with many, and how many more', async () => {
    const out = (await runCli(['knowledge'])).stdout;
    const ip = out.split('\n').find((l) => l.startsWith('dynamic-ip-restriction '));
    expect(ip).toMatch(/401\.501 .*\+\d+ /);
  });
});
