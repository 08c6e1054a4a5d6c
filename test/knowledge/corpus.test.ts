import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  codeKey,
  DEFAULT_KNOWLEDGE_DIR,
  findStatusCode,
  inspectKnowledge,
  type KnowledgeInspection,
} from '../../src/knowledge/index.js';
import { causeIds, CAUSE_IDS, describeShared, sharedPath } from '../shared.js';

// The real knowledge/ folder, validated as the server validates it, plus the checks that need
// the seed thread and cause-ids.md from ../shared.
const SEED_DIR = sharedPath('seed/');
const README = `${DEFAULT_KNOWLEDGE_DIR}README.md`;

const ARTICLE_SECTIONS = [
  'intro',
  'Step 1',
  'Step 2',
  '401.1',
  '401.2',
  '401.3',
  '401.4',
  '401.5',
  'closing',
];

let inspection: KnowledgeInspection;
beforeAll(async () => {
  inspection = await inspectKnowledge();
});
const knowledge = () => inspection.knowledge;
const entryIds = () => new Set(knowledge().entries.map((e) => e.id));
const entryFiles = readdirSync(`${DEFAULT_KNOWLEDGE_DIR}causes`)
  .filter((n) => n.endsWith('.md'))
  .sort()
  .map((n) => `knowledge/causes/${n}`);
const sharedFiles = [
  'knowledge/facts.yaml',
  'knowledge/reference/status-codes.yaml',
  'knowledge/reference/win32.yaml',
  'knowledge/reference/error-pages.yaml',
];

/** Every comment number a text cites: "comment 25", "comments 20 and 56", "comments 22-25". */
function citedComments(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/\bcomments?\s+(\d+)/gi)) {
    found.push(Number(m[1]));
    // follow a list: ", 21", " and 22", "-25"
    let rest = text.slice((m.index ?? 0) + m[0].length);
    for (;;) {
      const next = /^\s*(?:,|and|&|-|–)\s*(\d+)\b/.exec(rest);
      if (!next) break;
      found.push(Number(next[1]));
      rest = rest.slice(next[0].length);
    }
  }
  return found;
}

/** The comment numbers of the seed thread (lines "  N. Name says:") and the count its header gives. */
function seedComments(): { numbers: number[]; declared: number } {
  const name = readdirSync(SEED_DIR).find((n) => n.endsWith('.txt'));
  const text = readFileSync(`${SEED_DIR}${name ?? ''}`, 'utf8');
  const header = /^Comments \((\d+)\)/m.exec(text);
  const after = header ? text.slice(header.index) : '';
  const numbers = [...after.matchAll(/^ {2}(\d+)\. /gm)].map((m) => Number(m[1]));
  return { numbers, declared: Number(header?.[1] ?? 0) };
}

interface CoverageRow {
  key: string;
  ids: string[];
  note: string;
}
/** Rows `| comment N | ids or — | note |` and `| article: X | ids | note |` of knowledge/README.md. */
function coverageRows(kind: 'comment' | 'article'): CoverageRow[] {
  const prefix = kind === 'comment' ? /^\| comment (\d+) \|/ : /^\| article: ([^|]+?) \|/;
  return readFileSync(README, 'utf8')
    .split('\n')
    .filter((line) => prefix.test(line))
    .map((line) => {
      const [, key = '', ids = '', note = ''] = line.split('|').map((c) => c.trim());
      const list = ids === '—' ? [] : ids.split(',').map((id) => id.trim());
      return {
        key: kind === 'comment' ? key.replace('comment ', '') : key.replace('article: ', ''),
        ids: list,
        note,
      };
    });
}

