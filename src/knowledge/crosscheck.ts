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

function checkQuestions(entry: Entry, factsById: ReadonlyMap<string, Fact>): string[] {
  const problems: string[] = [];
  entry.questions.forEach((q, i) => {
    const fact = factsById.get(q.fact);
    if (!fact) {
      problems.push(formatProblem(entry.file, `questions.${i}.fact`, `unknown fact '${q.fact}'`));
      return;
    }
    const answers = fact.answers.map((a) => a.value);
    for (const field of ['confirms', 'rules_out'] as const) {
      q[field].forEach((value, j) => {
        if (!answers.includes(value)) {
          const reason = `'${value}' is not an answer of fact '${q.fact}' (${answers.join(', ')})`;
          problems.push(formatProblem(entry.file, `questions.${i}.${field}.${j}`, reason));
        }
      });
    }
    for (const value of q.confirms.filter((v) => q.rules_out.includes(v))) {
      problems.push(
        formatProblem(entry.file, `questions.${i}`, `'${value}' both confirms and rules out`),
      );
    }
  });
  return problems;
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
    const fact = factsById.get(d.fact);
    const at = `detectors.${i}`;
    if (!fact) {
      problems.push(
        formatProblem(file, `${at}.fact`, `detector ${i + 1}: unknown fact '${d.fact}'`),
      );
      return;
    }
    const answers = fact.answers.map((a) => a.value);
    const given: (readonly [string, string | null | undefined])[] = [
      ...(typeof d.value === 'string'
        ? [['value', d.value] as const]
        : Object.entries(d.value).map(([k, v]) => [`value.${k}`, v] as const)),
      ['negated', d.negated],
      ...d.examples.map(([, v], j) => [`examples.${j}`, v] as const),
    ];
    for (const [field, value] of given) {
      if (value == null || answers.includes(value)) continue;
      const reason = `detector ${i + 1}: '${value}' is not an answer of fact '${d.fact}' (${answers.join(', ')})`;
      problems.push(formatProblem(file, `${at}.${field}`, reason));
    }
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
