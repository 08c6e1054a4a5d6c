// The ranking's indexes as a snapshot (src/knowledge/snapshot.ts says what snapshots are):
// build/indexes.snapshot.json, compiled from the knowledge folder by the code that reads it and
// the code that builds them, written by `npm run build`. A process that loads the knowledge with
// it restores the indexes on its first turn instead of tokenising every entry and sample.
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_KNOWLEDGE_DIR,
  KNOWLEDGE_CODE_DIR,
  loadKnowledge,
  readSnapshot,
} from '../knowledge/load.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Artefact } from '../knowledge/snapshot.js';
import type { IndexData } from './index-data.js';
import { matcherIndexData } from './matcher.js';

/** The code that builds the indexes (tokeniser, builders): an edit to it makes the snapshot stale. */
const MATCH_CODE_DIR = fileURLToPath(new URL('../../src/match/', import.meta.url));

/** The indexes of the knowledge in `dir` as an artefact. */
export const indexesArtefact = (dir: string = DEFAULT_KNOWLEDGE_DIR): Artefact<IndexData> => ({
  name: 'indexes',
  sources: [dir],
  code: [KNOWLEDGE_CODE_DIR, MATCH_CODE_DIR],
  compile: async () => matcherIndexData(await loadKnowledge(dir)),
});

/**
 * The knowledge in `dir` (loadKnowledge) with the ranking's indexes from their snapshot when it
 * is current; without one the first turn builds them, as before.
 */
export async function loadKnowledgeWithIndexes(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  snapshotDir?: string,
): Promise<Knowledge> {
  const [knowledge, indexes] = await Promise.all([
    loadKnowledge(dir),
    readSnapshot(indexesArtefact(dir), snapshotDir),
  ]);
  return indexes === null ? knowledge : { ...knowledge, indexes };
}