describe('the knowledge folder', () => {
  it('loads without a single problem', () => {
    expect(inspection.problems).toEqual([]);
  });

  it.each([...entryFiles, ...sharedFiles])(
    '%s holds to its schema and cross-references',
    (file) => {
      expect(inspection.problems.filter((p) => p.startsWith(`${file}: `))).toEqual([]);
    },
  );

  it('has one entry per file, with an id equal to its file name and unique', () => {
    const ids = knowledge().entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of knowledge().entries) expect(e.file).toBe(`knowledge/causes/${e.id}.md`);
  });

  it('points every question at an existing fact and its answers', () => {
    const facts = new Map(
      knowledge().facts.map((f) => [f.id, new Set(f.answers.map((a) => a.value))]),
    );
    const dangling = knowledge().entries.flatMap((e) =>
      e.questions.flatMap((q) => {
        const answers = facts.get(q.fact);
        if (!answers) return [`${e.id}: fact ${q.fact}`];
        return [...q.confirms, ...q.rules_out]
          .filter((v) => !answers.has(v))
          .map((v) => `${e.id}: ${q.fact}=${v}`);
      }),
    );
    expect(knowledge().facts.length).toBeGreaterThan(0);
    expect(dangling).toEqual([]);
  });

  it('names only existing entries as neighbours and in the reference files', () => {
    const ids = entryIds();
    const { statusCodes, win32 } = knowledge().reference;
    const dangling = [
      ...knowledge().entries.flatMap((e) =>
        e.neighbours.filter((n) => !ids.has(n)).map((n) => `${e.id} -> ${n}`),
      ),
      ...statusCodes.flatMap((c) =>
        c.entries
          .filter((n) => !ids.has(n))
          .map((n) => `${codeKey(c.status, c.substatus)} -> ${n}`),
      ),
      ...win32.flatMap((w) => w.entries.filter((n) => !ids.has(n)).map((n) => `${w.name} -> ${n}`)),
    ];
    expect(dangling).toEqual([]);
  });

  it('cites at least one source in every entry, and article sections by their names', () => {
    for (const e of knowledge().entries) expect(e.sources.length, e.id).toBeGreaterThan(0);
    const badArticle = knowledge()
      .entries.flatMap((e) => e.sources.map((s) => [e.id, s] as const))
      .filter(([, s]) => /^article\b/i.test(s))
      .filter(([, s]) => !ARTICLE_SECTIONS.some((sec) => s.startsWith(`article: ${sec}`)))
      .map(([id, s]) => `${id}: ${s}`);
    expect(badArticle).toEqual([]);
  });
});

