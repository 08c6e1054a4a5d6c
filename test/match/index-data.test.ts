import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';
import { writeSnapshot } from '../../src/knowledge/load.js';
import { buildMatcher, rankCauses, type Matcher } from '../../src/match/index.js';
import { restoreIndexes } from '../../src/match/index-data.js';
import { indexesArtefact, loadKnowledgeWithIndexes } from '../../src/match/load.js';
import { matcherIndexData, sampleExamples } from '../../src/match/matcher.js';
import { makeKnowledge, removeKnowledge } from '../knowledge/helpers.js';

const knowledge: Knowledge = await loadKnowledge();
// as a snapshot hands it over: through JSON
const data: unknown = JSON.parse(JSON.stringify(matcherIndexData(knowledge)));
const ids = knowledge.entries.map((e) => e.id);

/** Every sixth sample, and messages that reach the typo corrections, URL concepts, long text. */
const messages = [
  ...knowledge.entries.flatMap((e) => e.samples.map((s) => s.text)).filter((_, i) => i % 6 === 0),
  'autentication prompts keep poping up on the intranet sitte, credentails rejectd',
  'works on http://localhost/app but not on http://portal.contoso.com/app or http://10.1.2.3/',
  'HTTP Error 401.2 - Unauthorized: Access is denied due to server configuration.',
  knowledge.entries.map((e) => e.title).join('. '),
  '401.2',
  '',
];

const ranking = (m: Matcher, text: string) => {
  const f = readMessage(text, knowledge.reference);
  const observed = Object.fromEntries(f.signals.map((s) => [s.fact, s.value]));
  return rankCauses(m, {
    codes: f.codes,
    text: f.text,
    answered: {},
    observed,
    sequences: f.sequences.map((s) => s.kind),
  });
};

describe('a matcher restored from its index data', () => {
  const built = buildMatcher(knowledge);
  const restored = buildMatcher({ ...knowledge, indexes: data });

  it('restores the indexes rather than building them', () => {
    expect(built.bm25.postings).toBeInstanceOf(Map);
    expect(restored.bm25.postings).not.toBeInstanceOf(Map);
    expect(restored.index.vocabulary).not.toBeInstanceOf(Set);
  });

  it.each(messages.map((m) => [m.slice(0, 60), m]))(
    'ranks %j exactly as a freshly built one',
    (_, text) => {
      expect(ranking(restored, text)).toEqual(ranking(built, text));
    },
  );

  it('gives the same postings and weights for every term of the messages', () => {
    const terms = new Set(messages.flatMap((m) => m.toLowerCase().split(/\W+/)));
    for (const t of [...terms, 'no_such_term', 'windows_authentication']) {
      expect(restored.bm25.postings.get(t)).toEqual(built.bm25.postings.get(t));
      expect(restored.bm25.idf.get(t)).toBe(built.bm25.idf.get(t));
      expect(restored.neighbours.postings.get(t)).toEqual(built.neighbours.postings.get(t));
      expect(restored.index.postings.get(t)).toEqual(built.index.postings.get(t));
      expect(restored.index.vocabulary.has(t)).toBe(built.index.vocabulary.has(t));
    }
    expect(restored.index.docs).toEqual(built.index.docs);
  });
});

describe('index data', () => {
  it('is refused for other entries or another layout, and the matcher builds instead', () => {
    const samples = sampleExamples(knowledge).length;
    expect(restoreIndexes(data as never, ids.slice(1), samples)).toMatch(/other entries/);
    expect(restoreIndexes(data as never, ids, samples + 1)).toMatch(/other entries/);
    expect(restoreIndexes({ version: 0 } as never, ids, samples)).toMatch(/layout/);
    const fewer = { ...knowledge, entries: knowledge.entries.slice(1), indexes: data };
    const m = buildMatcher(fewer);
    expect(m.bm25.postings).toBeInstanceOf(Map);
    expect(ranking(m, messages[0]!)).toEqual(
      ranking(buildMatcher({ ...fewer, indexes: undefined }), messages[0]!),
    );
  });

  it('keeps restored indexes beside confirmed cases, building the neighbours only', () => {
    const extra = [
      { entry: ids[0]!, text: 'a confirmed case about the app pool', group: 'case 1' },
    ];
    const withCases = buildMatcher({ ...knowledge, indexes: data }, undefined, extra);
    const fresh = buildMatcher(knowledge, undefined, extra);
    expect(withCases.bm25.postings).not.toBeInstanceOf(Map);
    expect(withCases.neighbours.postings).toBeInstanceOf(Map);
    expect(ranking(withCases, 'the app pool identity')).toEqual(
      ranking(fresh, 'the app pool identity'),
    );
  });
});

describe('loadKnowledgeWithIndexes', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await removeKnowledge(dir);
  });

  it('restores from the snapshot the build writes a matcher that ranks as one built now', async () => {
    // the build's own path: the artefact compiled by src/match as it is, written, read back
    const snapshots = await mkdtemp(join(tmpdir(), 'iis-triage-indexes-'));
    try {
      await writeSnapshot(indexesArtefact(), snapshots);
      const k = await loadKnowledgeWithIndexes(undefined, snapshots);
      expect(k.indexes).toBeDefined();
      const restored = buildMatcher(k);
      expect(restored.bm25.postings).not.toBeInstanceOf(Map);
      const built = buildMatcher(knowledge);
      for (const text of messages) expect(ranking(restored, text)).toEqual(ranking(built, text));
    } finally {
      await rm(snapshots, { recursive: true, force: true });
    }
  });

  it('adds the indexes from a current snapshot, and none from a stale one', async () => {
    dir = await makeKnowledge();
    const snapshots = `${dir}-build`;
    await writeSnapshot(indexesArtefact(dir), snapshots);
    const k = await loadKnowledgeWithIndexes(dir, snapshots);
    expect(k.indexes).toBeDefined();
    expect(typeof restoreIndexes(k.indexes as never, ['alpha', 'beta'], 4)).toBe('object');
    const alpha = join(dir, 'causes', 'alpha.md');
    await writeFile(alpha, `${await readFile(alpha, 'utf8')}More about it.\n`);
    expect((await loadKnowledgeWithIndexes(dir, snapshots)).indexes).toBeUndefined();
  });
});
