import type { Redaction } from '../extract/types.js';
import { causeLines, codeLines, maskedText, numbered } from '../render/index.js';
import type { NoteCode, NoteFact, TriageNote } from './types.js';

/** What was masked in the ticket, or that nothing was. */
export const redactionText = (redactions: readonly Redaction[]): string =>
  maskedText(redactions) || 'Nothing in the ticket looked like a secret; nothing was masked.';

const factLine = (f: NoteFact): string =>
  f.source === 'answered'
    ? f.label
    : `${f.label} (${f.source === 'log' ? 'log: ' : ''}“${f.evidence}”)`;

const ACRONYMS: Record<string, string> = {
  iis: 'IIS',
  url: 'URL',
  ip: 'IP',
  https: 'HTTPS',
  tls: 'TLS',
  http2: 'HTTP/2',
  acl: 'ACL',
  unc: 'UNC',
  dc: 'DC',
  ntlm: 'NTLM',
};

/** A fact id as a label: "url-name" -> "URL name", "sudden-change" -> "Sudden change". */
export const factName = (id: string): string => {
  const words = id.split('-').map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
};

const AUTH_NAMES: Record<string, string> = {
  'anonymous-enabled': 'Anonymous',
  'windows-auth-enabled': 'Windows',
  'basic-auth-enabled': 'Basic',
};

/** The facts a note lists as bullet lines (shared by Markdown and the Slack rendering). */
export const factLines = (note: TriageNote): string[] => {
  const f = note.facts;
  const lines: string[] = [];
  if (f.iisVersion) lines.push(`IIS version: ${factLine(f.iisVersion)}`);
  if (f.authentication.length) {
    lines.push(
      `Authentication: ${f.authentication
        .map(
          (a) =>
            `${AUTH_NAMES[a.fact] ?? a.fact} ${a.value === 'yes' ? 'on' : 'off'} (“${a.evidence}”)`,
        )
        .join('; ')}`,
    );
  }
  if (f.client.length) lines.push(`Client: ${f.client.map(factLine).join('; ')}`);
  for (const e of f.environment) lines.push(`${factName(e.fact)}: ${factLine(e)}`);
  for (const a of f.answered) lines.push(`${factName(a.fact)}: ${a.label} (answered in chat)`);
  return lines;
};

export interface NoteMarkdownOptions {
  /** Heading for the note (a file name, a ticket id). */
  title?: string;
}

/** "win32 1326 = 0x52E ERROR_LOGON_FAILURE: <meaning>", or null without a win32 value. */
export const win32Line = (c: NoteCode): string | null => {
  const w = c.win32Decoded;
  return w ? `win32 ${c.win32} = ${w.hex}${w.name ? ` ${w.name}` : ''}: ${w.meaning}` : null;
};

/**
 * Everything of the note below its verdict as Markdown lines, each collection item's steps cut to
 * `maxSteps` ("…and N more steps"): the ticket's Markdown and, as mrkdwn, the Slack note. Codes,
 * causes and steps are listed as a reply lists them.
 */
export const noteMarkdownBody = (note: TriageNote, maxSteps = Infinity): string[] => {
  const out: string[] = [];
  if (note.truncated) {
    out.push('', '_The ticket was very long; only its beginning was read._');
  }

  out.push('', '### Facts found');
  const f = note.facts;
  if (f.codes.length) {
    out.push('**Codes**');
    for (const c of f.codes) {
      const kind = !c.benign ? '' : (c.status ?? 0) < 400 ? 'success' : 'normal challenge leg';
      out.push(...codeLines(c.label, kind, c.meaning, win32Line(c)));
    }
  } else {
    out.push('- No IIS status code in the ticket.');
  }
  const facts = factLines(note);
  if (facts.length) out.push('', '**Context**', ...facts.map((l) => `- ${l}`));
  if (f.logs) {
    out.push('', '**Log lines**');
    out.push(...f.logs.summary.map((l) => `- ${l}`));
  }

  out.push('', '### Likely causes');
  if (!note.causes.length) out.push('None of the known causes fits.');
  out.push(...causeLines(note.causes, 4));

  out.push('', '### Questions for the customer');
  if (note.normal && note.questions.length) {
    out.push('The 401s look normal; ask these only if users really see an error or a prompt.');
  }
  if (!note.questions.length) {
    out.push(
      note.causes.length > 1 && (note.causes[0]?.score ?? 0) < 0.8
        ? 'None of the known questions separates these causes; the data below will.'
        : 'None needed to choose between causes.',
    );
  }
  note.questions.forEach((q, i) => {
    out.push(`${i + 1}. ${q.text}`);
    if (q.how) out.push(`   - Where to look: ${q.how}`);
  });

  out.push('', '### Data to collect');
  if (!note.collect.length) out.push('Nothing beyond the answers above.');
  note.collect.forEach((item, i) => {
    out.push('', `**${i + 1}. ${item.title}**`, `_${item.why}_`);
    out.push(...numbered(item.steps, maxSteps));
  });

  out.push('', '### Redacted', redactionText(note.redactions));
  return out;
};

/** How much of the note each shorter rendering keeps: steps per item, items, questions, causes. */
const LEVELS = [
  [Infinity, 8, 8, 5],
  [6, 5, 6, 4],
  [3, 3, 4, 3],
  [0, 3, 3, 3],
] as const;

/** The note's Markdown below the verdict at each level of detail, most first (cards and Slack). */
export const noteLevels = (note: TriageNote): string[] =>
  LEVELS.map(([steps, items, questions, causes]) =>
    noteMarkdownBody(
      {
        ...note,
        causes: note.causes.slice(0, causes),
        questions: note.questions.slice(0, questions),
        collect: note.collect.slice(0, items),
      },
      steps,
    ).join('\n'),
  );

/**
 * A triage note as Markdown ready to paste into a ticket: verdict, facts found, likely causes with
 * their evidence, questions for the customer, data to collect with exact steps, and what was masked.
 */
export const renderNoteMarkdown = (note: TriageNote, options: NoteMarkdownOptions = {}): string =>
  [
    `## ${options.title ?? 'IIS triage note'}`,
    '',
    `**Verdict:** ${note.verdict}`,
    ...noteMarkdownBody(note),
  ].join('\n');
