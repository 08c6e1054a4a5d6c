import { z } from 'zod';
import { Id } from './schema.js';

// knowledge/reference/detectors.yaml: the context detectors as data (the file says what each
// field means). Validated and expanded here; src/extract/signals.ts compiles and runs them.

/** How several hits on one fact are reduced: the last statement wins, the first, or keep all values. */
export type Policy = 'last' | 'first' | 'all';

/** A value that depends on what the clause says happens there ("works on the server" vs "fails on the server"). */
const ByOutcomeSchema = z
  .object({ fails: Id.optional(), works: Id.optional(), unknown: Id.optional() })
  .strict();

/** A regular expression, or its alternatives one a line. */
const RegexSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((r) => (typeof r === 'string' ? r : r.join('|')));

const DetectorSchema = z
  .object({
    fact: Id,
    value: z.union([Id, ByOutcomeSchema]),
    negated: Id.nullable().optional(),
    words: RegexSchema.optional(),
    pattern: RegexSchema.optional(),
    match_case: z.boolean().default(false),
    unless: RegexSchema.optional(),
    in_questions: z.boolean().default(false),
    examples: z.array(z.tuple([z.string().min(1), Id.nullable()])).min(2),
  })
  .strict();

/** One detector as the reader gets it: its patterns expanded (fragments in, words wrapped). */
export interface Detector {
  fact: string;
  value: string | z.infer<typeof ByOutcomeSchema>;
  /** The pattern's source, matched with `flags`. */
  source: string;
  flags: 'gi' | 'g';
  /** Value to emit instead when a negation governs the match (null: none); absent: not looked for. */
  negated?: string | null;
  /** The detector is not used on a message this source matches (case-insensitively). */
  unless?: string;
  /** It reads questions too; other detectors skip what the asker only asks. */
  inQuestions?: true;
  /** Messages and the fact's value they must give (null: unset): test/extract/detectors.test.ts. */
  examples: [text: string, value: string | null][];
}

export interface DetectorTable {
  detectors: Detector[];
  policies: Record<string, Policy>;
}

const FRAGMENT_REF = /\{([A-Z][A-Z0-9_]*)\}/g;

export const DetectorsFileSchema = z
  .object({
    /** Named pieces of patterns, written `{NAME}` in them. */
    fragments: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().min(1)).default({}),
    policies: z.record(Id, z.enum(['last', 'first', 'all'])).default({}),
    detectors: z.array(DetectorSchema).min(1),
  })
  .strict()
  .transform((file, ctx): DetectorTable => {
    const detectors = file.detectors.map((d, i): Detector => {
      const problem = (field: string, message: string) =>
        ctx.addIssue({
          code: 'custom',
          path: ['detectors', i, field],
          message: `detector ${i + 1} (${d.fact}): ${message}`,
        });
      const expand = (field: string, regex: string, flags: string): string => {
        const source = regex.replace(FRAGMENT_REF, (ref, name: string) => {
          if (Object.hasOwn(file.fragments, name)) return file.fragments[name] ?? ref;
          problem(field, `unknown fragment ${ref}`);
          return ref;
        });
        try {
          new RegExp(source, flags);
        } catch (e) {
          problem(field, `does not compile: ${e instanceof Error ? e.message : String(e)}`);
        }
        return source;
      };
      if ((d.words === undefined) === (d.pattern === undefined))
        problem('pattern', 'needs words or a pattern, one of them');
      const flags = d.match_case ? 'g' : 'gi';
      const source =
        d.words !== undefined
          ? expand('words', `\\b(?:${d.words})\\b`, flags)
          : expand('pattern', d.pattern ?? '', flags);
      return {
        fact: d.fact,
        value: d.value,
        source,
        flags,
        ...(d.negated !== undefined && { negated: d.negated }),
        ...(d.unless !== undefined && { unless: expand('unless', d.unless, 'i') }),
        ...(d.in_questions && { inQuestions: true }),
        examples: d.examples,
      };
    });
    return { detectors, policies: file.policies };
  });
