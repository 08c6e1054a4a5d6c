import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readActivity } from '../../src/server/activity.js';

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
  it('answers every mutated activity with the activity or one line naming a field', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...PATHS), anyValue), { maxLength: 4 }),
        (changes) => {
          const body = valid();
          for (const [path, v] of changes) put(body, path, v);
          const read = readActivity(JSON.parse(JSON.stringify(body)) as unknown);
          if (read.ok) expect(read.activity.conversation.id).toEqual(expect.any(String));
          else expect(read.message).toMatch(/^not a Bot Framework activity: [\w.()]+: [^\n]+$/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    [['type'], 5],
    [['serviceUrl'], 'ftp://x'],
    [['serviceUrl'], 'https:// x'],
    [['from'], 'u1'],
    [['conversation', 'isGroup'], 'yes'],
    [['entities', 0, 'mentioned'], null],
    [['entities', 0, 'text'], 3],
    [['attachments', 0, 'contentUrl'], 7],
    [['channelData'], ['a']],
  ] as const)('refuses %j set to %j', (path, value) => {
    const body = valid();
    put(body, path, value);
    expect(readActivity(body).ok).toBe(false);
  });

  it('takes a mention in any case, and other entities without a mentioned id', () => {
    const body = valid();
    body.entities = [{ type: 'MENTION', mentioned: { id: 'b' } }, { type: 'clientInfo' }];
    expect(readActivity(body).ok).toBe(true);
    body.entities = [{ type: 'Mention', text: 'x' }];
    expect(readActivity(body).ok).toBe(false);
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
  it.each(LIMITS)('holds %j to %i characters (code points)', (path, max) => {
    const isRequired = ['type', 'channelId', 'conversation.id'].includes(path.join('.'));
    for (const [value, ok] of [
      ['x'.repeat(max), true],
      ['x'.repeat(max + 1), false],
      ['😀'.repeat(max), true],
      [`${'😀'.repeat(max)}x`, false],
      ['', !isRequired],
    ] as const) {
      const body = valid();
      put(body, path, value);
      expect([value.length, readActivity(body).ok]).toEqual([value.length, ok]);
    }
  });

  it.each([
    ['attachments', 50, { contentType: 'text/plain' }],
    ['entities', 100, { type: 'clientInfo' }],
    ['membersAdded', 500, { id: 'x' }],
  ])('holds %s to %i items', (key, max, item) => {
    for (const n of [max, max + 1]) {
      const body = { ...valid(), [key]: Array.from({ length: n }, () => item) };
      expect(readActivity(body)).toMatchObject(
        n === max
          ? { ok: true }
          : { message: `not a Bot Framework activity: ${key}: expected at most ${max} items` },
      );
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
