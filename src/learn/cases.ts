import { z } from 'zod';
import type { Knowledge } from '../knowledge/schema.js';

/** A message whose right answer is known: what the ranking learns from and is measured on. */
export interface LabelledCase {
  id: string;
  message: string;
  /** Accepted entry ids; the first is the label. */
  ok: string[];
  /**
   * Where it came from, normalised: cases sharing a group are held out together when the ranking
   * is cross-validated (one public thread, one seed comment, one organisation's ticket).
   */
  group: string;
  /** What kind of case: an entry's sample, a labelled case file, an organisation's own. */
  origin: 'sample' | 'file';
  /** Its weight in training. */
  weight: number;
}

/**
 * An address or citation as one group: a thread's URL without scheme, "www.", query, fragment or
 * trailing slash (a GitHub issue, pull request or discussion cut to its number), or a seed comment.
 */
export const groupOf = (source: string): string => {
  const comment = /^(?:seed )?comment (\d+)$/i.exec(source.trim());
  if (comment) return `seed comment ${comment[1]}`;
  let u = source
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '');
  u = u.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const gh = /^github\.com\/([^/]+)\/([^/]+)\/(issues|pull|discussions)\/(\d+)/.exec(u);
  if (gh) u = `github.com/${gh[1]}/${gh[2]}/${gh[3] === 'pull' ? 'issues' : gh[3]}/${gh[4]}`;
  return u;
};

/** Every entry's samples as labelled cases (a sample without a source is a group of its own). */
export const knowledgeCases = (knowledge: Knowledge): LabelledCase[] =>
  knowledge.entries.flatMap((e) =>
    e.samples.map((s, i) => ({
      id: `${e.id}#${i + 1}`,
      message: s.text,
      ok: [e.id],
      group: s.source ? groupOf(s.source) : `sample ${e.id}#${i + 1}`,
      origin: 'sample' as const,
      weight: 1,
    })),
  );

/** One line of a case file, as the shared scorer reads it (extra keys allowed). */
const CaseLine = z.object({
  id: z.string().min(1),
  message: z.string(),
  expected: z.object({
    cause: z.string().nullable(),
    also_ok: z.array(z.string()).optional(),
  }),
  source: z.string().optional(),
  source_url: z.string().optional(),
});

export interface CaseFileResult {
  cases: LabelledCase[];
  /** Lines that could not be read, with why (line numbers from 1). */
  problems: string[];
}

/**
 * A JSON Lines file of labelled cases in the scorer's format (`{id, message, expected: {cause,
 * also_ok}}`, optionally `source`/`source_url`). Cases without a cause, or naming no entry of the
 * knowledge, are reported, not learned from. Each case is its own group unless it names a source.
 */
export const parseCaseFile = (text: string, knowledge: Knowledge): CaseFileResult => {
  const ids = new Set(knowledge.entries.map((e) => e.id));
  const cases: LabelledCase[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const c = CaseLine.safeParse(json);
    if (!c.success) {
      problems.push(`line ${i + 1}: ${c.error.issues[0]?.message ?? 'not a case'}`);
      return;
    }
    const ok = [c.data.expected.cause, ...(c.data.expected.also_ok ?? [])].filter(
      (x): x is string => !!x && ids.has(x),
    );
    if (!c.data.expected.cause || !ids.has(c.data.expected.cause)) {
      problems.push(`line ${i + 1}: ${c.data.id} names no known cause`);
      return;
    }
    const source = c.data.source_url ?? c.data.source;
    cases.push({
      id: c.data.id,
      message: c.data.message,
      ok,
      group: source ? groupOf(source) : `case ${c.data.id}`,
      origin: 'file',
      weight: 1,
    });
  });
  return { cases, problems };
};
