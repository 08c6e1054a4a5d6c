import type { Activity } from 'botbuilder';
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

/**
 * What /api/messages accepts as a Bot Framework activity: the fields botbuilder and our handler
 * read must have their documented types (a wrong type would fail deep inside a turn, or in the
 * connector when replying); everything else passes through untouched. A JSON Schema compiled by
 * Ajv: this runs on every request, where the zod schema it replaced cost ~20 µs of each under
 * load (and copied the activity); test/server/activity.test.ts holds it to that zod schema.
 * Lengths count code points, as zod's did.
 */
const text = (max: number, min = 0): SchemaObject => ({
  type: 'string',
  minLength: min,
  ...(max < Infinity ? { maxLength: max } : {}),
});

const object = (properties: Record<string, SchemaObject>, required: string[]): SchemaObject => ({
  type: 'object',
  properties,
  required,
});

const list = (items: SchemaObject, max: number): SchemaObject => ({
  type: 'array',
  maxItems: max,
  items,
});

const Account = object(
  { id: text(1024), name: text(1024), aadObjectId: text(256), role: text(64) },
  ['id'],
);

// botbuilder's mention helpers read mentioned.id and text of every mention entity ('mention' in
// any case: JSON Schema patterns take no flags)
const Entity: SchemaObject = {
  ...object({ type: text(256) }, ['type']),
  if: { properties: { type: { type: 'string', pattern: '^[Mm][Ee][Nn][Tt][Ii][Oo][Nn]$' } } },
  then: {
    properties: {
      mentioned: object({ id: { type: 'string' } }, ['id']),
      text: { type: 'string' },
    },
    required: ['mentioned'],
  },
};

const Attachment = object({ contentType: text(256), name: text(1024), contentUrl: text(8192) }, []);

const ActivityShape = object(
  {
    type: text(64, 1),
    id: text(1024),
    channelId: text(256, 1),
    serviceUrl: { ...text(2048), pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]' },
    conversation: object(
      {
        id: text(1024, 1),
        conversationType: text(64),
        tenantId: text(256),
        isGroup: { type: 'boolean' },
      },
      ['id'],
    ),
    from: Account,
    recipient: Account,
    text: text(Infinity),
    textFormat: text(64),
    locale: text(64),
    timestamp: text(64),
    localTimestamp: text(64),
    replyToId: text(1024),
    name: text(256),
    deliveryMode: text(64),
    attachments: list(Attachment, 50),
    entities: list(Entity, 100),
    membersAdded: list(Account, 500),
    membersRemoved: list(Account, 500),
    channelData: { type: 'object' },
  },
  ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'],
);

const validate = new Ajv({ allErrors: false }).compile(ActivityShape);

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** The first problem Ajv found, as "where: what" (where: a dotted path, or "(body)"). */
const describe = (e: ErrorObject): string => {
  const path = e.instancePath.split('/').slice(1);
  const p = e.params as Record<string, unknown>;
  let what: string;
  if (e.schemaPath.includes('/then/')) {
    // inside a mention entity (entities.N): said of the entity
    const field = path[2];
    path.length = 2;
    what = field === 'text' ? 'a mention text must be a string' : 'a mention names no mentioned.id';
  } else if (e.keyword === 'required') {
    path.push(String(p.missingProperty));
    what = 'missing';
  } else if (e.keyword === 'type') what = `expected ${article(String(p.type))}`;
  else if (e.keyword === 'minLength')
    what = `expected at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'}`;
  else if (e.keyword === 'maxLength') what = `expected at most ${String(p.limit)} characters`;
  else if (e.keyword === 'maxItems') what = `expected at most ${String(p.limit)} items`;
  else if (e.keyword === 'pattern') what = 'expected an http(s) URL';
  else what = e.message ?? 'not as expected';
  return `${path.length ? path.join('.') : '(body)'}: ${what}`;
};

export type ActivityCheck = { ok: true; activity: Activity } | { ok: false; message: string };

/** A parsed JSON body as an activity; top-level nulls count as absent (some serialisers send them). */
export const readActivity = (value: unknown): ActivityCheck => {
  let body = value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (Object.values(value).includes(null))
      body = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  }
  if (validate(body)) return { ok: true, activity: body as Activity };
  const first = validate.errors?.[0];
  return {
    ok: false,
    message: `not a Bot Framework activity: ${first ? describe(first) : '(body): unreadable'}`,
  };
};
