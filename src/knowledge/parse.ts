import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DetectorsFileSchema } from './detectors.js';
import {
  EntryFrontSchema,
  ErrorPagesFileSchema,
  FactsFileSchema,
  StatusCodesFileSchema,
  Win32FileSchema,
  type Entry,
} from './schema.js';

/** A file that could not be used: one line per problem, `file: field.path: reason`. */
export interface ParseFailure {
  ok: false;
  problems: string[];
}
export type EntryResult = { ok: true; entry: Entry } | ParseFailure;

/** Knowledge files are hand-written; anything larger is a mistake, not an entry. */
export const MAX_FILE_CHARS = 512 * 1024;

/** One problem line: `knowledge/causes/x.md: codes.0.status: expected number`. */
export const formatProblem = (file: string, path: string, reason: string): string =>
  `${file}: ${path || '(root)'}: ${reason}`;

const tooLarge = (file: string): ParseFailure => ({
  ok: false,
  problems: [formatProblem(file, '(file)', `larger than ${MAX_FILE_CHARS} characters`)],
});

type Path = readonly PropertyKey[];
const joinPath = (path: Path): string => path.map(String).join('.');

interface YamlText {
  text: string;
  /** Lines before `text` in the file (the front matter's opening `---`). */
  lineOffset: number;
}

type YamlParse =
  { ok: true; value: unknown; lineAt: (path: Path) => number | undefined } | ParseFailure;

function parseYaml(file: string, { text, lineOffset }: YamlText): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = lineCounter.linePos(e.pos[0]).line + lineOffset;
      const reason = e.message.split('\n')[0] ?? e.code;
      return formatProblem(file, 'yaml', `${reason} (line ${line})`);
    });
    return { ok: false, problems };
  }
  const lineAt = (path: Path): number | undefined => nodeLine(doc, lineCounter, path, lineOffset);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // the yaml package throws (not reports) when aliases expand too far
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [formatProblem(file, 'yaml', reason)] };
  }
  return { ok: true, value, lineAt };
}

/** The line of the deepest node along `path` that exists, for pointing at a problem. */
function nodeLine(doc: Document, lc: LineCounter, path: Path, offset: number): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lc.linePos(range[0]).line + offset;
  }
  return undefined;
}

/** Our wording for a zod issue: `expected number, received string`, `required`, `unknown key`. */
function describeIssue(issue: z.core.$ZodIssue): { path: Path; reason: string }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      reason: 'unknown key (misspelt, or not in the schema)',
    }));
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && 'options' in issue) {
    const options = (issue.options as unknown[]).map((o) => `'${String(o)}'`).join(' or ');
    return [{ path: issue.path, reason: `expected ${options}` }];
  }
  let reason = issue.message.replace(/^Invalid (input|option): /, '');
  reason = reason.charAt(0).toLowerCase() + reason.slice(1);
  if (issue.code === 'invalid_type' && reason.endsWith('received undefined')) {
    reason = `required (${reason.replace(/, received undefined$/, '')})`;
  }
  return [{ path: issue.path, reason }];
}

function schemaProblems(
  file: string,
  error: z.ZodError,
  lineAt: (path: Path) => number | undefined,
): string[] {
  return error.issues.flatMap(describeIssue).map(({ path, reason }) => {
    const line = lineAt(path);
    return formatProblem(
      file,
      joinPath(path),
      line === undefined ? reason : `${reason} (line ${line})`,
    );
  });
}

function splitFrontMatter(
  file: string,
  text: string,
): { ok: true; front: YamlText; body: string } | ParseFailure {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') {
    return {
      ok: false,
      problems: [formatProblem(file, 'front matter', 'the file must start with a --- line')],
    };
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (close < 0) {
    return { ok: false, problems: [formatProblem(file, 'front matter', 'no closing --- line')] };
  }
  return {
    ok: true,
    front: { text: lines.slice(1, close).join('\n'), lineOffset: 1 },
    body: lines
      .slice(close + 1)
      .join('\n')
      .trim(),
  };
}

/** The id an entry file must carry: its name without `.md` (and without folders). */
export const idFromFile = (file: string): string =>
  (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');

/** One `knowledge/causes/<id>.md`: YAML front matter between `---` lines, then a Markdown body. */
export function parseEntry(file: string, text: string): EntryResult {
  if (text.length > MAX_FILE_CHARS) return tooLarge(file);
  const split = splitFrontMatter(file, text);
  if (!split.ok) return split;
  const yaml = parseYaml(file, split.front);
  if (!yaml.ok) return yaml;
  const problems: string[] = [];
  const parsed = EntryFrontSchema.safeParse(yaml.value);
  if (!parsed.success) problems.push(...schemaProblems(file, parsed.error, yaml.lineAt));
  const expected = idFromFile(file);
  const id = (yaml.value as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && id !== expected) {
    problems.push(formatProblem(file, 'id', `'${id}' must equal the file name '${expected}'`));
  }
  if (split.body.length === 0) {
    problems.push(
      formatProblem(file, 'body', 'empty: explain the mechanism below the front matter'),
    );
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, entry: { ...parsed.data, body: split.body, file } };
}

/** A whole YAML file checked against `schema` (facts.yaml and the reference tables). */
export function parseYamlFile<S extends z.ZodType>(
  schema: S,
  file: string,
  text: string,
): { ok: true; value: z.output<S> } | ParseFailure {
  if (text.length > MAX_FILE_CHARS) return tooLarge(file);
  const yaml = parseYaml(file, { text: text.replace(/^\uFEFF/, ''), lineOffset: 0 });
  if (!yaml.ok) return yaml;
  const parsed = schema.safeParse(yaml.value);
  if (!parsed.success)
    return { ok: false, problems: schemaProblems(file, parsed.error, yaml.lineAt) };
  return { ok: true, value: parsed.data };
}

/** `knowledge/facts.yaml`: the fact vocabulary. */
export const parseFacts = (file: string, text: string) =>
  parseYamlFile(FactsFileSchema, file, text);
/** `knowledge/reference/status-codes.yaml`. */
export const parseStatusCodes = (file: string, text: string) =>
  parseYamlFile(StatusCodesFileSchema, file, text);
/** `knowledge/reference/win32.yaml`. */
export const parseWin32 = (file: string, text: string) =>
  parseYamlFile(Win32FileSchema, file, text);
/** `knowledge/reference/error-pages.yaml`. */
export const parseErrorPages = (file: string, text: string) =>
  parseYamlFile(ErrorPagesFileSchema, file, text);
/** `knowledge/reference/detectors.yaml`. */
export const parseDetectors = (file: string, text: string) =>
  parseYamlFile(DetectorsFileSchema, file, text);
