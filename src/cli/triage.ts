import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { decodeLogBytes, readCapped } from '../channels/download.js';
import { AppError, errorLine } from '../errors.js';
import { loadKnowledgeWithIndexes } from '../match/index.js';
import { buildTriageNote, renderNoteMarkdown } from '../triage/index.js';
import type { CliIo } from './io.js';

/** A ticket larger than this is not a ticket (use `scan` for log files). */
export const MAX_TICKET_BYTES = 16 * 1024 * 1024;
const MB = 1024 * 1024;
/** Between two Markdown notes (each already ends with a line break). */
const SEPARATOR = '\n---\n\n';

type Read = { ok: true; text: string } | { ok: false; reason: string };

const tooBig: Read = {
  ok: false,
  reason: `it is over ${MAX_TICKET_BYTES / MB} MB; a triage note reads tickets (use \`scan\` for whole log files)`,
};

/** Bytes -> text as a chat channel decodes a shared file (UTF-8, or UTF-16 with a BOM). */
const decode = (bytes: Buffer | null): Read => {
  if (!bytes) return tooBig;
  const decoded = decodeLogBytes(bytes);
  return decoded.kind === 'text'
    ? { ok: true, text: decoded.text }
    : { ok: false, reason: 'it does not look like text (binary content)' };
};

const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return errorLine(e);
};

/**
 * One ticket file, bounded; every expected failure is a value with a reason. Only regular files:
 * a device never ends (/dev/zero), and a pipe with no writer would block the open for ever; both
 * are opened without blocking and refused, as `scan` refuses them.
 */
const readTicket = async (path: string): Promise<Read> => {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once even with no writer (POSIX only)
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, reason: why(e) };
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, reason: 'it is a directory' };
    if (!info.isFile()) {
      return {
        ok: false,
        reason:
          'it is not a regular file (a device, pipe or socket); send it on standard input instead',
      };
    }
    if (info.size > MAX_TICKET_BYTES) return tooBig;
    // a file that grows while read (or claims size 0, as /proc files do) is still bounded
    return decode(
      await readCapped(handle.createReadStream({ autoClose: false }), MAX_TICKET_BYTES),
    );
  } catch (e) {
    return { ok: false, reason: why(e) };
  } finally {
    await handle.close();
  }
};

/**
 * `triage [FILE...] [--json]`: a triage note per ticket file (standard input when none, or `-`).
 * Markdown ready to paste into a ticket, or one JSON object per line with --json. A file that
 * cannot be read is reported on standard error and the others are still triaged (exit 1).
 */
export const triageCommand = async (
  files: string[],
  opts: { json?: boolean },
  io: CliIo,
): Promise<number> => {
  const knowledge = await loadKnowledgeWithIndexes();
  const inputs = files.length ? files : ['-'];
  let failed = 0;
  let stdinUsed = false;
  let written = 0;

  for (const name of inputs) {
    let read: Read;
    if (name === '-') {
      if (stdinUsed) {
        io.stderr.write('iis-triage: standard input (-) can be read only once; skipped\n');
        failed++;
        continue;
      }
      stdinUsed = true;
      read = decode(await readCapped(io.stdin, MAX_TICKET_BYTES));
    } else {
      read = await readTicket(resolve(io.cwd, name));
    }
    if (!read.ok) {
      io.stderr.write(`iis-triage: cannot read ${name}: ${read.reason}\n`);
      failed++;
      continue;
    }
    if (!read.text.trim()) {
      if (name === '-' && files.length === 0) {
        throw new AppError(
          'E_USAGE',
          'triage needs a ticket: name files or pipe one to standard input',
        );
      }
      io.stderr.write(`iis-triage: ${name === '-' ? 'standard input' : name} is empty; skipped\n`);
      failed++;
      continue;
    }
    const note = buildTriageNote(read.text, knowledge);
    // each note goes out as soon as it is ready; a later unreadable file does not hold it back
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ source: name === '-' ? 'stdin' : name, ...note })}\n`);
    } else {
      const title = name === '-' ? 'IIS triage note' : `IIS triage note: ${basename(name)}`;
      io.stdout.write(`${written > 0 ? SEPARATOR : ''}${renderNoteMarkdown(note, { title })}\n`);
    }
    written++;
  }
  return failed ? 1 : 0;
};
