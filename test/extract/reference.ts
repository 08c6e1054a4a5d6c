import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseDetectors,
  parseErrorPages,
  parseFacts,
  parseStatusCodes,
  parseWin32,
} from '../../src/knowledge/index.js';
import type { Fact, ReferenceData } from '../../src/knowledge/index.js';

const dir = fileURLToPath(new URL('../../knowledge/', import.meta.url));

/** Parses one reference file with the project's own parser; fails loudly when it is broken. */
function parsed<T>(
  name: string,
  parse: (file: string, text: string) => { ok: true; value: T } | { ok: false; problems: string[] },
): T {
  const r = parse(name, readFileSync(dir + name, 'utf8'));
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.value;
}

/**
 * The reference data the reader gets in production, read file by file so these tests do not
 * depend on the whole knowledge folder being complete. status-codes.yaml is optional here.
 */
export function loadReference(): ReferenceData {
  const win32 = parsed('reference/win32.yaml', parseWin32);
  const errorPages = parsed('reference/error-pages.yaml', parseErrorPages);
  const statusCodes = existsSync(dir + 'reference/status-codes.yaml')
    ? parsed('reference/status-codes.yaml', parseStatusCodes)
    : [];
  const detectors = parsed('reference/detectors.yaml', parseDetectors);
  return { win32, errorPages, statusCodes, detectors };
}

export function loadFacts(): Fact[] {
  return parsed('facts.yaml', parseFacts);
}
