import type { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * What /api/messages accepts as a Bot Framework activity: the fields botbuilder and our handler
 * read must have their documented types (a wrong type would fail deep inside a turn, or in the
 * connector when replying); everything else passes through untouched. Lengths count code points.
 */
const text = (max: number) => z.string().max(max).optional();

const Account = z.looseObject({
  id: z.string().max(1024),
  name: text(1024),
  aadObjectId: text(256),
  role: text(64),
});

// botbuilder's mention helpers read mentioned.id and text of every mention entity
const Entity = z.looseObject({ type: z.string().max(256) }).superRefine((e, ctx) => {
  if (e.type.toLowerCase() !== 'mention') return;
  const { mentioned, text: said } = e as { mentioned?: unknown; text?: unknown };
  if (typeof (mentioned as { id?: unknown } | null | undefined)?.id !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'a mention names no mentioned.id' });
  }
  if (said !== undefined && typeof said !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'a mention text must be a string' });
  }
});

const Attachment = z.looseObject({
  contentType: text(256),
  name: text(1024),
  contentUrl: text(8192),
});

const ActivityShape = z.looseObject({
  type: z.string().min(1).max(64),
  id: text(1024),
  channelId: z.string().min(1).max(256),
  serviceUrl: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s/]/i),
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: text(64),
    tenantId: text(256),
    isGroup: z.boolean().optional(),
  }),
  from: Account,
  recipient: Account,
  text: z.string().optional(),
  textFormat: text(64),
  locale: text(64),
  timestamp: text(64),
  localTimestamp: text(64),
  replyToId: text(1024),
  name: text(256),
  deliveryMode: text(64),
  attachments: z.array(Attachment).max(50).optional(),
  entities: z.array(Entity).max(100).optional(),
  membersAdded: z.array(Account).max(500).optional(),
  membersRemoved: z.array(Account).max(500).optional(),
  channelData: z.looseObject({}).optional(),
});

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What is wrong, in the words a client reads (schema messages, like the mention's, win). */
const problem = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `expected ${article(issue.expected)}`;
    case 'too_small':
      return `expected at least ${plural(Number(issue.minimum), 'character')}`;
    case 'too_big':
      return `expected at most ${plural(Number(issue.maximum), issue.origin === 'array' ? 'item' : 'character')}`;
    case 'invalid_format':
      return 'expected an http(s) URL';
    default:
      return 'not as expected';
  }
};

export type ActivityCheck = { ok: true; activity: Activity } | { ok: false; message: string };

/** A parsed JSON body as an activity; top-level nulls count as absent (some serialisers send them). */
export const readActivity = (value: unknown): ActivityCheck => {
  let body = value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (Object.values(value).includes(null))
      body = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  }
  const parsed = ActivityShape.safeParse(body, { error: problem });
  // the body itself, not zod's copy of it: everything passes through as it came
  if (parsed.success) return { ok: true, activity: body as Activity };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : '(body)';
  return {
    ok: false,
    message: `not a Bot Framework activity: ${where}: ${first?.message ?? 'unreadable'}`,
  };
};
