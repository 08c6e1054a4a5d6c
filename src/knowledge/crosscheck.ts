import { formatProblem } from './parse.js';
import type { DetectorTable } from './detectors.js';
import type { Entry, Fact, Knowledge } from './schema.js';

export type SharedFile = 'facts' | 'statusCodes' | 'win32' | 'errorPages' | 'detectors';
/** Display names of the shared files, for problem lines. */
export type KnowledgeFiles = Record<SharedFile, string>;

export interface CrossCheckOptions {
  files: KnowledgeFiles;
  /** Ids of entry files that exist but failed to parse: references to them are not reported. */
  brokenEntryIds?: readonly string[];
  /** Shared files that failed to load: checks that need them are skipped, not echoed. */
  brokenFiles?: readonly SharedFile[];
}

export const codeKey = (status: number, substatus?: number): string =>
  substatus === undefined ? String(status) : `${status}.${substatus}`;

/** Values that occur more than once, each reported once. */
function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

function checkFacts(facts: readonly Fact[], file: string): string[] {
  const problems = duplicates(facts.map((f) => f.id)).map((id) =>
    formatProblem(file, 'id', `fact '${id}' is defined more than once`),
  );
  facts.forEach((fact, i) => {
    for (const value of duplicates(fact.answers.map((a) => a.value))) {
      problems.push(
        formatProblem(file, `${i}.answers`, `fact '${fact.id}' has answer '${value}' twice`),
      );
    }
  });
  return problems;
}

/**
 * What `at` says of fact `id`: an unknown fact (the one problem then), or each value (by its
 * field path) that is not one of its answers.
 */
function answerProblems(
  file: string,
  at: string,
  id: string,
  values: readonly (readonly [path: string, value: string | null | undefined])[],
  factsById: ReadonlyMap<string, Fact>,
): string[] {
  const fact = factsById.get(id);
  if (!fact) return [formatProblem(file, `${at}.fact`, `unknown fact '${id}'`)];
  const answers = fact.answers.map((a) => a.value);
  const reason = (v: string) => `'${v}' is not an answer of fact '${id}' (${answers.join(', ')})`;
  return values.flatMap(([path, v]) =>
    v == null || answers.includes(v) ? [] : [formatProblem(file, `${at}.${path}`, reason(v))],
  );
}

function checkQuestions(entry: Entry, factsById: ReadonlyMap<string, Fact>): string[] {
  return entry.questions.flatMap((q, i) => {
    const values = (['confirms', 'rules_out'] as const).flatMap((field) =>
      q[field].map((v, j) => [`${field}.${j}`, v] as const),
    );
    const problems = answerProblems(entry.file, `questions.${i}`, q.fact, values, factsById);
    if (!factsById.has(q.fact)) return problems;
    const both = q.confirms.filter((v) => q.rules_out.includes(v));
    return [
      ...problems,
      ...both.map((v) =>
        formatProblem(entry.file, `questions.${i}`, `'${v}' both confirms and rules out`),
      ),
    ];
  });
}

function checkNeighbours(entry: Entry, entryIds: ReadonlySet<string>): string[] {
  return entry.neighbours.flatMap((id, i) => {
    if (id === entry.id)
      return [formatProblem(entry.file, `neighbours.${i}`, 'an entry is not its own neighbour')];
    if (!entryIds.has(id))
      return [formatProblem(entry.file, `neighbours.${i}`, `unknown entry '${id}'`)];
    return [];
  });
}

/** Every fact a detector or a policy names exists, and every value it gives is an answer of it. */
function checkDetectors(
  table: DetectorTable,
  factsById: ReadonlyMap<string, Fact>,
  file: string,
): string[] {
  const problems = Object.keys(table.policies)
    .filter((id) => !factsById.has(id))
    .map((id) => formatProblem(file, `policies.${id}`, `unknown fact '${id}'`));
  table.detectors.forEach((d, i) => {
    const values = [
      ...(typeof d.value === 'string'
        ? [['value', d.value] as const]
        : Object.entries(d.value).map(([k, v]) => [`value.${k}`, v] as const)),
      ['negated', d.negated] as const,
      ...d.examples.map(([, v], j) => [`examples.${j}`, v] as const),
    ];
    problems.push(...answerProblems(file, `detectors.${i}`, d.fact, values, factsById));
  });
  return problems;
}

/**
 * Checks that span files: every reference between entries, facts and reference data resolves,
 * and ids are unique. Returns problem lines (empty when all is well).
 */
export function crossCheck(knowledge: Knowledge, options: CrossCheckOptions): string[] {
  const { files } = options;
  const broken = new Set(options.brokenFiles ?? []);
  const { entries, facts, reference } = knowledge;
  const entryIds = new Set([...entries.map((e) => e.id), ...(options.brokenEntryIds ?? [])]);
  const factsById = new Map(facts.map((f) => [f.id, f]));
  const problems: string[] = [];

  for (const id of duplicates(entries.map((e) => e.id))) {
    const [first = '?', ...others] = entries.filter((e) => e.id === id).map((e) => e.file);
    problems.push(formatProblem(first, 'id', `'${id}' is also the id of ${others.join(', ')}`));
  }
  problems.push(...checkFacts(facts, files.facts));
  if (!broken.has('facts'))
    problems.push(...checkDetectors(reference.detectors, factsById, files.detectors));
  for (const entry of entries) {
    if (!broken.has('facts')) problems.push(...checkQuestions(entry, factsById));
    problems.push(...checkNeighbours(entry, entryIds));
  }

  /** A reference table: each row's key listed once, and each entry it names known. */
  const checkTable = (file: string, rows: { key: string; name: string; entries: string[] }[]) => {
    for (const key of duplicates(rows.map((r) => r.key)))
      problems.push(formatProblem(file, key, 'listed more than once'));
    rows.forEach((row, i) =>
      row.entries.forEach((id, j) => {
        const reason = `unknown entry '${id}' (${row.name})`;
        if (!entryIds.has(id)) problems.push(formatProblem(file, `${i}.entries.${j}`, reason));
      }),
    );
  };
  const statusKeys = reference.statusCodes.map((c) => codeKey(c.status, c.substatus));
  checkTable(
    files.statusCodes,
    reference.statusCodes.map((c, i) => ({ key: statusKeys[i]!, name: statusKeys[i]!, ...c })),
  );
  checkTable(
    files.win32,
    reference.win32.map((w) => ({ key: String(w.value), ...w })),
  );

  if (!broken.has('statusCodes')) {
    const known = new Set(statusKeys);
    reference.errorPages.forEach((p, i) => {
      const key = codeKey(p.status, p.substatus);
      if (!known.has(key)) {
        problems.push(
          formatProblem(
            files.errorPages,
            `${i}.status`,
            `${key} has no row in ${files.statusCodes}`,
          ),
        );
      }
    });
  }
  return problems;
}
