// Every snapshot `npm run build` writes (src/knowledge/snapshot.ts says what they are), in the
// order they are compiled: the indexes are compiled from the knowledge its snapshot just gave.
import { knowledgeArtefact } from './knowledge/load.js';
import type { Artefact } from './knowledge/snapshot.js';
import { indexesArtefact } from './match/load.js';

export const SNAPSHOTS: readonly (() => Artefact<unknown>)[] = [
  () => knowledgeArtefact(),
  () => indexesArtefact(),
];
