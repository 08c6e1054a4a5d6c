import { Command, CommanderError } from 'commander';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { isAppError } from '../errors.js';
import { readCliEnv } from './env.js';
import type { CliIo, CommandIo } from './io.js';

/** The package's version (package.json two folders up from src/cli/, dist/cli/ or dist/bundle/). */
const version = (): string =>
  (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Parses argv and runs one command; returns the exit code. The CLI's only catch. */
export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  let code = 0;
  /** The streams and the environment as read (in the action: a bad variable is caught below). */
  const run = (): CommandIo => ({ ...io, settings: readCliEnv(io.env) });
  const program = new Command()
    .name('iis-triage')
    .description('Diagnoses IIS 401 Unauthorized errors (and their neighbours).')
    .version(version(), '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  program
    .command('explain')
    .description('analyse one message (TEXT, or standard input)')
    .argument('[text...]', 'the message')
    .option('--json', 'print one Analysis as JSON')
    .option('--jsonl', 'read JSON Lines {id, message} on stdin; print one Analysis per line')
    .action(async (text: string[], opts: { json?: boolean; jsonl?: boolean }) => {
      const { explainCommand } = await import('./explain.js');
      code = await explainCommand(text, opts, run());
    });

  program
    .command('knowledge')
    .description('list the knowledge entries')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { knowledgeCommand } = await import('./knowledge.js');
      code = await knowledgeCommand(opts, io);
    });

  program
    .command('chat')
    .description('talk to the dialogue engine in the terminal')
    .action(async () => {
      const { chatCommand } = await import('./chat.js');
      code = await chatCommand(run());
    });

  program
    .command('scan')
    .description('summarise IIS W3C log files ("-" for standard input, .gz accepted)')
    .argument('<files...>', 'log files')
    .option('--json', 'print the scan summary as JSON')
    .option('--html <file>', 'write a self-contained HTML report (charts and tables) to <file>')
    .option('--no-progress', 'no progress bar')
    .action(
      async (files: string[], opts: { json?: boolean; html?: string; progress?: boolean }) => {
        const { scanCommand } = await import('./scan.js');
        code = await scanCommand(
          files,
          {
            json: !!opts.json,
            progress: opts.progress !== false,
            ...(opts.html === undefined ? {} : { html: opts.html }),
          },
          run(),
        );
      },
    );

  program
    .command('triage')
    .description(
      'a triage note per ticket file: Markdown to paste into a ticket (standard input when none)',
    )
    .argument(
      '[files...]',
      'ticket files (an email thread, a ticket body with pasted logs); - for standard input',
    )
    .option('--json', 'print one JSON note per line')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const { triageCommand } = await import('./triage.js');
      code = await triageCommand(files, opts, io);
    });

  program
    .command('review')
    .description(
      'what the bot kept (resolved tickets, unhelpful answers, unsure questions), from its state store',
    )
    .option(
      '--export <file>',
      "write the resolved tickets as JSON Lines in the scorer's case format",
    )
    .action(async (opts: { export?: string }) => {
      const { reviewCommand } = await import('./review.js');
      code = await reviewCommand(opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isAppError(e)) {
      io.stderr.write(`iis-triage: ${e.message}\n`);
      return e.code === 'E_USAGE' ? 2 : 1;
    }
    io.stderr.write(
      `iis-triage: unexpected error\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
};

const isEntryPoint = (): boolean => {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

/** Runs the CLI on this process's argv and streams (the bin and `npm run cli` both land here). */
export const runFromProcess = async (): Promise<void> => {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  process.exitCode = await main(process.argv.slice(2), {
    // made only when a command reads it: process.stdin opens a handle
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: isatty(0),
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
  });
};

if (isEntryPoint()) await runFromProcess();
