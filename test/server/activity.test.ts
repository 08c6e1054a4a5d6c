import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readActivity } from '../../src/server/activity.js';

/** The zod schema readActivity was written from (it ran on every request until it was replaced). */
const text = (max: number) => z.string().max(max).optional();
const Account = z
  .object({ id: z.string().max(1024), name: text(1024), aadObjectId: text(256), role: text(64) })
  .passthrough();
const Entity = z
  .object({ type: z.string().max(256) })
  .passthrough()
  .superRefine((e, ctx) => {
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
const ActivityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: text(1024),
    channelId: z.string().min(1).max(256),
    serviceUrl: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/[^\s/]/i),
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

const schemaAccepts = (body: unknown): boolean => {
  const cleaned =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null))
      : body;
  return ActivityShape.safeParse(cleaned).success;
};

const valid = (): Record<string, unknown> => ({
  type: 'message',
  id: 'm-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  timestamp: '2024-05-02T08:15:00.000Z',
  from: { id: '29:user', name: 'Megan', aadObjectId: 'aad-1' },
  recipient: { id: '28:bot', name: 'iis-triage' },
  conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't1' },
  channelData: { tenant: { id: 't1' } },
  locale: 'en-US',
  text: '<at>iis-triage</at> 401.2',
  entities: [{ type: 'mention', text: '<at>iis-triage</at>', mentioned: { id: '28:bot' } }],
  attachments: [{ contentType: 'text/plain', name: 'u_ex.log', contentUrl: 'https://x/y' }],
  membersAdded: [{ id: '28:bot' }],
});

/** Strings around every limit, in UTF-16 units and in code points. */
const edgeString = fc
  .oneof(
    fc.constantFrom(0, 1, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 2047, 2048, 2049, 8193),
    fc.nat(70),
  )
  .chain((n) =>
    fc.oneof(
      fc.constant('x'.repeat(n)),
      fc.constant('😀'.repeat(Math.ceil(n / 2))),
      fc.constant(`https://${'h'.repeat(n)}`),
      fc.constantFrom('mention', 'MENTION', 'http://x', 'ftp://x', 'https:// x', 'HTTPS://Host/'),
    ),
  );

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    edgeString,
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('id', 'type', 'text', 'mentioned', 'name', 'contentUrl', 'x'),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value;

/** A path into the activity (some of them into lists) and a value to put there. */
const PATHS = [
  ['type'],
  ['id'],
  ['channelId'],
  ['serviceUrl'],
  ['conversation'],
  ['conversation', 'id'],
  ['conversation', 'isGroup'],
  ['conversation', 'tenantId'],
  ['from'],
  ['from', 'id'],
  ['from', 'aadObjectId'],
  ['recipient', 'name'],
  ['recipient', 'role'],
  ['text'],
  ['locale'],
  ['replyToId'],
  ['deliveryMode'],
  ['attachments'],
  ['attachments', 0],
  ['attachments', 0, 'contentUrl'],
  ['entities'],
  ['entities', 0, 'type'],
  ['entities', 0, 'mentioned'],
  ['entities', 0, 'text'],
  ['membersAdded', 0, 'id'],
  ['membersRemoved'],
  ['channelData'],
  ['unknownField'],
] as const;

const put = (o: Record<string, unknown>, path: readonly (string | number)[], v: unknown): void => {
  let at: unknown = o;
  for (const key of path.slice(0, -1)) {
    const next = (at as Record<string | number, unknown>)[key];
    if (typeof next !== 'object' || next === null) return;
    at = next;
  }
  (at as Record<string | number, unknown>)[path.at(-1)!] = v;
};

describe('readActivity', () => {
  it('accepts and refuses what the zod schema it replaced did, for mutated activities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...PATHS), anyValue), { maxLength: 4 }),
        (changes) => {
          const body = valid();
          for (const [path, v] of changes) put(body, path, v);
          const ours = readActivity(JSON.parse(JSON.stringify(body)) as unknown);
          expect(ours.ok).toBe(schemaAccepts(JSON.parse(JSON.stringify(body)) as unknown));
        },
      ),
      { numRuns: 3000 },
    );
  });

  const LIMITS: [readonly (string | number)[], number][] = [
    [['type'], 64],
    [['id'], 1024],
    [['channelId'], 256],
    [['conversation', 'id'], 1024],
    [['conversation', 'conversationType'], 64],
    [['conversation', 'tenantId'], 256],
    [['from', 'id'], 1024],
    [['from', 'name'], 1024],
    [['from', 'aadObjectId'], 256],
    [['recipient', 'role'], 64],
    [['textFormat'], 64],
    [['locale'], 64],
    [['timestamp'], 64],
    [['localTimestamp'], 64],
    [['replyToId'], 1024],
    [['name'], 256],
    [['deliveryMode'], 64],
    [['attachments', 0, 'contentType'], 256],
    [['attachments', 0, 'name'], 1024],
    [['attachments', 0, 'contentUrl'], 8192],
    [['entities', 0, 'type'], 256],
    [['membersAdded', 0, 'id'], 1024],
  ];
  it.each(LIMITS)('holds %j to %i characters (code points), as the schema did', (path, max) => {
    for (const value of [
      'x'.repeat(max),
      'x'.repeat(max + 1),
      '😀'.repeat(max),
      `${'😀'.repeat(max)}x`,
      '',
    ]) {
      const body = valid();
      put(body, path, value);
      expect(readActivity(body).ok).toBe(schemaAccepts(body));
    }
  });

  it.each([
    ['attachments', 50, { contentType: 'text/plain' }],
    ['entities', 100, { type: 'clientInfo' }],
    ['membersAdded', 500, { id: 'x' }],
  ])('holds %s to %i items, as the schema did', (key, max, item) => {
    for (const n of [max, max + 1]) {
      const body = { ...valid(), [key]: Array.from({ length: n }, () => item) };
      expect(readActivity(body).ok).toBe(schemaAccepts(body));
    }
  });

  it.each([
    ['a string', 'activity'],
    ['an array', [valid()]],
    ['null', null],
  ])('refuses %s as the body', (_name, body) => {
    expect(readActivity(body)).toEqual({
      ok: false,
      message: 'not a Bot Framework activity: (body): expected an object',
    });
  });

  it('names the field at fault, inside lists too', () => {
    const body = valid();
    body.entities = [{ type: 'mention', text: 'x', mentioned: { id: 'b' } }, { type: 'mention' }];
    expect(readActivity(body)).toEqual({
      ok: false,
      message: 'not a Bot Framework activity: entities.1: a mention names no mentioned.id',
    });
    expect(readActivity({ ...valid(), conversation: { id: '' } })).toMatchObject({
      message: expect.stringContaining('conversation.id: expected at least 1 character') as string,
    });
  });

  it('hands back the activity it was given, top-level nulls dropped', () => {
    const body = valid();
    expect(readActivity(body)).toEqual({ ok: true, activity: body });
    const read = readActivity({ ...body, locale: null, summary: null });
    expect(read.ok && read.activity).toEqual({ ...body, locale: undefined });
    expect(read.ok && 'summary' in read.activity).toBe(false);
  });
});
