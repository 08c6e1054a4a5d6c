import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { AppError } from '../errors.js';
import type { KnowledgeFiles, SharedFile } from './crosscheck.js';
import type { ParseFailure } from './parse.js';
import { DEFAULT_KNOWLEDGE_DIR, KNOWLEDGE_CODE_DIR } from './dirs.js';
import type { Entry, Knowledge, ModelData } from './schema.js';
import type { Artefact } from './snapshot.js';
import { loadArtefact } from './snapshots/load.js';

export { DEFAULT_KNOWLEDGE_DIR, KNOWLEDGE_CODE_DIR } from './dirs.js';
export { isSnapshotCurrent, loadArtefact, readSnapshot, writeSnapshot } from './snapshots/load.js';

/** The files every entry shares, by the name crossCheck reports them under. */
const SHARED_FILES: KnowledgeFiles = {
  facts: 'facts.yaml',
  statusCodes: 'reference/status-codes.yaml',
  win32: 'reference/win32.yaml',
  errorPages: 'reference/error-pages.yaml',
  detectors: 'reference/detectors.yaml',
};

/** Problem lines shown in the error; the rest are counted. */
export const MAX_PROBLEM_LINES = 20;

const isMissing = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'ENOENT';

/** `E_KNOWLEDGE` with at most 20 problem lines, then "and N more". */
export function knowledgeError(dir: string, problems: readonly string[]): AppError {
  const shown = problems.slice(0, MAX_PROBLEM_LINES);
  const more = problems.length - shown.length;
  const lines = [
    `knowledge in ${dir} is unusable: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    ...shown.map((p) => `  ${p}`),
    ...(more > 0 ? [`  and ${more} more`] : []),
  ];
  return new AppError('E_KNOWLEDGE', lines.join('\n'));
}

/**
 * The learned ranking (`npm run train` writes it): optional, since the ranking falls back to the
 * knowledge's own evidence; a file that is there but unreadable or malformed is a problem.
 */
async function readRanking(
  path: string,
  show: (p: string) => string,
  problems: string[],
): Promise<ModelData | undefined> {
  // loaded here, as the parser is: a start from a current snapshot needs neither
  const [{ ModelDataSchema }, { formatProblem }] = await Promise.all([
    import('./schema.js'),
    import('./parse.js'),
  ]);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (isMissing(e)) return undefined;
    problems.push(formatProblem(show(path), '(file)', `cannot be read (${String(e)})`));
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(formatProblem(show(path), '(file)', 'is not JSON: run `npm run train`'));
    return undefined;
  }
  const r = ModelDataSchema.safeParse(json);
  if (r.success) return r.data;
  for (const issue of r.error.issues.slice(0, 5))
    problems.push(formatProblem(show(path), issue.path.join('.') || '(file)', issue.message));
  return undefined;
}

/** What a read of the folder found: everything that parsed, and every problem. */
export interface KnowledgeInspection {
  knowledge: Knowledge;
  problems: string[];
  /** Display names (`knowledge/causes/x.md`) of every file read or expected, in order. */
  files: string[];
}

/**
 * The knowledge in `dir`: from its snapshot (build/knowledge.snapshot.json) when that was compiled
 * from the folder and the loading code as they are now, else read and validated from the files.
 * Collects every problem across all files before failing, so one run shows everything to fix;
 * throws AppError('E_KNOWLEDGE') if any.
 */
export async function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<Knowledge> {
  return (await loadArtefact(knowledgeArtefact(dir))).value;
}

/** The knowledge in `dir` read and validated from its files, never from a snapshot. */
export async function compileKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<Knowledge> {
  const { knowledge, problems } = await inspectKnowledge(dir);
  if (problems.length > 0) throw knowledgeError(join(dir, '.'), problems);
  return knowledge;
}

/**
 * Reads the folder without failing: the knowledge that parsed (broken files left out) and every
 * problem. For tests and tools that report per file; the app uses loadKnowledge.
 */
export async function inspectKnowledge(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
): Promise<KnowledgeInspection> {
  // YAML and zod load only here: a start from a current snapshot never needs them
  const { crossCheck } = await import('./crosscheck.js');
  const { formatProblem, idFromFile, parseEntry, ...parse } = await import('./parse.js');
  const root = dirname(join(dir, '.'));
  const show = (path: string): string => relative(root, path).split('\\').join('/');
  const problems: string[] = [];

  // A missing or unreadable file is one problem line; the load goes on to find the others.
  async function read(path: string): Promise<{ text: string } | { problem: string }> {
    try {
      return { text: await readFile(path, 'utf8') };
    } catch (e) {
      const reason = isMissing(e) ? 'file is missing' : `cannot be read (${String(e)})`;
      return { problem: formatProblem(show(path), '(file)', reason) };
    }
  }
  /** The text, or undefined after recording why not (in a fixed order, not completion order). */
  const textOf = (r: { text: string } | { problem: string }): string | undefined => {
    if ('text' in r) return r.text;
    problems.push(r.problem);
    return undefined;
  };

  const causesDir = join(dir, 'causes');
  let names: string[] = [];
  try {
    names = (await readdir(causesDir)).filter((n) => !n.startsWith('.')).sort();
  } catch (e) {
    const reason = isMissing(e) ? 'folder is missing' : `cannot be read (${String(e)})`;
    problems.push(formatProblem(show(causesDir), '(folder)', reason));
  }
  for (const name of names.filter((n) => !n.endsWith('.md'))) {
    problems.push(
      formatProblem(
        show(join(causesDir, name)),
        '(file)',
        'only <id>.md entries belong in causes/',
      ),
    );
  }

  const entryPaths = names.filter((n) => n.endsWith('.md')).map((n) => join(causesDir, n));
  const shared = Object.keys(SHARED_FILES) as SharedFile[];
  const shown = Object.fromEntries(
    shared.map((k) => [k, show(join(dir, SHARED_FILES[k]))]),
  ) as KnowledgeFiles;
  const [entryReads, sharedReads] = await Promise.all([
    Promise.all(entryPaths.map(read)),
    Promise.all(shared.map((k) => read(join(dir, SHARED_FILES[k])))),
  ]);
  const entryTexts = entryReads.map(textOf);
  const sharedTexts = sharedReads.map(textOf);

  const entries: Entry[] = [];
  const brokenEntryIds: string[] = [];
  entryPaths.forEach((path, i) => {
    const text = entryTexts[i];
    const r = text === undefined ? undefined : parseEntry(show(path), text);
    if (r?.ok) entries.push(r.entry);
    else {
      brokenEntryIds.push(idFromFile(path));
      if (r) problems.push(...r.problems);
    }
  });

  /** A shared file's rows, or undefined (the file is broken) after recording its problems. */
  function rows<T>(
    k: SharedFile,
    parseFile: (file: string, text: string) => { ok: true; value: T } | ParseFailure,
  ): T | undefined {
    const text = sharedTexts[shared.indexOf(k)];
    const r = text === undefined ? undefined : parseFile(shown[k], text);
    if (r && !r.ok) problems.push(...r.problems);
    return r?.ok ? r.value : undefined;
  }
  const facts = rows('facts', parse.parseFacts);
  const statusCodes = rows('statusCodes', parse.parseStatusCodes);
  const win32 = rows('win32', parse.parseWin32);
  const errorPages = rows('errorPages', parse.parseErrorPages);
  const detectors = rows('detectors', parse.parseDetectors);
  const loaded = { facts, statusCodes, win32, errorPages, detectors };
  const brokenFiles = shared.filter((k) => loaded[k] === undefined);

  const ranking = await readRanking(join(dir, 'ranking.json'), show, problems);
  const knowledge: Knowledge = {
    ...(ranking ? { ranking } : {}),
    entries: entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    facts: facts ?? [],
    reference: {
      statusCodes: statusCodes ?? [],
      win32: win32 ?? [],
      errorPages: errorPages ?? [],
      detectors: detectors ?? { detectors: [], policies: {} },
    },
  };
  // Cross-checks run on whatever loaded; references into broken files are not echoed as problems.
  problems.push(...crossCheck(knowledge, { files: shown, brokenEntryIds, brokenFiles }));
  return { knowledge, problems, files: [...entryPaths.map(show), ...shared.map((k) => shown[k])] };
}

/** The knowledge in `dir` as an artefact: compiled from the folder and the code that reads it. */
export const knowledgeArtefact = (dir: string = DEFAULT_KNOWLEDGE_DIR): Artefact<Knowledge> => ({
  name: 'knowledge',
  sources: [dir],
  code: [KNOWLEDGE_CODE_DIR],
  compile: () => compileKnowledge(dir),
});
