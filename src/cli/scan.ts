// the scan and the summary only: the terminal report and its colours load when they are shown
import { loadScanKernel } from '../w3c/load.js';
import { resolveInputs, scanFiles } from '../w3c/read.js';
import type { Paint } from '../w3c/report.js';
import { summarise } from '../w3c/summarise.js';
import type { CommandIo } from './io.js';

const MB = 1024 * 1024;

/**
 * `scan FILE|FOLDER... [--json]`: summarises IIS W3C logs ('-' = standard input, .gz accepted; a
 * folder's *.log and *.gz files in name order). An input that cannot be read stops it before any
 * report.
 */
export async function scanCommand(
  names: string[],
  opts: { json: boolean; progress?: boolean },
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
  const threads = io.settings.scanThreads;
  const state = await scanFiles(files, io.stdin, {
    ...(threads === undefined ? {} : { threads }),
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
  if (opts.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const [{ default: pc }, { renderScanReport }] = await Promise.all([
      import('picocolors'),
      import('../w3c/report.js'),
    ]);
    const colours = pc.createColors(io.stdoutIsTTY && io.settings.isColourAllowed);
    const paint: Paint = {
      bold: colours.bold,
      dim: colours.dim,
      red: colours.red,
      green: colours.green,
      yellow: colours.yellow,
      cyan: colours.cyan,
    };
    const width = io.settings.columns ?? (io.stdout as { columns?: number }).columns ?? 100;
    io.stdout.write(renderScanReport(summary, paint, width));
  }
  const failed = summary.inputs.filter((i) => i.error);
  for (const f of failed) io.stderr.write(`scan: ${f.name}: ${f.error}\n`);
  return failed.length > 0 ? 1 : 0;
}
