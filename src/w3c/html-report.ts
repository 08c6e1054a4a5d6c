import { codeText as code, countText, shareText } from './count-text.js';
import * as words from './report.js';
import type { ScanTimeline } from './timeline.js';
import type { Ranked, ScanSummary } from './types.js';

/** The charting library's code and styles (uPlot), inlined: the report fetches nothing. */
export interface ChartLibrary {
  script: string;
  css: string;
}

/** Code triples shown; the JSON summary has all. */
const MAX_CODES = 100;
/** Failure colours, in turn (the normal handshakes are green). */
const PALETTE = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf'];
const NORMAL = '#2ca02c';

const n = countText;
const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
/** Inline <script> text: nothing in it may close the element. */
const scriptText = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');
/** JSON in a <script type="application/json">: no '<' at all. */
const jsonText = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const table = (head: string[], rows: string[][], numeric: number[] = []): string =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;

const ranked = (rows: Ranked[]): string =>
  rows.map((r) => `${esc(r.value)} <span class="dim">${n(r.count)}</span>`).join(' · ');

/** What the charts draw: a time per point (Unix seconds) and the failure and normal series. */
export interface ChartData {
  step: number;
  times: number[];
  failures: { label: string; color: string; counts: number[] }[];
  normal: { label: string; color: string; counts: number[] }[];
}

/** The timeline as the report's charts draw it: each diagnosis a series, by kind. */
export function chartData(timeline: ScanTimeline): ChartData {
  const failures = timeline.series.filter((s) => s.kind === 'failure');
  return {
    step: timeline.step,
    times: timeline.minutes.map((m) => Date.parse(m) / 1000),
    failures: failures.map((s, i) => ({
      label: s.id,
      color: PALETTE[i % PALETTE.length]!,
      counts: s.counts,
    })),
    normal: timeline.series
      .filter((s) => s.kind === 'normal')
      .map((s) => ({ label: s.id, color: NORMAL, counts: s.counts })),
  };
}

// Runs in the page: draws the two charts (cursor in step) from the JSON beside it.
const DRAW = `(() => {
  const data = JSON.parse(document.getElementById('timeline-data').textContent);
  const draw = (id, series) => {
    const el = document.getElementById(id);
    if (!el || series.length === 0) return;
    const opts = {
      width: Math.max(320, el.clientWidth),
      height: 260,
      cursor: { sync: { key: 'scan' } },
      scales: { x: { time: true } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, fill: s.color + '22' }))],
      // counts: whole numbers on the y axis
      axes: [{}, { label: 'entries per ' + (data.step === 1 ? 'minute' : data.step + ' minutes'), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6] }],
    };
    const chart = new uPlot(opts, [data.times, ...series.map((s) => s.counts)], el);
    el.dataset.drawn = String(series.length);
    addEventListener('resize', () => chart.setSize({ width: Math.max(320, el.clientWidth), height: 260 }));
  };
  draw('failures-chart', data.failures);
  draw('normal-chart', data.normal);
})();`;

/**
 * The scan summary as one self-contained HTML page (no network: a content security policy says
 * so): the verdict, failures over time by diagnosis beside the normal handshakes (uPlot), and the
 * tables the terminal report has.
 */
