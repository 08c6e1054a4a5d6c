import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.js';
import {
  DETECTORS,
  entryText,
  makeKnowledge,
  removeKnowledge,
  STATUS_CODES,
  WIN32,
} from './helpers.js';

const made: string[] = [];
async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = await makeKnowledge(files);
  made.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map(removeKnowledge));
});

/** The E_KNOWLEDGE message loading `dir` fails with. */
async function failure(dir: string): Promise<string> {
  const error: unknown = await loadKnowledge(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  expect(error.code).toBe('E_KNOWLEDGE');
  return error.message;
}

describe('loadKnowledge', () => {
  it('loads a valid folder with entries sorted by id and their bodies', async () => {
    const dir = await folder({
      'causes/gamma.md': entryText('gamma'),
      'causes/alpha.md': entryText('alpha', { neighbours: '[gamma]' }, 'Alpha body.'),
    });
    const k = await loadKnowledge(dir);
    expect(k.entries.map((e) => e.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(k.entries[0]).toMatchObject({
      body: 'Alpha body.',
      file: 'knowledge/causes/alpha.md',
      versions: ['iis6', 'iis7'],
    });
    expect(k.facts.map((f) => f.id)).toEqual(['where']);
    expect(k.reference.statusCodes).toHaveLength(2);
    expect(k.reference.win32[0]?.name).toBe('ERROR_LOGON_FAILURE');
    expect(k.reference.errorPages[0]?.phrase).toBe('logon failed');
    // fragments expanded and words wrapped: the reader gets whole patterns
    expect(k.reference.detectors).toEqual({
      detectors: [
        {
          fact: 'where',
          value: { fails: 'here', works: 'there' },
          source: String.raw`\b(?:fails (?:here|over here))\b`,
          flags: 'gi',
          examples: [
            ['it fails here', 'here'],
            ['it fails somewhere', null],
          ],
        },
      ],
      policies: { where: 'first' },
    });
  });

  it('accepts entries written with CRLF line ends', async () => {
    const dir = await folder({ 'causes/beta.md': entryText('beta').replace(/\n/g, '\r\n') });
    const k = await loadKnowledge(dir);
    expect(k.entries.find((e) => e.id === 'beta')?.body).toBe('Why it fails.');
  });

  it('names the file, the field path and the reason of a bad value', async () => {
    const dir = await folder({
      'causes/beta.md': entryText('beta', { codes: "[{ status: '401' }]" }),
    });
    expect(await failure(dir)).toContain(
      'knowledge/causes/beta.md: codes.0.status: expected number, received string (line 6)',
    );
  });

  it('reports a misspelt key, an id that differs from the file name, and an empty body', async () => {
    const dir = await folder({
      'causes/beta.md': entryText('beta-two', { phrase: '[x]' }, ''),
    });
    const message = await failure(dir);
    expect(message).toContain('knowledge/causes/beta.md: phrase: unknown key');
    expect(message).toContain(
      "knowledge/causes/beta.md: id: 'beta-two' must equal the file name 'beta'",
    );
    expect(message).toContain('knowledge/causes/beta.md: body: empty');
  });

  it('collects problems from several files before failing', async () => {
    const dir = await folder({
      'causes/alpha.md': entryText('alpha', { title: '' }),
      'causes/beta.md': 'no front matter here',
      'facts.yaml': '- id: where\n  question: Where?\n',
      'reference/win32.yaml': '- value: -5\n',
    });
    const message = await failure(dir);
    expect(message).toContain('knowledge/causes/alpha.md: title: required');
    expect(message).toContain(
      'knowledge/causes/beta.md: front matter: the file must start with a --- line',
    );
    expect(message).toContain('knowledge/facts.yaml: 0.customer: required');
    expect(message).toContain('knowledge/reference/win32.yaml: 0.value: too small');
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = await folder({ 'causes/beta.md': entryText('beta', { title: '[unclosed' }) });
    expect(await failure(dir)).toMatch(/knowledge\/causes\/beta\.md: yaml: .*\(line \d+\)/);
  });

  it('reports a missing facts.yaml and a missing reference file', async () => {
    const dir = await folder({ 'facts.yaml': '', 'reference/error-pages.yaml': '' });
    const message = await failure(dir);
    expect(message).toContain('knowledge/facts.yaml: (file): file is missing');
    expect(message).toContain('knowledge/reference/error-pages.yaml: (file): file is missing');
    // questions are not checked against facts that did not load
    expect(message).not.toContain('unknown fact');
  });

  it('reports questions, neighbours and reference rows that point nowhere', async () => {
    const dir = await folder({
      'causes/beta.md': entryText('beta', {
        questions:
          '[{ fact: when, confirms: [now], rules_out: [now] }, { fact: where, confirms: [here, nowhere], rules_out: [here] }]',
        neighbours: '[beta, delta]',
      }),
      'reference/win32.yaml': WIN32_TO('ghost'),
    });
    const message = await failure(dir);
    expect(message).toContain("knowledge/causes/beta.md: questions.0.fact: unknown fact 'when'");
    expect(message).toContain(
      "knowledge/causes/beta.md: questions.1.confirms.1: 'nowhere' is not an answer of fact 'where' (here, there)",
    );
    expect(message).toContain(
      "knowledge/causes/beta.md: questions.1: 'here' both confirms and rules out",
    );
    // a question on an unknown fact says only that
    expect(message).not.toContain("questions.0: 'now' both confirms and rules out");
    expect(message).toContain(
      'knowledge/causes/beta.md: neighbours.0: an entry is not its own neighbour',
    );
    expect(message).toContain("knowledge/causes/beta.md: neighbours.1: unknown entry 'delta'");
    expect(message).toContain(
      "knowledge/reference/win32.yaml: 0.entries.0: unknown entry 'ghost' (ERROR_LOGON_FAILURE)",
    );
  });

  it('reports a reference row listed twice, and a status row naming an unknown entry', async () => {
    const dir = await folder({
      'reference/status-codes.yaml': `${STATUS_CODES}${STATUS_CODES.replace('[alpha]', '[ghost]')}`,
      'reference/win32.yaml': `${WIN32}${WIN32}`,
    });
    const message = await failure(dir);
    expect(message).toContain('knowledge/reference/status-codes.yaml: 401: listed more than once');
    expect(message).toContain(
      'knowledge/reference/status-codes.yaml: 401.1: listed more than once',
    );
    expect(message).toContain(
      "knowledge/reference/status-codes.yaml: 3.entries.0: unknown entry 'ghost' (401.1)",
    );
    expect(message).toContain('knowledge/reference/win32.yaml: 1326: listed more than once');
  });

  it('names the detector whose pattern does not compile or names an unknown fragment', async () => {
    const dir = await folder({
      'reference/detectors.yaml': DETECTORS.replace(
        "words: 'fails {WHERE}'",
        "pattern: 'fails (here'",
      ).concat(
        `  - fact: where\n    value: here\n    words: '{NOWHERE}'\n    examples: [[here, here], [there, null]]\n`,
        `  - fact: where\n    value: here\n    examples: [[here, here], [there, null]]\n`,
      ),
    });
    const message = await failure(dir);
    expect(message).toMatch(
      /knowledge\/reference\/detectors\.yaml: detectors\.0\.pattern: detector 1 \(where\): does not compile: .*Unterminated group \(line 8\)/,
    );
    expect(message).toContain(
      'knowledge/reference/detectors.yaml: detectors.1.words: detector 2 (where): unknown fragment {NOWHERE} (line 14)',
    );
    expect(message).toContain(
      'detectors.2.pattern: detector 3 (where): needs words or a pattern, one of them',
    );
  });

  it('reports detectors and policies naming an unknown fact or answer', async () => {
    const dir = await folder({
      'reference/detectors.yaml': DETECTORS.replace('where: first', 'when: first')
        .replace('works: there', 'works: elsewhere')
        .replace('null]', 'nowhere]')
        .concat(
          `  - fact: when\n    value: now\n    words: now\n    examples: [[now, now], [later, null]]\n`,
        ),
    });
    const message = await failure(dir);
    const file = 'knowledge/reference/detectors.yaml';
    expect(message).toContain(`${file}: policies.when: unknown fact 'when'`);
    expect(message).toContain(
      `${file}: detectors.0.value.works: 'elsewhere' is not an answer of fact 'where' (here, there)`,
    );
    expect(message).toContain(
      `${file}: detectors.0.examples.1: 'nowhere' is not an answer of fact 'where' (here, there)`,
    );
    expect(message).toContain(`${file}: detectors.1.fact: unknown fact 'when'`);
  });

  it('does not echo references to an entry that exists but failed to parse', async () => {
    const dir = await folder({ 'causes/beta.md': entryText('beta', { title: '' }) });
    const message = await failure(dir);
    expect(message).toContain('knowledge/causes/beta.md: title: required');
    expect(message).not.toContain("unknown entry 'beta'");
  });

  it('shows at most 20 problem lines and counts the rest', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 25; i++)
      many[`causes/bad-${i}.md`] = entryText(`bad-${i}`, { samples: '[one]' });
    const message = await failure(await folder(many));
    const lines = message.split('\n');
    expect(lines[0]).toMatch(/is unusable: 25 problems$/);
    expect(lines.filter((l) => l.includes(': samples: '))).toHaveLength(20);
    expect(lines.at(-1)).toBe('  and 5 more');
  });

  it('reports a missing causes folder and files that are not entries', async () => {
    const dir = await folder({ 'causes/notes.txt': 'scratch' });
    expect(await failure(dir)).toContain(
      'knowledge/causes/notes.txt: (file): only <id>.md entries belong in causes/',
    );
  });

  it('finds the repository knowledge folder from its own location, not the working directory', () => {
    expect(DEFAULT_KNOWLEDGE_DIR).toBe(fileURLToPath(new URL('../../knowledge/', import.meta.url)));
  });
});

function WIN32_TO(id: string): string {
  return `- value: 1326
  name: ERROR_LOGON_FAILURE
  kind: win32
  meaning: Bad password.
  in_iis: Wrong credentials.
  entries: [${id}]
  sources: [winerror.h]
`;
}
