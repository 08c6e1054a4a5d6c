import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { AppError, errorLine } from '../errors.js';
import { loadKnowledge } from '../knowledge/index.js';
import { loadLocalCases } from '../learn/index.js';
import { buildReview, casesJsonl, renderReview } from '../review/index.js';
import { createStateStore, listKept } from '../state/index.js';
import type { CliIo } from './io.js';

const NO_STORE =
  'review reads the records the bot kept in its state store: set STATE_CONNECTION_STRING (and STATE_CONTAINER) as the bot has them (a bot without them keeps records in memory only)';

/**
 * `review [--export FILE.jsonl]`: what the bot kept (resolved tickets, answers marked unhelpful,
 * questions it was unsure of), each confirmed cause ranked again; the export writes the resolved
 * tickets in the scorer's case format (for `evaluate.mjs` and LOCAL_CASES).
 */
export const reviewCommand = async (opts: { export?: string }, io: CliIo): Promise<number> => {
  const config = loadConfig(io.env);
  if (!config.state.connectionString) throw new AppError('E_CONFIG', NO_STORE);
  const store = createStateStore(config);
  const [base, listing] = await Promise.all([
    loadKnowledge(config.knowledgeDir),
    listKept(store, { now: Date.now(), retentionDays: config.retentionDays }),
  ]);
  // ranked as the bot ranks: with the organisation's confirmed cases when it learns from them
  const knowledge = config.localCases
    ? (await loadLocalCases(base, resolve(io.cwd, config.localCases))).knowledge
    : base;
  const review = buildReview(listing.records, knowledge);
  io.stdout.write(renderReview(review, { retentionDays: config.retentionDays }));
  if (listing.unreadable) {
    io.stderr.write(
      `iis-triage: ${listing.unreadable} stored records could not be read (skipped)\n`,
    );
  }
  if (opts.export !== undefined) {
    const cases = review.resolved.flatMap((r) => (r.case ? [r.case] : []));
    const path = resolve(io.cwd, opts.export);
    try {
      await writeFile(path, casesJsonl(cases), 'utf8');
    } catch (e) {
      throw new AppError('E_INPUT', `cannot write ${opts.export}: ${errorLine(e)}`);
    }
    io.stdout.write(
      `\nWrote ${cases.length} confirmed case${cases.length === 1 ? '' : 's'} to ${opts.export} (score: node evaluate.mjs ${opts.export}; learn: LOCAL_CASES=${opts.export})\n`,
    );
  }
  return 0;
};
