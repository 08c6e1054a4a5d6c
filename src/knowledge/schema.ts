import { z } from 'zod';
import type { DetectorTable } from './detectors.js';

export const Id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');
const Text = z.string().trim().min(1);

/** A code pattern an entry explains; omitted parts match anything. */
export const CodePatternSchema = z
  .object({
    status: z.number().int().min(100).max(999),
    substatus: z.number().int().min(0).optional(),
    win32: z.number().int().optional(),
    /** How strongly the pattern points at this entry. */
    fit: z.enum(['strong', 'typical', 'weak']).default('typical'),
    note: Text.optional(),
  })
  .strict();

/** Steps that may differ by IIS version: `all` applies everywhere; `iis6`, `iis7` (= IIS 7-10) where they differ. */
export const VersionedStepsSchema = z
  .object({
    all: z.array(Text).optional(),
    iis6: z.array(Text).optional(),
    iis7: z.array(Text).optional(),
  })
  .strict()
  .refine((s) => (s.all?.length ?? 0) + (s.iis6?.length ?? 0) + (s.iis7?.length ?? 0) > 0, {
    message: 'needs at least one step in all, iis6 or iis7',
  });

/** A fact whose answer tells this entry apart from its neighbours. */
export const EntryQuestionSchema = z
  .object({
    fact: Id,
    /** Answers (fact values) that point at this entry. */
    confirms: z.array(Text).default([]),
    /** Answers that make this entry unlikely. */
    rules_out: z.array(Text).default([]),
    /**
     * How decisive the answer is: `strong` nearly decides it; `certain` rules the entry out by
     * definition (users see a failure: it is not the normal handshake), whoever reads it.
     */
    weight: z.enum(['certain', 'strong', 'normal']).default('normal'),
  })
  .strict()
  .refine((q) => q.confirms.length + q.rules_out.length > 0, {
    message: 'a question needs confirms or rules_out',
  });

/** A sample message: plain text, or `{ text, source }` naming the thread it was learned from. */
export const SampleSchema = z
  .union([Text, z.object({ text: Text, source: Text }).strict()])
  .transform((s): { text: string; source?: string } => (typeof s === 'string' ? { text: s } : s));
export type Sample = z.output<typeof SampleSchema>;

const Common = {
  id: Id,
  title: Text,
  /** One line in plain words: what is wrong. */
  summary: Text,
  codes: z.array(CodePatternSchema).default([]),
  /** Codes that point away from this entry. */
  against: z.array(CodePatternSchema).default([]),
  /** How people describe the problem, in their words (fuzzy-matched against messages). */
  phrases: z.array(Text).min(3),
  /**
   * Whole example messages written the way real askers write, each optionally with the public
   * thread it was learned from (`source`; cases sharing a source are held out together when the
   * ranking is cross-validated). The ranking is trained on them.
   */
  samples: z.array(SampleSchema).min(2),
  questions: z.array(EntryQuestionSchema).default([]),
  /** Entries it is most often confused with. */
  neighbours: z.array(Id).default([]),
  /** Article section ("article: 401.1"), "comment 25", "KB 832981", or a documentation URL. */
  sources: z.array(Text).min(1),
  versions: z.array(z.enum(['iis5', 'iis6', 'iis7'])).default(['iis6', 'iis7']),
  /** How often this is the answer among 401 cases in the field: the ranking's prior. */
  prevalence: z.enum(['common', 'normal', 'rare']).default('normal'),
};

export const CauseFrontSchema = z
  .object({
    ...Common,
    kind: z.literal('cause'),
    steps: z
      .object({
        confirm: VersionedStepsSchema,
        fix: VersionedStepsSchema,
        /** How to tell the fix worked. */
        verify: z.array(Text).min(1),
      })
      .strict(),
  })
  .strict();

export const HowtoFrontSchema = z
  .object({
    ...Common,
    kind: z.literal('howto'),
    steps: z.object({ do: VersionedStepsSchema }).strict(),
  })
  .strict();

export const EntryFrontSchema = z.discriminatedUnion('kind', [CauseFrontSchema, HowtoFrontSchema]);

export type CodePattern = z.infer<typeof CodePatternSchema>;
export type VersionedSteps = z.infer<typeof VersionedStepsSchema>;
export type EntryFront = z.infer<typeof EntryFrontSchema>;
/** A knowledge entry: front matter plus its Markdown body (the mechanism, in our words) and file. */
export type Entry = EntryFront & { body: string; file: string };

