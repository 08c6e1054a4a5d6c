import { codeText as code, countText, shareText } from './count-text.js';
import { HANDSHAKE_WINDOW_SEC, REPEAT_MIN } from './rules.js';
import type { CodeCount, HandshakeSummary, Ranked, ScanSummary } from './types.js';

/** Colour functions (picocolors in a terminal; identity otherwise). */
export interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
}

const same = (s: string): string => s;
export const PLAIN: Paint = {
  bold: same,
  dim: same,
  red: same,
  green: same,
  yellow: same,
  cyan: same,
};

const n = countText;

/** The words the terminal and HTML reports share: section titles and the handshake lines. */
export const TITLES = {
  diagnoses: 'Diagnoses (knowledge ids, most entries first)',
  details: '401 and 403 in detail',
  handshakes: `Handshakes (same client, URL and user agent; legs within ${HANDSHAKE_WINDOW_SEC} s)`,
  repeated: `Clients with ${REPEAT_MIN} or more failing 401s`,
  busiest: 'Busiest minutes',
  care: 'Lines that needed care',
  queries: 'Fleet queries: the same diagnosis across all your servers',
  kql: 'Azure Monitor Logs (KQL)',
  elasticsearch: 'Elasticsearch, Filebeat IIS module (POST filebeat-*/_search)',
};
export const completedText = (h: HandshakeSummary): string =>
  `${n(h.ntlm)} NTLM (401.2 → 401.1 → OK), ${n(h.negotiate)} Negotiate/Kerberos (401.2 → OK)`;
export const failedText = (h: HandshakeSummary): string =>
  `${n(h.noAnswer)} never answered, ${n(h.abandoned)} stopped after the challenge, ${n(h.rejected)} rejected`;
export const moreCodesText = (more: number): string =>
  `… ${n(more)} more code triples (--json has all)`;
/** What was read, and the time it spans. */
export const sizeText = (s: ScanSummary): string =>
  `${count(s.files, 'file')} · ${count(s.lines, 'line')} · ${count(s.entries, 'entry', 'entries')} · ${n(s.skipped)} skipped`;
export const spanText = (r: NonNullable<ScanSummary['timeRange']>): string =>
  `${r.first} → ${r.last} (UTC)`;

/** How a code is shown: 401 and 403 are bad, other errors a warning, the rest plain. */
export const codeSeverity = (c: CodeCount): 'bad' | 'warn' | 'plain' =>
  c.status === 401 || c.status === 403
    ? 'bad'
    : c.status !== null && c.status >= 400
      ? 'warn'
      : 'plain';
const count = (x: number, one: string, many = `${one}s`): string =>
  `${n(x)} ${x === 1 ? one : many}`;
const cut = (s: string, max: number): string =>
  s.length <= max ? s : max <= 1 ? '…' : `${s.slice(0, max - 1)}…`;

