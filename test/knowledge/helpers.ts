import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A small valid entry; `front` replaces or adds front-matter lines by key. */
export function entryText(
  id: string,
  front: Record<string, string> = {},
  body = 'Why it fails.',
): string {
  const fields: Record<string, string> = {
    id,
    kind: 'cause',
    title: `Title of ${id}`,
    summary: 'One line.',
    codes: '[{ status: 401, substatus: 1 }]',
    phrases: '[first phrase, second phrase, third phrase]',
    samples: '["a whole message", "another whole message"]',
    questions: '[{ fact: where, confirms: [here], rules_out: [there] }]',
    sources: '[comment 5]',
    steps: '{ confirm: { all: [look] }, fix: { iis7: [change it] }, verify: [works] }',
    ...front,
  };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`);
  return ['---', ...lines, '---', body, ''].join('\n');
}

export const FACTS = `- id: where
  question: Where does it fail?
  customer: Where does the error show?
  answers:
    - { value: here, label: Here }
    - { value: there, label: There }
`;

export const STATUS_CODES = `- status: 401
  label: Unauthorized
  meaning: Access denied.
  first_steps: [Find the substatus]
  versions: [iis7]
  sources: [article]
- status: 401
  substatus: 1
  label: Logon failed
  meaning: Windows refused the logon.
  first_steps: [Check the account]
  versions: [iis6, iis7]
  entries: [alpha]
  sources: [article]
`;

export const WIN32 = `- value: 1326
  name: ERROR_LOGON_FAILURE
  kind: win32
  meaning: Unknown user name or bad password.
  in_iis: The credentials were wrong.
  entries: [alpha]
  sources: [winerror.h]
`;

export const ERROR_PAGES = `- phrase: logon failed
  status: 401
  substatus: 1
  versions: [iis7]
  sources: [article]
`;

export const DETECTORS = `fragments:
  WHERE: '(?:here|over here)'
policies:
  where: first
detectors:
  - fact: where
    value: { fails: here, works: there }
    words: 'fails {WHERE}'
    examples:
      - ['it fails here', here]
      - ['it fails somewhere', null]
`;

/** A valid knowledge folder with two entries; `files` overrides or adds (empty string deletes). */
export async function makeKnowledge(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'iis-triage-knowledge-'));
  const dir = join(root, 'knowledge');
  const all: Record<string, string> = {
    'facts.yaml': FACTS,
    'reference/status-codes.yaml': STATUS_CODES,
    'reference/win32.yaml': WIN32,
    'reference/error-pages.yaml': ERROR_PAGES,
    'reference/detectors.yaml': DETECTORS,
    'causes/alpha.md': entryText('alpha', { neighbours: '[beta]' }),
    'causes/beta.md': entryText('beta'),
    ...files,
  };
  await mkdir(join(dir, 'causes'), { recursive: true });
  for (const [name, text] of Object.entries(all)) {
    if (text === '') continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

export const removeKnowledge = (dir: string): Promise<void> =>
  rm(dirname(dir), { recursive: true, force: true });