/** knowledge/facts.yaml: the shared vocabulary of facts that tell causes apart. */
export const FactSchema = z
  .object({
    id: Id,
    /** The question as the bot asks it in chat. */
    question: Text,
    /** The same question worded for a customer (ticket notes). */
    customer: Text,
    /** Where to look to answer it (shown under the question). */
    how: Text.optional(),
    answers: z
      .array(
        z
          .object({
            value: Id,
            label: Text,
            /** Extra words that mean this answer when typed as free text. */
            words: z.array(Text).default([]),
          })
          .strict(),
      )
      .min(2),
    /**
     * How common each answer is in general (value -> probability). Causes that do not speak to
     * the fact expect these; answers left out share what remains. Default: all equally likely.
     */
    base: z.record(z.string(), z.number().gt(0).lt(1)).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const values = new Set(f.answers.map((a) => a.value));
    const base = f.base ?? {};
    for (const k of Object.keys(base)) {
      if (!values.has(k))
        ctx.addIssue({ code: 'custom', path: ['base', k], message: `not an answer of ${f.id}` });
    }
    const sum = Object.values(base).reduce((a, b) => a + b, 0);
    const rest = f.answers.length - Object.keys(base).length;
    if (sum > 1 || (rest === 0 && Math.abs(sum - 1) > 1e-6)) {
      ctx.addIssue({
        code: 'custom',
        path: ['base'],
        message: 'base probabilities must leave a share for the other answers and sum to 1 at most',
      });
    }
  });
export const FactsFileSchema = z.array(FactSchema).min(1);
export type Fact = z.infer<typeof FactSchema>;

/** knowledge/reference/status-codes.yaml: every IIS status.substatus the bot can explain. */
export const StatusCodeSchema = z
  .object({
    status: z.number().int(),
    substatus: z.number().int().optional(),
    label: Text,
    meaning: Text,
    /** First things to check, in our words. */
    first_steps: z.array(Text).min(1),
    versions: z.array(z.enum(['iis5', 'iis6', 'iis7', 'ancm', 'arr'])).min(1),
    /** Knowledge entries that explain it further. */
    entries: z.array(Id).default([]),
    sources: z.array(Text).min(1),
  })
  .strict();
export const StatusCodesFileSchema = z.array(StatusCodeSchema).min(1);
export type StatusCode = z.infer<typeof StatusCodeSchema>;

/** knowledge/reference/win32.yaml: sc-win32-status values (Win32, SSPI HRESULT, NTSTATUS). */
export const Win32Schema = z
  .object({
    /** Unsigned decimal as IIS logs it. */
    value: z.number().int().min(0).max(0xffffffff),
    name: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
    kind: z.enum(['win32', 'sspi', 'hresult', 'ntstatus']),
    meaning: Text,
    /** What it means next to a 401/403 in IIS, in our words. */
    in_iis: Text,
    /** true where it is the normal partner of a challenge leg (not a fault on its own). */
    benign: z.boolean().default(false),
    entries: z.array(Id).default([]),
    sources: z.array(Text).min(1),
  })
  .strict();
export const Win32FileSchema = z.array(Win32Schema).min(1);
export type Win32Info = z.infer<typeof Win32Schema>;

/** knowledge/reference/error-pages.yaml: error-page wording (IIS 5, 6, 7-10) that names a code without its number. */
export const ErrorPageSchema = z
  .object({
    /** Lower-case phrase as it appears on the page (matched after normalising quotes and dashes). */
    phrase: Text,
    status: z.number().int(),
    substatus: z.number().int().optional(),
    versions: z.array(z.enum(['iis5', 'iis6', 'iis7'])).min(1),
    sources: z.array(Text).min(1),
  })
  .strict();
export const ErrorPagesFileSchema = z.array(ErrorPageSchema).min(1);
export type ErrorPage = z.infer<typeof ErrorPageSchema>;

/** Everything the reader needs from knowledge/reference (pure data, passed in). */
export interface ReferenceData {
  statusCodes: StatusCode[];
  win32: Win32Info[];
  errorPages: ErrorPage[];
  /** reference/detectors.yaml: the facts the prose of a message states. */
  detectors: DetectorTable;
}

/**
 * The learned ranking as it is stored (JSON; see src/match/model.ts): per-entry weights of message
 * terms as base64 of little-endian float32, and the weights of the knowledge's own evidence.
 */
export const ModelDataSchema = z
  .object({
    version: z.literal(1),
    classes: z.array(z.string()),
    terms: z.array(z.string()),
    weights: z.string(),
    pair: z.record(z.string(), z.number()),
    temperature: z.number().positive(),
    /** How it was trained (settings, example counts, the digest of what it learned from). */
    trained: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ModelData = z.infer<typeof ModelDataSchema>;

/** A confirmed case of the organisation running the bot (LOCAL_CASES), compared with like a sample. */
export interface LocalCase {
  entry: string;
  text: string;
  /** Where it came from: a message is never compared with its own source. */
  group: string;
}

export interface Knowledge {
  entries: Entry[];
  facts: Fact[];
  reference: ReferenceData;
  /** The learned ranking; without it the ranking weighs the knowledge's evidence by hand-set weights. */
  ranking?: ModelData;
  /** LOCAL_CASES: the organisation's confirmed cases (the ranking above was retrained with them). */
  localCases?: LocalCase[];
  /**
   * The ranking's indexes compiled from these entries (a snapshot: src/match/load.ts), which the
   * ranking restores instead of building them; it checks they fit, else builds them.
   */
  indexes?: unknown;
}