/** Word-wraps `text` to `width`, every line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

const ranked = (rows: Ranked[], max: number): string =>
  cut(rows.map((r) => `${r.value} ${n(r.count)}`).join(' · '), max);

/** The scan summary as a terminal report: the verdict first, then what to do about it. */
export function renderScanReport(s: ScanSummary, p: Paint = PLAIN, width = 100): string {
  const w = Math.max(60, Math.min(width, 160));
  const out: string[] = [];
  const head = (t: string): void => {
    out.push('', p.bold(t));
  };
  out.push(p.bold('IIS log scan') + p.dim(` · ${sizeText(s)}`));
  if (s.timeRange) out.push(p.dim(spanText(s.timeRange)));
  out.push('');
  const v = s.verdict;
  const verdict = wrap(v.text, w - 2, '  ');
  out.push(
    ...verdict.map((l, i) =>
      i === 0 ? `${v.real > 0 ? p.red('▶') : p.green('▶')} ${p.bold(l)}` : p.bold(l),
    ),
  );

  if (s.diagnoses.length) {
    head(TITLES.diagnoses);
    const idw = Math.max(...s.diagnoses.map((d) => d.id.length));
    s.diagnoses.forEach((d, i) => {
      const colour = d.kind === 'normal' ? p.green : p.red;
      out.push(
        `  ${String(i + 1).padStart(2)}. ${colour(d.id.padEnd(idw))}  ${n(d.count).padStart(9)}  ${p.dim(d.kind)}`,
      );
      out.push(...wrap(d.detail, w - 6, '      ').map((l, j) => (j === 0 ? `      ${l}` : l)));
    });
  }

  head('Codes');
  const shown = s.codes.slice(0, 15);
  out.push(
    p.dim(
      `  ${'code'.padEnd(9)}${'win32'.padStart(12)}${'count'.padStart(12)}${'share'.padStart(8)}`,
    ),
  );
  for (const c of shown) {
    const colour = { bad: p.red, warn: p.yellow, plain: p.dim }[codeSeverity(c)];
    out.push(
      colour(
        `  ${code(c).padEnd(9)}${String(c.win32 ?? '-').padStart(12)}${n(c.count).padStart(12)}${shareText(c.count, s.entries).padStart(8)}`,
      ),
    );
  }
  if (s.codes.length > shown.length)
    out.push(p.dim(`  ${moreCodesText(s.codes.length - shown.length)}`));

  if (s.details.length) {
    head(TITLES.details);
    for (const d of s.details.slice(0, 8)) {
      const when = d.first && d.last ? p.dim(` · ${d.first} → ${d.last}`) : '';
      out.push(`  ${p.red(`${code(d)} win32 ${d.win32 ?? '-'}`)} · ${n(d.count)} entries${when}`);
      const row = (label: string, rows: Ranked[], extra = ''): void => {
        if (rows.length || extra)
          out.push(`    ${p.dim(label.padEnd(8))} ${ranked(rows, w - 13 - extra.length)}${extra}`);
      };
      row('URLs', d.urls);
      row(
        'users',
        d.users,
        d.anonymous ? p.dim(`${d.users.length ? ' · ' : ''}anonymous ${n(d.anonymous)}`) : '',
      );
      row('clients', d.clients);
      row('agents', d.userAgents);
    }
    if (s.details.length > 8) out.push(p.dim(`  … ${s.details.length - 8} more codes in --json`));
  }

  const h = s.handshakes;
  if (h.completed || h.failed) {
    head(TITLES.handshakes);
    const note = (t: string): string => p.dim(cut(t, w - 24));
    out.push(`  ${p.green('completed')}  ${n(h.completed).padStart(9)}  ${note(completedText(h))}`);
    out.push(`  ${p.red('failed')}     ${n(h.failed).padStart(9)}  ${note(failedText(h))}`);
    if (h.clients.length) {
      out.push(`  ${TITLES.repeated}: ${n(h.repeatedFailureClients)}`);
      out.push(
        p.dim(
          `    ${'client'.padEnd(40)}${'failing 401s'.padStart(13)}${'failed'.padStart(8)}${'completed'.padStart(11)}`,
        ),
      );
      for (const c of h.clients.slice(0, 5))
        out.push(
          `    ${cut(c.client, 39).padEnd(40)}${n(c.failures).padStart(13)}${n(c.failed).padStart(8)}${n(c.completed).padStart(11)}`,
        );
    }
  }

  if (s.busiestMinutes.length) {
    head(TITLES.busiest);
    for (const m of s.busiestMinutes)
      out.push(
        `  ${m.minute.replace('T', ' ')}  ${n(m.count).padStart(9)} entries  ${p.dim(`${n(m.count401)} × 401`)}`,
      );
  }

  if (s.skippedReasons.length || s.notes.length) {
    head(TITLES.care);
    for (const r of s.skippedReasons)
      out.push(`  ${p.yellow(n(r.count).padStart(9))}  skipped: ${cut(r.reason, w - 22)}`);
    for (const r of s.notes)
      out.push(`  ${n(r.count).padStart(9)}  ${p.dim('read:')} ${cut(r.note, w - 19)}`);
  }

  const failed = s.inputs.filter((i) => i.error);
  if (s.inputs.length > 1 || failed.length) {
    head('Inputs');
    for (const i of s.inputs)
      out.push(
        `  ${cut(i.name, 50).padEnd(50)} ${i.error ? p.red(`not read: ${i.error}`) : `${n(i.lines).padStart(12)} lines`}`,
      );
  }

  if (s.queries.length) {
    head(TITLES.queries);
    for (const q of s.queries) {
      out.push('', `  ${p.cyan(q.id)} ${p.dim(`— ${q.title}`)}`);
      out.push(p.dim(`    ${TITLES.kql}:`));
      out.push(...q.kql.split('\n').map((l) => `      ${l}`));
      out.push(p.dim(`    ${TITLES.elasticsearch}:`));
      out.push(`      ${JSON.stringify(q.elasticsearch)}`);
    }
  }
  return out.join('\n') + '\n';
}
