import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import {
  buildReview,
  casesJsonl,
  exportCase,
  renderReview,
  replayMessage,
} from '../../src/review/index.js';
import type { KeptRecord } from '../../src/state/index.js';
import { realKnowledge } from '../server/helpers.js';
import { sharedPath } from '../shared.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const NOW = Date.UTC(2026, 11, 7, 12);
const SCORER = sharedPath('eval/evaluate.mjs');

const resolved = (over: Partial<KeptRecord> & { cause: string | null }): KeptRecord => {
  const { cause, ...rest } = over;
  return {
    version: 1,
    kind: 'resolved',
    id: 'T-1',
    channelId: 'msteams',
    userId: 'u1',
    at: NOW,
    text: 'HTTP Error 401.1 when I browse the site by its host name on the server itself',
    codes: [{ status: 401, substatus: 1, win32: null }],
    facts: {},
    ranking: [
      { id: 'bad-credentials', score: 0.5 },
      { id: 'loopback-check', score: 0.3 },
    ],
    resolution: {
      ticket: 'T-1',
      cause,
      other: cause ? null : 'a proxy',
      note: 'set BackConnectionHostNames',
      by: 'Ravi',
    },
    ...rest,
  };
};

describe('exportCase', () => {
  it("writes a resolved ticket as the scorer's case", () => {
    expect(exportCase(resolved({ cause: 'loopback-check' }), knowledge)).toEqual({
      id: 'ticket-T-1',
      source: 'ticket T-1',
      message: 'HTTP Error 401.1 when I browse the site by its host name on the server itself',
      expected: {
        codes: [{ status: 401, substatus: 1, win32: null }],
        cause: 'loopback-check',
        also_ok: [],
      },
      note: 'set BackConnectionHostNames',
    });
  });

  it('exports nothing for a cause named in words, or for other kinds of record', () => {
    expect(exportCase(resolved({ cause: null }), knowledge)).toBeNull();
    expect(
      exportCase({ ...resolved({ cause: 'loopback-check' }), kind: 'unsure' }, knowledge),
    ).toBeNull();
  });

  it('adds the codes that came from log lines, so the replayed message reads the same codes', () => {
    const codes = [{ status: 401, substatus: 1, win32: 1326 }];
    const record = resolved({ cause: 'wrong-credentials', text: 'users cannot log on', codes });
    const message = replayMessage(record, knowledge);
    expect(message.startsWith('users cannot log on\n')).toBe(true);
    expect(analyse(message, knowledge).codes).toEqual(codes);
    // codes already in the words are not repeated
    const inText = resolved({ cause: 'loopback-check' });
    expect(replayMessage(inText, knowledge)).toBe(inText.text);
  });
});

describe('buildReview', () => {
  it('ranks each confirmed cause again and counts those still not first', () => {
    const first = analyse(resolved({ cause: 'x' }).text, knowledge).causes[0]!.id;
    const other = knowledge.entries.find((e) => e.kind === 'cause' && e.id !== first)!.id;
    const review = buildReview(
      [
        resolved({ cause: first, id: 'T-1' }),
        resolved({ cause: other, id: 'T-2' }),
        resolved({ cause: null, id: 'T-3' }),
      ],
      knowledge,
    );
    expect(review.resolved.map((r) => r.rankNow === 1)).toEqual([true, false, false]);
    expect(review.resolved[2]!.case).toBeNull();
    expect(review.wrong).toBe(1);
    const text = renderReview(review, { retentionDays: 180 });
    expect(text).toContain('Still ranked wrong: 1 of 2');
    expect(text.match(/STILL WRONG/g)).toHaveLength(1);
  });

  it('sorts feedback and unsure answers apart', () => {
    const base = resolved({ cause: null });
    const review = buildReview(
      [
        {
          ...base,
          kind: 'feedback',
          feedback: { answerId: 'a', reaction: 'dislike', comment: 'no' },
        },
        { ...base, kind: 'feedback', feedback: { answerId: 'b', reaction: 'like', comment: null } },
        { ...base, kind: 'unsure', unsure: { answerId: 'c', reason: 'low-confidence' } },
      ],
      knowledge,
    );
    expect([review.disliked.length, review.liked, review.unsure.length]).toEqual([1, 1, 1]);
    expect(renderReview(review, { retentionDays: 30 })).toMatch(
      /retention 30 days\): 0 resolved tickets, 1 answer marked unhelpful \(1 helpful\), 1 question/,
    );
  });

  it.skipIf(!existsSync(SCORER))(
    'writes a file the shared scorer reads and scores with the real CLI (../shared absent: skipped)',
    () => {
      const first = analyse(resolved({ cause: 'x' }).text, knowledge).causes[0]!.id;
      const review = buildReview([resolved({ cause: first })], knowledge);
      const file = join(mkdtempSync(join(tmpdir(), 'review-')), 'cases.jsonl');
      writeFileSync(file, casesJsonl(review.resolved.flatMap((r) => (r.case ? [r.case] : []))));
      const run = spawnSync(
        'node',
        [SCORER, file, '--cmd', 'node bin/iis-triage.js explain --jsonl', '--json'],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ cases: 1, codes: 1, top1: 1, missing: 0 });
    },
    60_000,
  );
});
