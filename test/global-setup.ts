// Once per test run: the scan kernel built from the sources as they are (a fresh clone gets it
// from npm ci's prepare script; an edited kernel is rebuilt here), so the tests exercise it.
import { buildKernel, kernelIsCurrent } from '../scripts/build-kernel.js';

export default async function setup(): Promise<void> {
  if (!kernelIsCurrent()) await buildKernel();
}
