import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Some public threads must never be cited or paraphrased; ../shared/eval/excluded.mjs knows which.
// Run by its real path: reached through a symbolic link it finds nothing to check.
const CHECKER = '../shared/eval/excluded.mjs';

describe.skipIf(!existsSync(CHECKER))(
  `no excluded source in knowledge/ (skipped when ${CHECKER} is absent)`,
  () => {
    it('cites no excluded thread, and really checks the citations', () => {
      const out = execFileSync(process.execPath, [realpathSync(CHECKER), '--scan', 'knowledge'], {
        encoding: 'utf8',
      });
      const m = /(\d+) checked, (\d+) excluded/.exec(out);
      expect(m, out).not.toBeNull();
      // every entry cites several sources and samples cite their threads: far more than a few
      expect(Number(m![1])).toBeGreaterThan(500);
      expect(Number(m![2])).toBe(0);
    });
  },
);
