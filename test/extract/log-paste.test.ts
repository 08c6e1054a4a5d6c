import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LOG_PASTE_MIN_ENTRIES,
  LOG_PASTE_PROBE_CHARS,
  readLogPaste,
} from '../../src/extract/index.js';
import { GENERATOR, itShared } from '../shared.js';
import { generate } from '../w3c/helpers.js';

const FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const line = (i: number, status = '401 2 5'): string =>
  `2024-03-01 10:00:${String(i % 60).padStart(2, '0')} 10.0.0.4 GET /app/${i} - 443 - 10.0.0.5 Mozilla/5.0 - ${status} 0`;
const lines = (n: number): string[] => Array.from({ length: n }, (_, i) => line(i));
const prose = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `Users on floor ${i} see the login box again and again.`);

describe('readLogPaste', () => {
  itShared(GENERATOR, 'reads a generated 5 MB paste as a log, probing only its start', () => {
    const text = readFileSync(generate(['--lines', '25000', '--seed', '19']), 'utf8');
    expect(text.length).toBeGreaterThan(4_500_000);
    const paste = readLogPaste(text);
    expect(paste).not.toBeNull();
    // bounded: only the lines of the first LOG_PASTE_PROBE_CHARS characters were looked at
    const probed = text.slice(0, LOG_PASTE_PROBE_CHARS).split('\n').length;
    expect(paste!.lines).toBeLessThanOrEqual(probed);
    expect(paste!.logLines).toBe(paste!.lines);
  });

  it('leaves a short paste of 3 log lines with prose to the dialogue', () => {
    const text = ['Since this morning nobody gets in:', FIELDS, ...lines(3), 'Why?'].join('\n');
    expect(readLogPaste(text)).toBeNull();
  });

  it(`needs ${LOG_PASTE_MIN_ENTRIES} log entries`, () => {
    expect(readLogPaste([FIELDS, ...lines(LOG_PASTE_MIN_ENTRIES - 1)].join('\n'))).toBeNull();
    expect(readLogPaste([FIELDS, ...lines(LOG_PASTE_MIN_ENTRIES)].join('\n'))).toEqual({
      lines: LOG_PASTE_MIN_ENTRIES + 1,
      logLines: LOG_PASTE_MIN_ENTRIES + 1,
    });
  });

  it('needs log lines to be the majority of the non-empty lines', () => {
    expect(readLogPaste([...prose(30), ...lines(25)].join('\n'))).toBeNull();
    expect(readLogPaste([...prose(5), '', ...lines(25), '', ''].join('\n'))).toEqual({
      lines: 30,
      logLines: 25,
    });
  });

  it('decides on the start of the paste: a log after the probe does not count', () => {
    const filler = `${'words and more words '.repeat(50)}\n`;
    const head = filler.repeat(Math.ceil(LOG_PASTE_PROBE_CHARS / filler.length));
    expect(readLogPaste(head + lines(5000).join('\n'))).toBeNull();
  });

  it('reads a paste without a #Fields line by its default columns', () => {
    expect(readLogPaste(lines(40).join('\r\n'))).not.toBeNull();
  });
});
