import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../shared.js';

// Some public threads must never be cited or paraphrased; ../shared/eval/excluded.mjs knows which.
// Run by its real path: reached through a symbolic link it finds nothing to check.
const CHECKER = 'eval/excluded.mjs';

describeShared(CHECKER, 'no excluded source in knowledge/', () => {
  it('cites no excluded thread, and really checks the citations', () => {
    const out = execFileSync(
      process.execPath,
      [realpathSync(sharedPath(CHECKER)), '--scan', 'knowledge'],
      { encoding: 'utf8' },
    );
    const m = /(\d+) checked, (\d+) excluded/.exec(out);
    expect(m, out).not.toBeNull();
    // every entry cites several sources and samples cite their threads: far more than a few
    expect(Number(m![1])).toBeGreaterThan(500);
    expect(Number(m![2])).toBe(0);
  });
});
