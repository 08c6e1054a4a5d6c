import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConversations, type KnowledgeStatus } from '../../src/channels/bot-seam.js';
import { createEngine } from '../../src/channels/engine.js';
import { createExpertDesk } from '../../src/channels/expert/index.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { silentLogger } from '../../src/logger.js';
import { BlobStore } from '../../src/state/index.js';
import { realKnowledge } from '../server/helpers.js';
import { hasAzurite, useAzurite } from '../state/azurite.js';
import { runCli } from './run.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

describe('review', () => {
  it('says what it needs when no state store is configured', async () => {
    const run = await runCli(['review']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/STATE_CONNECTION_STRING/);
    expect(run.stdout).toBe('');
  });
});

describe.skipIf(!hasAzurite)('review against Azurite', () => {
  const azurite = useAzurite();

  it('lists what the bot kept and exports the resolved tickets as cases', async () => {
    const container = 'review-test';
    const store = new BlobStore(azurite.connectionString, container);
    const status: KnowledgeStatus = { state: 'ready', knowledge, engine: createEngine(knowledge) };
    const deps = { knowledge: () => status, store, now: () => Date.now(), logger: silentLogger() };
    const conversations = createConversations(deps);
    let n = 0;
    const desk = createExpertDesk({ ...deps, newId: () => `T-${++n}` });
    const asker = { id: 'aad-1', name: 'Megan' };
    const expert = { id: 'aad-2', name: 'Ravi' };
    for (const [i, [text, cause]] of [
      [
        'HTTP Error 401.1 browsing the site by its host name on the server itself',
        'loopback-check',
      ],
      ['401.2 through the proxy, fine when I bypass it', 'other'],
    ].entries()) {
      const ref = { channelId: 'msteams', conversationId: `a:${i}` };
      await conversations.respond(ref, text!);
      const opened = await desk.open({ ref, asker, replyTo: {} });
      expect(opened.kind).toBe('opened');
      const r = await desk.resolve(`T-${i + 1}`, expert, {
        cause: cause!,
        other: cause === 'other' ? 'an old proxy' : '',
        note: 'fixed',
      });
      expect(r.ok).toBe(true);
    }
    await desk.keepUnsure(
      { channelId: 'msteams', conversationId: 'a:0' },
      asker.id,
      'x',
      'no-code',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'review-')), 'cases.jsonl');
    const env = { STATE_CONNECTION_STRING: azurite.connectionString, STATE_CONTAINER: container };
    const run = await runCli(['review', '--export', file], '', { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /2 resolved tickets, 0 answers marked unhelpful \(0 helpful\), 1 question/,
    );
    expect(run.stdout).toContain('T-1');
    expect(run.stdout).toContain('other: "an old proxy"');
    expect(run.stdout).toMatch(/Wrote 1 confirmed case to /);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const cases = lines.map((l) => JSON.parse(l) as { id: string; expected: { cause: string } });
    expect(cases.map((c) => [c.id, c.expected.cause])).toEqual([['ticket-T-1', 'loopback-check']]);
  }, 60_000);
});
