import { createHash } from 'node:crypto';
import { z } from 'zod';
import { keyPart } from './conversation.js';
import type { StateStore } from './types.js';

/** A code triple as records store it (extract's CodeTriple). */
export const CodeShape = z.object({
  status: z.number().nullable(),
  substatus: z.number().nullable(),
  win32: z.number().nullable(),
});

const UnsureShape = z.enum(['no-cause', 'low-confidence', 'none-of-these', 'no-code']);
/** Why an answer counts as unsure. */
export type UnsureReason = z.infer<typeof UnsureShape>;

const KeptShape = z.object({
  version: z.literal(1),
  kind: z.enum(['resolved', 'feedback', 'unsure']),
  /** The ticket, the answer or the conversation it is about: one record per kind, user and id. */
  id: z.string(),
  channelId: z.string(),
  /** Who asked (their records are deleted on request). */
  userId: z.string(),
  at: z.number(),
  /** The asker's words as the ranking read them (redacted; log lines are in `codes`). */
  text: z.string(),
  codes: z.array(CodeShape),
  /** Facts read or answered: fact id -> value. */
  facts: z.record(z.string(), z.string()),
  /** The bot's ranking when the record was made, best first. */
  ranking: z.array(z.object({ id: z.string(), score: z.number() })),
  /** The expert's verdict: a knowledge id, or null with their own words in `other`. */
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
  unsure: z.object({ answerId: z.string(), reason: UnsureShape }).optional(),
});

/**
 * What the bot keeps to learn from, one record per item: a ticket an expert resolved (a labelled
 * case), 👍/👎 on an answer, and a question it was unsure of. Everything in it is redacted text.
 */
export type KeptRecord = z.infer<typeof KeptShape>;

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

export const DAY_MS = 24 * 60 * 60 * 1000;
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
