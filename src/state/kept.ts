import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CodeTriple } from '../extract/types.js';
import { keyPart } from './conversation.js';
import type { StateStore } from './types.js';

/**
 * What the bot keeps to learn from, one record per item: a ticket an expert resolved (a labelled
 * case), 👍/👎 on an answer, and a question it was unsure of. Everything in it is redacted text.
 */
export type KeptKind = 'resolved' | 'feedback' | 'unsure';

/** The bot's ranking when the record was made, best first. */
export interface RankedAtTheTime {
  id: string;
  score: number;
}

export interface KeptRecord {
  version: 1;
  kind: KeptKind;
  /** The ticket, the answer or the conversation it is about: one record per kind, user and id. */
  id: string;
  channelId: string;
  /** Who asked (their records are deleted on request). */
  userId: string;
  at: number;
  /** The asker's words as the ranking read them (redacted; log lines are in `codes`). */
  text: string;
  codes: CodeTriple[];
  /** Facts read or answered: fact id -> value. */
  facts: Record<string, string>;
  ranking: RankedAtTheTime[];
  /** The expert's verdict: a knowledge id, or null with their own words in `other`. */
  resolution?: {
    ticket: string;
    cause: string | null;
    other: string | null;
    note: string;
    by: string;
  };
  feedback?: { answerId: string; reaction: 'like' | 'dislike'; comment: string | null };
  unsure?: { answerId: string; reason: UnsureReason };
}

/** Why an answer counts as unsure. */
export type UnsureReason = 'no-cause' | 'low-confidence' | 'none-of-these' | 'no-code';

const Code = z.object({
  status: z.number().nullable(),
  substatus: z.number().nullable(),
  win32: z.number().nullable(),
});

const KeptShape = z.object({
  version: z.literal(1),
  kind: z.enum(['resolved', 'feedback', 'unsure']),
  id: z.string(),
  channelId: z.string(),
  userId: z.string(),
  at: z.number(),
  text: z.string(),
  codes: z.array(Code),
  facts: z.record(z.string(), z.string()),
  ranking: z.array(z.object({ id: z.string(), score: z.number() })),
  resolution: z
    .object({
      ticket: z.string(),
      cause: z.string().nullable(),
      other: z.string().nullable(),
      note: z.string(),
      by: z.string(),
    })
    .optional(),
  feedback: z
    .object({
      answerId: z.string(),
      reaction: z.enum(['like', 'dislike']),
      comment: z.string().nullable(),
    })
    .optional(),
  unsure: z
    .object({
      answerId: z.string(),
      reason: z.enum(['no-cause', 'low-confidence', 'none-of-these', 'no-code']),
    })
    .optional(),
});

/** A stored value as a kept record, or undefined when it is not one (damage, another version). */
export const asKeptRecord = (value: unknown): KeptRecord | undefined => {
  const parsed = KeptShape.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

export const KEPT_PREFIX = 'kept/';

/** A user's id as it appears in keys: a digest, so listing keys shows nobody's id. */
export const userDigest = (userId: string): string =>
  createHash('sha256').update(userId).digest('hex').slice(0, 32);

/** kept/<channel>/<user digest>/<kind>/<id> */
export const keptKey = (r: Pick<KeptRecord, 'channelId' | 'userId' | 'kind' | 'id'>): string =>
  `${KEPT_PREFIX}${keyPart(r.channelId)}/${userDigest(r.userId)}/${r.kind}/${keyPart(r.id)}`;

/** The user digest a kept key is filed under (null for a key of another shape). */
export const digestOfKey = (key: string): string | null => key.split('/')[2] ?? null;

const DAY_MS = 24 * 60 * 60 * 1000;
export const retentionMs = (days: number): number => days * DAY_MS;

/** Reads many keys, a few at a time (a remote store would refuse thousands at once). */
export const readEach = async (
  store: StateStore,
  keys: readonly string[],
  each: (key: string, value: unknown) => void,
  concurrency = 16,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const item = await store.read(key);
      if (item) each(key, item.value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
};

export interface KeptListing {
  records: KeptRecord[];
  /** Stored values under kept/ that are not records this version can read. */
  unreadable: number;
}

/** Every kept record younger than the retention, oldest first. */
export const listKept = async (
  store: StateStore,
  options: { now: number; retentionDays: number },
): Promise<KeptListing> => {
  if (!store.list) return { records: [], unreadable: 0 };
  const keys = await store.list(KEPT_PREFIX);
  const records: KeptRecord[] = [];
  let unreadable = 0;
  const oldest = options.now - retentionMs(options.retentionDays);
  await readEach(store, keys, (_key, value) => {
    const record = asKeptRecord(value);
    if (!record) unreadable += 1;
    else if (record.at >= oldest) records.push(record);
  });
  return { records: records.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id)), unreadable };
};
