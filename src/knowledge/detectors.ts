import { z } from 'zod';
import { errorLine } from '../errors.js';
import { Id } from './schema.js';

// knowledge/reference/detectors.yaml: the context detectors as data (the file says what each
// field means). Validated and expanded here; src/extract/signals.ts compiles and runs them.

const ByOutcome = z
  .object({ fails: Id.optional(), works: Id.optional(), unknown: Id.optional() })
  .strict();
/** A regular expression, or its alternatives one a line. */
const Regex = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((r) => (typeof r === 'string' ? r : r.join('|')));

/** One detector as the reader gets it: fragments filled in, words wrapped in \b(?:...)\b. */
export interface Detector {
  fact: string;
  /** The value it gives, or the value by what its clause says happens there. */
  value: string | z.infer<typeof ByOutcome>;
  source: string;
  flags: 'gi' | 'g';
  /** Value to emit instead when a negation governs the match (null: none); absent: not looked for. */
  negated?: string | null;
  /** The detector is not used on a message this source matches (case-insensitively). */
  unless?: string;
  inQuestions?: true;
  /** Messages and the fact's value they must give (null: unset): test/extract/detectors.test.ts. */
  examples: [text: string, value: string | null][];
}

/** The detectors, and how several hits on one fact are reduced (the last wins by default). */
export interface DetectorTable {
  detectors: Detector[];
  policies: Record<string, 'last' | 'first' | 'all'>;
}

export const DetectorsFileSchema = z
  .object({
    /** Named pieces of patterns, written `{NAME}` in them. */
    fragments: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().min(1)).default({}),
    policies: z.record(Id, z.enum(['last', 'first', 'all'])).default({}),
    detectors: z
      .array(
        z
          .object({
            fact: Id,
            value: z.union([Id, ByOutcome]),
            negated: Id.nullable().optional(),
            words: Regex.optional(),
            pattern: Regex.optional(),
            match_case: z.boolean().default(false),
            unless: Regex.optional(),
            in_questions: z.boolean().default(false),
            examples: z.array(z.tuple([z.string().min(1), Id.nullable()])).min(2),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .transform(({ fragments, policies, ...file }, ctx): DetectorTable => {
    const detectors = file.detectors.map((d, i): Detector => {
      const problem = (field: string, message: string) =>
        ctx.addIssue({
          code: 'custom',
          path: ['detectors', i, field],
          message: `detector ${i + 1} (${d.fact}): ${message}`,
        });
      /** The regex with its {NAME}s filled in; a problem when a name is unknown or it does not compile. */
      const expand = (field: string, regex: string, flags: string): string => {
        const source = regex.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (ref, name: string) => {
          if (Object.hasOwn(fragments, name)) return fragments[name] ?? ref;
          problem(field, `unknown fragment ${ref}`);
          return ref;
        });
        try {
          new RegExp(source, flags);
        } catch (e) {
          problem(field, `does not compile: ${errorLine(e)}`);
        }
        return source;
      };
      if ((d.words === undefined) === (d.pattern === undefined))
        problem('pattern', 'needs words or a pattern, one of them');
      const flags = d.match_case ? 'g' : 'gi';
      return {
        fact: d.fact,
        value: d.value,
        source: d.words
          ? expand('words', `\\b(?:${d.words})\\b`, flags)
          : expand('pattern', d.pattern ?? '', flags),
        flags,
        ...(d.negated !== undefined && { negated: d.negated }),
        ...(d.unless !== undefined && { unless: expand('unless', d.unless, 'i') }),
        ...(d.in_questions && { inQuestions: true }),
        examples: d.examples,
      };
    });
    return { detectors, policies };
  });
