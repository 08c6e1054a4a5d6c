import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';

// Like lnav's format samples: each entry's own sample messages must rank it in the top three,
// so an edit to one entry cannot quietly break another.
const knowledge: Knowledge = await loadKnowledge();
const cases = knowledge.entries.flatMap((e) =>
  e.samples.map((s, i) => [e.id, i + 1, s.text] as const),
);

describe('entry samples', () => {
  beforeAll(() => expect(cases.length).toBeGreaterThan(80));
  it.each(cases)('%s sample %i ranks its entry in the top 3', (id, _n, sample) => {
    const top3 = analyse(sample, knowledge)
      .causes.slice(0, 3)
      .map((c) => c.id);
    expect(top3).toContain(id);
  });
});
