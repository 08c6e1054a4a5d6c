import { describe, expect, it } from 'vitest';
import {
  parseEntry,
  parseErrorPages,
  parseFacts,
  parseStatusCodes,
  parseWin32,
} from '../../src/knowledge/index.js';
import { entryText, ERROR_PAGES, FACTS, STATUS_CODES, WIN32 } from './helpers.js';

const FILE = 'knowledge/causes/alpha.md';
const problemsOf = (r: { ok: true } | { ok: false; problems: string[] }): string[] =>
  r.ok ? [] : r.problems;

describe('parseEntry', () => {
  it('parses front matter and body, applying defaults', () => {
    const r = parseEntry(FILE, entryText('alpha', {}, '\nThe mechanism.\n\nMore.\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toMatchObject({
      id: 'alpha',
      kind: 'cause',
      file: FILE,
      body: 'The mechanism.\n\nMore.',
      neighbours: [],
      against: [],
      codes: [{ status: 401, substatus: 1, fit: 'typical' }],
      questions: [{ fact: 'where', confirms: ['here'], rules_out: ['there'], weight: 'normal' }],
    });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const r = parseEntry(FILE, '\uFEFF' + entryText('alpha').replace(/\n/g, '\r\n'));
    expect(r.ok && r.entry.body).toBe('Why it fails.');
  });

  it('accepts a howto with do-steps', () => {
    const r = parseEntry(
      'knowledge/causes/howto-x.md',
      entryText('howto-x', { kind: 'howto', steps: '{ do: { all: [open the log] } }' }),
    );
    expect(r.ok && r.entry.kind).toBe('howto');
  });

  it.each([
    ['no opening line', 'id: alpha\n', 'front matter: the file must start with a --- line'],
    ['no closing line', '---\nid: alpha\n', 'front matter: no closing --- line'],
    [
      'front matter that is not a mapping',
      '---\n- a\n---\nbody',
      '(root): expected object, received array (line 2)',
    ],
  ])('reports %s', (_name, text, problem) => {
    expect(problemsOf(parseEntry(FILE, text))).toContain(`${FILE}: ${problem}`);
  });

  it('names each bad field with its path, reason and line', () => {
    const text = entryText('alpha', {
      codes: '[{ status: 401, substatus: one }]',
      samples: '[only one]',
      sources: '[]',
      steps: '{ confirm: {}, fix: { all: [x] }, verify: [y] }',
    });
    expect(problemsOf(parseEntry(FILE, text))).toEqual([
      `${FILE}: codes.0.substatus: expected number, received string (line 6)`,
      `${FILE}: samples: too small: expected array to have >=2 items (line 8)`,
      `${FILE}: sources: too small: expected array to have >=1 items (line 10)`,
      `${FILE}: steps.confirm: needs at least one step in all, iis6 or iis7 (line 11)`,
    ]);
  });

  it('reports a misspelt key as unknown rather than ignoring it', () => {
    const text = entryText('alpha', { neighbors: '[beta]' });
    expect(problemsOf(parseEntry(FILE, text))).toEqual([
      `${FILE}: neighbors: unknown key (misspelt, or not in the schema) (line 12)`,
    ]);
  });

  it('reports a question without confirms or rules_out', () => {
    const text = entryText('alpha', { questions: '[{ fact: where }]' });
    expect(problemsOf(parseEntry(FILE, text))[0]).toMatch(
      /questions\.0: a question needs confirms or rules_out/,
    );
  });

  it('reports an id that is not the file name, and a bad id', () => {
    expect(problemsOf(parseEntry(FILE, entryText('beta')))).toEqual([
      `${FILE}: id: 'beta' must equal the file name 'alpha'`,
    ]);
    expect(problemsOf(parseEntry('knowledge/causes/Alpha.md', entryText('Alpha')))[0]).toMatch(
      /: id: lower-case words joined by hyphens/,
    );
  });

  it('reports an empty body', () => {
    expect(problemsOf(parseEntry(FILE, entryText('alpha', {}, '  \n')))).toEqual([
      `${FILE}: body: empty: explain the mechanism below the front matter`,
    ]);
  });

  it('reports duplicate keys and YAML syntax errors with a line in the file', () => {
    const dup = entryText('alpha').replace('title:', 'title: one\ntitle:');
    expect(problemsOf(parseEntry(FILE, dup))).toEqual([
      `${FILE}: yaml: Map keys must be unique (line 5)`,
    ]);
  });

  it('refuses a file far larger than any entry', () => {
    expect(problemsOf(parseEntry(FILE, 'x'.repeat(600_000)))[0]).toMatch(/\(file\): larger than/);
  });
});

describe('shared file parsers', () => {
  it('parse valid facts and reference files', () => {
    expect(parseFacts('f', FACTS)).toMatchObject({ ok: true, value: [{ id: 'where' }] });
    expect(parseStatusCodes('s', STATUS_CODES)).toMatchObject({
      ok: true,
      value: [
        { status: 401, entries: [] },
        { status: 401, substatus: 1 },
      ],
    });
    expect(parseWin32('w', WIN32)).toMatchObject({ ok: true, value: [{ benign: false }] });
    expect(parseErrorPages('e', ERROR_PAGES)).toMatchObject({ ok: true });
  });

  it('report a label that YAML split at a comma inside a flow mapping', () => {
    const text = FACTS.replace('label: There }', 'label: Yes, there }');
    expect(problemsOf(parseFacts('knowledge/facts.yaml', text))).toEqual([
      'knowledge/facts.yaml: 0.answers.1.there: unknown key (misspelt, or not in the schema) (line 6)',
    ]);
  });

  it('report YAML aliases that expand too far instead of throwing', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 8; i++) {
      text += `b${i}: &b${i} [${Array<string>(10)
        .fill(i === 0 ? '*a' : `*b${i - 1}`)
        .join(', ')}]\n`;
    }
    expect(problemsOf(parseFacts('f', text))[0]).toMatch(/^f: yaml: Excessive alias count/);
  });

  it('report an empty file and a number where text belongs', () => {
    expect(problemsOf(parseStatusCodes('s', ''))).toEqual([
      's: (root): expected array, received null',
    ]);
    const text = WIN32.replace('sources: [winerror.h]', 'sources: [2003]');
    expect(problemsOf(parseWin32('w', text))).toEqual([
      'w: 0.sources.0: expected string, received number (line 7)',
    ]);
  });
});