export function renderHtmlReport(
  s: ScanSummary,
  timeline: ScanTimeline | null,
  lib: ChartLibrary,
): string {
  const parts: string[] = [];
  const section = (title: string, body: string): void => {
    parts.push(`<section><h2>${esc(title)}</h2>${body}</section>`);
  };
  const range = s.timeRange ? ` · ${esc(words.spanText(s.timeRange))}` : '';
  parts.push(
    `<header><h1>IIS log scan</h1><p class="dim">${words.sizeText(s)}${range}</p>`,
    `<p class="verdict ${s.verdict.real > 0 ? 'bad' : 'good'}">${esc(s.verdict.text)}</p></header>`,
  );

  const data = timeline ? chartData(timeline) : null;
  if (data && (data.failures.length > 0 || data.normal.length > 0)) {
    const per = data.step === 1 ? 'minute' : `${data.step} minutes`;
    const panel = (id: string, title: string, empty: string, count: number): string =>
      `<figure><figcaption>${esc(title)}</figcaption>${count > 0 ? `<div id="${id}" class="chart"></div>` : `<p class="dim">${esc(empty)}</p>`}</figure>`;
    section(
      `Over time (per ${per}, UTC)`,
      `<div class="charts">${panel('failures-chart', 'Real failures, by diagnosis', 'No real failures.', data.failures.length)}${panel('normal-chart', 'Normal handshake legs', 'No normal handshake legs.', data.normal.length)}</div>` +
        (timeline && timeline.lost > 0
          ? `<p class="dim">${n(timeline.lost)} counts fell outside the minutes the scan keeps and are not drawn.</p>`
          : ''),
    );
  } else section('Over time', '<p class="dim">No entry in this log has a time to chart.</p>');

  if (s.diagnoses.length)
    section(
      words.TITLES.diagnoses,
      table(
        ['#', 'diagnosis', 'entries', 'kind', 'what it means'],
        s.diagnoses.map((d, i) => [
          String(i + 1),
          `<code class="${d.kind}">${esc(d.id)}</code>`,
          n(d.count),
          esc(d.kind),
          esc(d.detail),
        ]),
        [0, 2],
      ),
    );

  const codes = s.codes.slice(0, MAX_CODES);
  section(
    'Codes',
    table(
      ['code', 'win32', 'count', 'share'],
      codes.map((c) => [
        `<span class="${words.codeSeverity(c)}">${code(c)}</span>`,
        String(c.win32 ?? '-'),
        n(c.count),
        shareText(c.count, s.entries),
      ]),
      [1, 2, 3],
    ) +
      (s.codes.length > codes.length
        ? `<p class="dim">${words.moreCodesText(s.codes.length - codes.length)}</p>`
        : ''),
  );

  if (s.details.length)
    section(
      words.TITLES.details,
      s.details
        .map(
          (d) =>
            `<h3><span class="bad">${code(d)} win32 ${d.win32 ?? '-'}</span> · ${n(d.count)} entries${d.first && d.last ? ` <span class="dim">· ${esc(d.first)} → ${esc(d.last)}</span>` : ''}</h3>` +
            table(
              ['', 'most frequent'],
              [
                ['URLs', ranked(d.urls)],
                [
                  'users',
                  ranked(d.users) +
                    (d.anonymous ? ` <span class="dim">anonymous ${n(d.anonymous)}</span>` : ''),
                ],
                ['clients', ranked(d.clients)],
                ['agents', ranked(d.userAgents)],
              ],
            ),
        )
        .join(''),
    );

  const h = s.handshakes;
  if (h.completed || h.failed)
    section(
      words.TITLES.handshakes,
      table(
        ['', 'count', ''],
        [
          ['<span class="good">completed</span>', n(h.completed), words.completedText(h)],
          ['<span class="bad">failed</span>', n(h.failed), words.failedText(h)],
        ],
        [1],
      ) +
        (h.clients.length
          ? `<p>${words.TITLES.repeated}: ${n(h.repeatedFailureClients)}</p>` +
            table(
              ['client', 'failing 401s', 'failed', 'completed'],
              h.clients.map((c) => [esc(c.client), n(c.failures), n(c.failed), n(c.completed)]),
              [1, 2, 3],
            )
          : ''),
    );

  if (s.busiestMinutes.length)
    section(
      words.TITLES.busiest,
      table(
        ['minute (UTC)', 'entries', '401'],
        s.busiestMinutes.map((m) => [esc(m.minute.replace('T', ' ')), n(m.count), n(m.count401)]),
        [1, 2],
      ),
    );

  if (s.skippedReasons.length || s.notes.length)
    section(
      words.TITLES.care,
      table(
        ['lines', ''],
        [
          ...s.skippedReasons.map((r) => [n(r.count), `skipped: ${esc(r.reason)}`]),
          ...s.notes.map((r) => [n(r.count), `read: ${esc(r.note)}`]),
        ],
        [0],
      ),
    );

  if (s.inputs.length > 1 || s.inputs.some((i) => i.error))
    section(
      'Inputs',
      table(
        ['input', 'lines'],
        s.inputs.map((i) => [
          esc(i.name),
          i.error ? `<span class="bad">not read: ${esc(i.error)}</span>` : n(i.lines),
        ]),
        [1],
      ),
    );

  if (s.queries.length)
    section(
      words.TITLES.queries,
      s.queries
        .map(
          (q) =>
            `<h3><code>${esc(q.id)}</code> <span class="dim">— ${esc(q.title)}</span></h3>` +
            `<p class="dim">${words.TITLES.kql}</p><pre>${esc(q.kql)}</pre>` +
            `<p class="dim">${words.TITLES.elasticsearch}</p><pre>${esc(JSON.stringify(q.elasticsearch, null, 2))}</pre>`,
        )
        .join(''),
    );

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IIS log scan${s.timeRange ? ` ${esc(s.timeRange.first.slice(0, 10))}` : ''}</title>
<style>${lib.css.replace(/<\//g, '<\\/')}</style>
<style>${STYLE}</style>
</head><body>
${parts.join('\n')}
<script type="application/json" id="timeline-data">${jsonText(data ?? { step: 1, times: [], failures: [], normal: [] })}</script>
<script>${scriptText(lib.script)}</script>
<script>${DRAW}</script>
</body></html>
`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:14px;margin:16px 0 6px}
.dim{color:#777}.bad{color:#c62828}.good{color:#2e7d32}.warn{color:#b26a00}
.verdict{font-weight:600;padding:8px 12px;border-left:4px solid}.verdict.bad{border-color:#c62828}.verdict.good{border-color:#2e7d32;color:#222}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{flex:1 1 480px;margin:0;min-width:320px}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;margin:4px 0}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}.num{text-align:right}
code.failure{color:#c62828}code.normal{color:#2e7d32}pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}`;