describe('the reference files', () => {
  const has = (status: number, substatus?: number) =>
    knowledge().reference.statusCodes.some((c) => c.status === status && c.substatus === substatus);

  const sub = (status: number, subs: number[]): [number, number][] => subs.map((s) => [status, s]);
  it.each([
    ...sub(401, [1, 2, 3, 4, 5, 7, 501, 502, 503, 504]),
    ...sub(403, [7, 14, 16, 501, 502, 503, 504]),
    ...sub(500, [0, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 100]),
    ...sub(500, [30, 31, 32, 33, 34, 35, 36, 37, 38]),
    ...sub(502, [1, 2, 3, 4, 5, 6, 7]),
    ...sub(503, [0, 1, 2, 3, 4, 5]),
    ...sub(413, [1]),
  ])('explain %i.%i', (status, substatus) => {
    expect(has(status, substatus)).toBe(true);
  });

  it.each([200, 301, 302, 304, 400, 401, 403, 404, 431, 500, 502, 503])(
    'explain a bare %i',
    (status) => {
      expect(has(status)).toBe(true);
    },
  );

  it('give every status with substatus rows a general meaning to fall back on', () => {
    const statuses = new Set(knowledge().reference.statusCodes.map((c) => c.status));
    const orphans = [...statuses].filter(
      (s) => findStatusCode(knowledge().reference, s, 999)?.exact !== false,
    );
    expect(orphans).toEqual([]);
  });

  it('give 401.1 and 401.2 the entries that explain them, and 403.14 its entry', () => {
    const entriesOf = (s: number, sub: number) =>
      findStatusCode(knowledge().reference, s, sub)?.code.entries ?? [];
    expect(entriesOf(401, 1)).toEqual(
      expect.arrayContaining(['wrong-credentials', 'loopback-check', 'ntlm-handshake-normal']),
    );
    expect(entriesOf(401, 2)).toEqual(
      expect.arrayContaining(['proxy-breaks-ntlm', 'client-lacks-auth-protocol']),
    );
    expect(entriesOf(403, 14)).toEqual(['no-handler-directory-listing']);
  });

  it('list under each code every entry that explains it with a strong or typical fit', () => {
    const missing = knowledge().entries.flatMap((e) =>
      e.codes
        .filter((p) => p.fit !== 'weak')
        .filter((p) => {
          const row = findStatusCode(knowledge().reference, p.status, p.substatus);
          return !row?.code.entries.includes(e.id);
        })
        .map((p) => `${codeKey(p.status, p.substatus)}: add ${e.id}`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it.each([0, 5, 64, 1326, 1909, 2148074248, 2148074252, 2148074254])(
    'explain win32 %i',
    (value) => {
      expect(knowledge().reference.win32.some((w) => w.value === value)).toBe(true);
    },
  );
});

describe('the coverage table in knowledge/README.md', () => {
  const rows = coverageRows('comment');

  it('lists comments 1..N once each, in order, naming existing entries', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => Number(r.key))).toEqual(rows.map((_, i) => i + 1));
    const ids = entryIds();
    expect(
      rows.flatMap((r) =>
        r.ids.filter((id) => !ids.has(id)).map((id) => `comment ${r.key}: ${id}`),
      ),
    ).toEqual([]);
  });

  it('gives a reason for every comment that feeds no entry', () => {
    expect(rows.filter((r) => r.ids.length === 0 && r.note.length < 4).map((r) => r.key)).toEqual(
      [],
    );
  });

  it("lists every entry that cites a comment in that comment's row", () => {
    const byComment = new Map(rows.map((r) => [r.key, new Set(r.ids)]));
    const missing = knowledge().entries.flatMap((e) =>
      e.sources
        .map((s) => /^comment (\d+)$/.exec(s)?.[1])
        .filter((n): n is string => n !== undefined)
        .filter((n) => !byComment.get(n)?.has(e.id))
        .map((n) => `comment ${n}: ${e.id}`),
    );
    expect(missing).toEqual([]);
  });

  it('maps each article section to existing entries', () => {
    const article = coverageRows('article');
    expect(article.map((r) => r.key)).toEqual(ARTICLE_SECTIONS);
    const ids = entryIds();
    expect(article.flatMap((r) => r.ids.filter((id) => !ids.has(id)))).toEqual([]);
    expect(article.every((r) => r.ids.length > 0)).toBe(true);
  });
});

describeShared('seed', 'citations against the seed thread', () => {
  const seed = seedComments();

  it("reads the thread's numbered comments", () => {
    expect(seed.numbers.length).toBeGreaterThan(80);
    expect(seed.numbers).toEqual(seed.numbers.map((_, i) => i + 1));
  });

  it('cites only comments that exist in the thread', () => {
    const exists = new Set(seed.numbers);
    const texts = [
      ...entryFiles.map(
        (f) =>
          [
            f,
            readFileSync(`${DEFAULT_KNOWLEDGE_DIR}${f.slice('knowledge/'.length)}`, 'utf8'),
          ] as const,
      ),
      ...sharedFiles
        .filter((f) => existsSync(`${DEFAULT_KNOWLEDGE_DIR}${f.slice('knowledge/'.length)}`))
        .map(
          (f) =>
            [
              f,
              readFileSync(`${DEFAULT_KNOWLEDGE_DIR}${f.slice('knowledge/'.length)}`, 'utf8'),
            ] as const,
        ),
    ];
    const bad = texts.flatMap(([f, t]) =>
      citedComments(t)
        .filter((n) => !exists.has(n))
        .map((n) => `${f}: comment ${n}`),
    );
    expect(bad).toEqual([]);
  });

  it('has a coverage row for every comment the thread declares, and no more', () => {
    const rows = coverageRows('comment').map((r) => Number(r.key));
    expect(rows).toEqual(
      Array.from({ length: Math.max(seed.declared, seed.numbers.length) }, (_, i) => i + 1),
    );
  });

  it('marks comments declared but missing from the seed copy as such', () => {
    const present = new Set(seed.numbers);
    const rows = coverageRows('comment').filter((r) => !present.has(Number(r.key)));
    for (const r of rows) {
      expect(r.ids, `comment ${r.key}`).toEqual([]);
      expect(r.note, `comment ${r.key}`).toMatch(/not in the seed/);
    }
  });
});

describeShared(CAUSE_IDS, 'the contract ids in cause-ids.md', () => {
  const required = causeIds();

  it('reads the id list', () => {
    expect(required.length).toBeGreaterThanOrEqual(40);
  });

  it.each(required)('has an entry %s', (id) => {
    expect(existsSync(`${DEFAULT_KNOWLEDGE_DIR}causes/${id}.md`), `knowledge/causes/${id}.md`).toBe(
      true,
    );
    expect(entryIds().has(id), `${id} exists but does not load`).toBe(true);
  });
});

describe('citedComments', () => {
  it.each([
    ['comment 25', [25]],
    ['see comments 20 and 56, and comment 6', [20, 56, 6]],
    ['Comments 22-25', [22, 25]],
    ['commentary 5', []],
  ])('reads %j', (text, numbers) => {
    expect(citedComments(text)).toEqual(numbers);
  });
});
