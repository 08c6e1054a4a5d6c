import { fileURLToPath } from 'node:url';

// Folders found from this file rather than the working directory (the same two levels down in
// src/ and dist/, so these stay in a file at this depth).

/** The repository's `knowledge/` folder. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));
/** Where snapshots live: build/ beside dist/. */
export const SNAPSHOT_DIR = fileURLToPath(new URL('../../build/', import.meta.url));
/** The code that turns the files into knowledge: an edit to it makes every snapshot stale. */
export const KNOWLEDGE_CODE_DIR = fileURLToPath(new URL('../../src/knowledge/', import.meta.url));
