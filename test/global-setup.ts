// Once per test run: the scan kernel built from the sources as they are (a fresh clone gets it
// from npm ci's prepare script; an edited kernel is rebuilt here), so the tests exercise it; and
// the snapshots (the knowledge, the ranking's indexes) refreshed the same way, so the many tests that load the knowledge start
// from it (test/knowledge/corpus.test.ts still reads and checks every file).
import { isAppError } from '../src/errors.js';
import { isSnapshotCurrent, writeSnapshot } from '../src/knowledge/load.js';
import { SNAPSHOTS } from '../src/snapshots.js';
import { buildKernel, kernelIsCurrent } from '../scripts/build-kernel.js';

export default async function setup(): Promise<void> {
  if (!kernelIsCurrent()) await buildKernel();
  for (const artefact of SNAPSHOTS) {
    const a = artefact();
    if (await isSnapshotCurrent(a)) continue;
    // knowledge that does not load has no snapshot: the tests that load it report why
    await writeSnapshot(a).catch((e: unknown) => {
      if (!isAppError(e)) throw e;
    });
  }
}
