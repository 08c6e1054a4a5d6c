// ../shared beside the checkout holds the team's fixed references: the contract's cause ids, the
// labelled dev cases, the peers' samples, the seed thread and the log generator. CI has it; a clone
// on its own does not, and each group of tests that reads it is then skipped as one line that says
// what is absent (.ci/run refuses to start without ../shared, so CI never skips them).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const DEV_CASES = 'eval/dev-cases.jsonl';
export const CAUSE_IDS = 'cause-ids.md';
export const GENERATOR = 'bench/gen-iis-log.mjs';
export const PEERS = 'fixtures/peers';

/** The path of `rel` in ../shared. */
export const sharedPath = (rel: string): string => join(SHARED, rel);

export const hasShared = (rel: string): boolean => existsSync(sharedPath(rel));

const skipped = (title: string, rel: string): void =>
  it.skip(`${title} (skipped: ../shared/${rel} is absent)`, () => undefined);

/**
 * A describe() whose tests read ../shared/`rel`: without it, one skipped line instead, and the
 * body (which may read the files as it declares its tests) does not run.
 */
export function describeShared(rel: string | string[], title: string, body: () => void): void {
  const missing = [rel].flat().find((r) => !hasShared(r));
  if (missing === undefined) describe(title, body);
  else skipped(title, missing);
}

/** An it() that reads ../shared/`rel`; without it, skipped with a title that says so. */
export function itShared(rel: string, title: string, test: () => unknown, timeout?: number): void {
  if (hasShared(rel)) it(title, test, timeout);
  else skipped(title, rel);
}

/** The labelled dev cases (../shared/eval/dev-cases.jsonl), or none without ../shared. */
export function devCases<T extends { message: string } = { id: string; message: string }>(): T[] {
  if (!hasShared(DEV_CASES)) return [];
  return readFileSync(sharedPath(DEV_CASES), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The cause ids the contract requires (../shared/cause-ids.md). */
export const causeIds = (): string[] =>
  [...readFileSync(sharedPath(CAUSE_IDS), 'utf8').matchAll(/^- `([a-z0-9-]+)`/gm)].map(
    (m) => m[1] ?? '',
  );
