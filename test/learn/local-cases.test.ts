import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { AppError } from '../../src/errors.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { loadLocalCases, withLocalCases } from '../../src/learn/index.js';
import { realKnowledge } from '../server/helpers.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('not refused');
};

// A message in this project's own words: the request returns to the machine that made it.
const MESSAGE =
  "Two web servers behind a load balancer. When web01 calls the site through the balancer's VIP name and the balancer happens to send the request back to web01 itself, it gets 401.1. When it lands on web02 it works.";

const caseLine = (cause: string, id = 'ticket-T-1') =>
  JSON.stringify({
    id,
    source: `ticket ${id}`,
    message: MESSAGE,
    expected: { codes: [{ status: 401, substatus: 1, win32: null }], cause, also_ok: [] },
  });

describe('LOCAL_CASES', () => {
  it('refuses a file with a line it cannot use, saying which and why', () => {
    const text = [
      caseLine('loopback-check'),
      'not json',
      caseLine('no-such-cause', 'x'),
      '{}',
    ].join('\n');
    const e = refusal(() => withLocalCases(knowledge, text, 'cases.jsonl'));
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toMatch(/^LOCAL_CASES cases\.jsonl is refused: 3 problems/);
    expect(e.message).toMatch(/line 2: not JSON/);
    expect(e.message).toMatch(/line 3: x names no known cause/);
    expect(e.message).toMatch(/line 4: /);
  });

  it('refuses an empty file and a missing one', async () => {
    expect(refusal(() => withLocalCases(knowledge, '\n', 'e.jsonl')).message).toMatch(/no cases/);
    const missing = await loadLocalCases(knowledge, '/nonexistent/cases.jsonl').catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).message).toMatch(/cannot be read: no such file/);
  });

  it('ranks the confirmed cause first for the message it was confirmed on', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'local-')), 'cases.jsonl');
    writeFileSync(file, `${caseLine('loopback-check')}\n`);
    const loaded = await loadLocalCases(knowledge, file);
    const samples = knowledge.entries.reduce((n, e) => n + e.samples.length, 0);
    expect(loaded).toMatchObject({ cases: 1, trainedOn: samples + 1 });
    expect(loaded.knowledge.localCases).toEqual([
      { entry: 'loopback-check', text: MESSAGE, group: expect.any(String) as string },
    ]);
    expect(analyse(MESSAGE, loaded.knowledge).causes[0]?.id).toBe('loopback-check');
  }, 180_000);
});
