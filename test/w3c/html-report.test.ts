import { describe, expect, it } from 'vitest';
import { chartData, renderHtmlReport, type ChartData } from '../../src/w3c/html-report.js';
import { renderScanReport } from '../../src/w3c/report.js';
import { summarise } from '../../src/w3c/summarise.js';
import { timelineOf } from '../../src/w3c/timeline.js';
import { scanText } from './helpers.js';

const FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const line = (time: string, url: string, user: string, code: string): string =>
  `2024-11-01 ${time} 10.0.0.1 GET ${url} - 80 ${user} 10.1.1.9 Mozilla/5.0 ${code} 15`;
const LOG = [
  FIELDS,
  line('08:00:59', '/app/', '-', '401 2 5'),
  line('08:01:00', '/app/', '-', '401 1 2148074254'),
  line('08:01:00', '/app/', 'CORP\\ann', '200 0 0'),
  // a URL that would be markup if it were not escaped
  line('08:03:10', '/a"><script>alert(1)</script>', 'CORP\\bob', '401 1 1326'),
  line('08:03:11', '/a', 'CORP\\bob', '401 1 1326'),
  line('08:09:40', '/b', '-', '403 14 0'),
].join('\n');

/** A stand-in for uPlot: its text must be inlined whole, and must not end the script early. */
const LIB = { script: 'window.fakeChart = "</script><b>not markup</b>";', css: '.u-legend{}' };

const render = (text: string) => {
  const state = scanText(`${text}\n`);
  const summary = summarise(state);
  const timeline = timelineOf(state, summary.diagnoses);
  return { summary, timeline, html: renderHtmlReport(summary, timeline, LIB) };
};

const embedded = (html: string): ChartData => {
  const m = /<script type="application\/json" id="timeline-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no chart data in the page');
  return JSON.parse(m[1]!) as ChartData;
};

describe('renderHtmlReport', () => {
  it('fetches nothing: no src or href, and a policy that allows no network', () => {
    const { html } = render(LOG);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).toContain(`content="default-src 'none';`);
    expect(html).toContain('.u-legend{}');
  });

  it('inlines the chart library without letting it close its script element', () => {
    const { html } = render(LOG);
    expect(html).toContain('window.fakeChart = "<\\/script><b>not markup</b>";');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('heads the page with the counts and time span in the words of the terminal report', () => {
    const { summary, html } = render(FIELDS + '\n' + line('08:00:59', '/app/', '-', '401 2 5'));
    expect(/<header><h1>IIS log scan<\/h1><p class="dim">([^<]*)<\/p>/.exec(html)?.[1]).toBe(
      '0 files · 2 lines · 1 entry · 0 skipped · 2024-11-01T08:00:59Z → 2024-11-01T08:00:59Z (UTC)',
    );
    const text = renderScanReport(summary);
    expect(text).toContain('0 files · 2 lines · 1 entry · 0 skipped');
  });

  it('escapes what the log says', () => {
    const { html } = render(LOG);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('/a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('charts each failure diagnosis apart from the normal handshakes, minute by minute', () => {
    const { summary, timeline, html } = render(LOG);
    const data = embedded(html);
    expect(data).toEqual(chartData(timeline!));
    expect(data.times).toHaveLength(10);
    expect(data.times[1]! - data.times[0]!).toBe(60);
    expect(new Date(data.times[0]! * 1000).toISOString()).toBe('2024-11-01T08:00:00.000Z');
    const sums = (xs: ChartData['failures']) =>
      xs.map((s) => [s.label, s.counts.reduce((a, b) => a + b, 0)]);
    const byKind = (kind: string) =>
      summary.diagnoses.filter((d) => d.kind === kind).map((d) => [d.id, d.count]);
    expect(sums(data.failures)).toEqual(byKind('failure'));
    expect(sums(data.normal)).toEqual(byKind('normal'));
    expect(data.failures.length).toBeGreaterThan(0);
    expect(data.normal.length).toBeGreaterThan(0);
    expect(html).toContain('id="failures-chart"');
    expect(html).toContain('id="normal-chart"');
  });

  it('has the tables of the terminal report', () => {
    const { summary, html } = render(LOG);
    for (const title of ['Diagnoses', 'Codes', '401 and 403 in detail', 'Busiest minutes'])
      expect(html).toContain(`<h2>${title}`);
    for (const d of summary.diagnoses) expect(html).toContain(`>${d.id}</code>`);
    for (const c of summary.codes) expect(html).toContain(`${c.status}.${c.substatus}<`);
    expect(html).toContain('CORP\\bob');
  });

  it('says when nothing has a time, and draws no chart', () => {
    const { timeline, html } = render(
      ['#Fields: cs-uri-stem sc-status sc-substatus sc-win32-status', '/a 401 1 1326'].join('\n'),
    );
    expect(timeline).toBeNull();
    expect(html).toContain('No entry in this log has a time to chart.');
    expect(html).not.toContain('id="failures-chart"');
    expect(embedded(html).times).toEqual([]);
  });
});
