import { countText } from './count-text.js';
import type { ScanSummary } from './types.js';

const n = countText;
const code = (c: {
  status: number | null;
  substatus: number | null;
  win32: number | null;
}): string => `${c.status ?? '-'}.${c.substatus ?? '-'} (win32 ${c.win32 ?? '-'})`;
/** Log values (URLs, user names) escaped so they stay literal text in Markdown. */
const md = (s: string): string => s.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
const cell = (s: string, max = 60): string => md(s.length > max ? `${s.slice(0, max - 1)}…` : s);

export interface MarkdownOptions {
  /** Add the KQL of the top diagnosis (the bots' cards have little room). */
  queries?: boolean;
  /** Stop adding sections once the text reaches this length. */
  maxChars?: number;
}

/** The scan summary as Markdown for a chat reply (Teams, Slack, Web Chat). */
export function renderScanMarkdown(s: ScanSummary, opts: MarkdownOptions = {}): string {
  const max = opts.maxChars ?? 3500;
  const sections: string[] = [];
  const range = s.timeRange ? `, ${s.timeRange.first} to ${s.timeRange.last}` : '';
  sections.push(
    `**IIS log scan**: ${n(s.lines)} lines, ${n(s.entries)} entries, ${n(s.skipped)} skipped${range}.\n\n**${s.verdict.text}**`,
  );
  if (s.diagnoses.length) {
    sections.push(
      [
        '**Diagnoses**',
        ...s.diagnoses
          .slice(0, 6)
          .map((d, i) => `${i + 1}. \`${d.id}\` (${n(d.count)}): ${d.detail}`),
      ].join('\n'),
    );
  }
  const top = s.codes.slice(0, 8);
  if (top.length) {
    sections.push(
      [
        '| code | entries |',
        '|---|---:|',
        ...top.map((c) => `| ${code(c)} | ${n(c.count)} |`),
      ].join('\n'),
    );
  }
  // the code behind the first real failure, not the normal challenge
  const failing = s.diagnoses.find((x) => x.kind === 'failure')?.codes[0];
  const d =
    s.details.find(
      (x) =>
        failing &&
        x.status === failing.status &&
        x.substatus === failing.substatus &&
        x.win32 === failing.win32,
    ) ?? s.details[0];
  if (d) {
    const list = (rows: { value: string; count: number }[]): string =>
      rows
        .slice(0, 3)
        .map((r) => `${cell(r.value, 40)} (${n(r.count)})`)
        .join(', ') || '-';
    sections.push(
      [
        `**${code(d)}**, ${n(d.count)} entries`,
        `- URLs: ${list(d.urls)}`,
        `- clients: ${list(d.clients)}`,
        `- users: ${[
          d.users.length ? list(d.users) : '',
          d.anonymous ? `anonymous ${n(d.anonymous)}` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      ].join('\n'),
    );
  }
  const h = s.handshakes;
  if (h.completed || h.failed)
    sections.push(
      `**Handshakes**: ${n(h.completed)} completed (${n(h.ntlm)} NTLM, ${n(h.negotiate)} Negotiate/Kerberos), ` +
        `${n(h.failed)} failed; ${n(h.repeatedFailureClients)} clients with repeated failures.`,
    );
  if (s.skipped > 0)
    sections.push(
      `Skipped: ${s.skippedReasons
        .slice(0, 3)
        .map((r) => `${n(r.count)} ${r.reason}`)
        .join('; ')}.`,
    );
  const first = s.diagnoses.find((x) => x.kind === 'failure') ?? s.diagnoses[0];
  const q = s.queries.find((x) => x.id === first?.id);
  if (opts.queries && q)
    sections.push(
      `**Across your servers** (Azure Monitor, \`${q.id}\`):\n\n\`\`\`kusto\n${q.kql}\n\`\`\``,
    );
  let text = '';
  for (const part of sections) {
    const next = text ? `${text}\n\n${part}` : part;
    if (next.length > max) break;
    text = next;
  }
  return text;
}
