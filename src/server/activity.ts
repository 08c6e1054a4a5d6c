import type { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * What /api/messages accepts as a Bot Framework activity: the fields botbuilder and our handler
 * read must have their documented types (a wrong type would fail deep inside a turn, or in the
 * connector when replying); everything else passes through untouched.
 */
const text = (max: number) => z.string().max(max).optional();

const Account = z
  .object({ id: z.string().max(1024), name: text(1024), aadObjectId: text(256), role: text(64) })
  .passthrough();

const Entity = z
  .object({ type: z.string().max(256) })
  .passthrough()
  .superRefine((e, ctx) => {
    // botbuilder's mention helpers read mentioned.id and text of every mention entity
    if (e.type.toLowerCase() !== 'mention') return;
    const mentioned = (e as { mentioned?: unknown }).mentioned;
    const ok =
      typeof mentioned === 'object' &&
      mentioned !== null &&
      typeof (mentioned as { id?: unknown }).id === 'string';
    if (!ok) ctx.addIssue({ code: 'custom', message: 'a mention names no mentioned.id' });
    const said = (e as { text?: unknown }).text;
    if (said !== undefined && typeof said !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'a mention text must be a string' });
    }
  });

const Attachment = z
  .object({ contentType: text(256), name: text(1024), contentUrl: text(8192) })
  .passthrough();

export const ActivityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: text(1024),
    channelId: z.string().min(1).max(256),
    serviceUrl: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/[^\s/]/i, 'an http(s) URL'),
    conversation: z
      .object({
        id: z.string().min(1).max(1024),
        conversationType: text(64),
        tenantId: text(256),
        isGroup: z.boolean().optional(),
      })
      .passthrough(),
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
    channelData: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export type ActivityCheck = { ok: true; activity: Activity } | { ok: false; message: string };

/** A parsed JSON body as an activity; top-level nulls count as absent (some serialisers send them). */
export const readActivity = (value: unknown): ActivityCheck => {
  const body =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
      : value;
  const shape = ActivityShape.safeParse(body);
  if (shape.success) return { ok: true, activity: shape.data as unknown as Activity };
  const issue = shape.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unreadable';
  return { ok: false, message: `not a Bot Framework activity: ${where}` };
};
