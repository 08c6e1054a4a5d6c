// the scan and the summary only: the terminal report and its colours load when they are shown
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { loadScanKernel } from '../w3c/load.js';
import { resolveInputs, scanFiles } from '../w3c/read.js';
import { summarise } from '../w3c/summarise.js';
import type { CommandIo } from './io.js';

const MB = 1024 * 1024;

/** uPlot's code and styles from the installed package, to inline in the HTML report. */
async function readChartLibrary(): Promise<{ script: string; css: string }> {
  const require = createRequire(import.meta.url);
  const [script, css] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { script, css };
}

/**
 * `scan FILE|FOLDER... [--json] [--html FILE]`: summarises IIS W3C logs ('-' = standard input,
 * .gz accepted; a folder's *.log and *.gz files in name order). An input that cannot be read
 * stops it before any report. `--html` writes the report as a page instead of the terminal text.
 */
export async function scanCommand(
  names: string[],
  opts: { json: boolean; progress?: boolean; html?: string },
  io: CommandIo,
): Promise<number> {
  if (names.length === 0) {
    io.stderr.write('scan: name one or more log files (or - for standard input)\n');
    return 2;
  }
  const { files, problems } = await resolveInputs(names);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`scan: ${p}\n`);
    return 1;
  }
  // loaded only for a terminal: a scan piped to a file should not pay for it
  const cliProgress =
    opts.progress !== false && io.stderrIsTTY ? (await import('cli-progress')).default : null;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        {
          stream: io.stderr,
          format: 'scanning {file} [{bar}] {percentage}% | {done}/{size} MB',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const { problem } = loadScanKernel();
  if (problem !== null) {
    io.stderr.write(`scan: ${problem}\n`);
    return 1;
  }
  let current = '';
  const state = await scanFiles(files, io.stdin, {
    onProgress: (done, total) => {
      if (!bar || total <= 0) return;
      const payload = {
        file: current,
        done: (done / MB).toFixed(0),
        size: (total / MB).toFixed(0),
      };
      if (!bar.isActive) bar.start(total, done, payload);
      else bar.update(done, payload);
    },
    onInput: (name) => {
      current = name === '-' ? 'stdin' : (name.split(/[\\/]/).pop() ?? name);
      bar?.stop();
    },
  });
  bar?.stop();
  const summary = summarise(state);
  if (opts.html !== undefined) {
    const written = await writeHtmlReport(resolve(io.cwd, opts.html), summary, state);
    io.stderr.write(`scan: ${written.message}\n`);
    if (!written.ok) return 1;
  }
  if (opts.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else if (opts.html === undefined) {
    const [{ default: pc }, { renderScanReport }] = await Promise.all([
      import('picocolors'),
      import('../w3c/report.js'),
    ]);
    // picocolors' colours are the report's Paint
    const paint = pc.createColors(io.stdoutIsTTY && io.settings.isColourAllowed);
    const width = io.settings.columns ?? (io.stdout as { columns?: number }).columns ?? 100;
    io.stdout.write(renderScanReport(summary, paint, width));
  }
  const failed = summary.inputs.filter((i) => i.error);
  for (const f of failed) io.stderr.write(`scan: ${f.name}: ${f.error}\n`);
  return failed.length > 0 ? 1 : 0;
}

/** Writes the HTML report; says what it wrote, or why it could not. */
async function writeHtmlReport(
  path: string,
  summary: ReturnType<typeof summarise>,
  state: Parameters<typeof summarise>[0],
): Promise<{ ok: boolean; message: string }> {
  const [{ renderHtmlReport }, { timelineOf }, lib] = await Promise.all([
    import('../w3c/html-report.js'),
    import('../w3c/timeline.js'),
    readChartLibrary(),
  ]);
  const html = renderHtmlReport(summary, timelineOf(state, summary.diagnoses), lib);
  try {
    await writeFile(path, html);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : String(e);
    return { ok: false, message: `cannot write the HTML report to ${path}: ${why}` };
  }
  const kb = Math.ceil(Buffer.byteLength(html) / 1024);
  return { ok: true, message: `wrote ${path} (${kb} KB): open it in a browser` };
}
