import type { Activity } from 'botbuilder';

/**
 * What /api/messages accepts as a Bot Framework activity: the fields botbuilder and our handler
 * read must have their documented types (a wrong type would fail deep inside a turn, or in the
 * connector when replying); everything else passes through untouched. Hand-written checks rather
 * than a schema library: this runs on every request (a zod schema cost ~20 µs of each under load,
 * and copied the activity); test/server/activity.test.ts holds it to the zod schema it replaced.
 */
type Check = (value: unknown) => Problem | null;

interface Problem {
  /** Where, outermost first. */
  path: (string | number)[];
  message: string;
}

const problem = (message: string): Problem => ({ path: [], message });

const within = (problem: Problem | null, key: string | number): Problem | null =>
  problem && { path: [key, ...problem.path], message: problem.message };

/** Length in code points, counted only past `max` UTF-16 units (as the schema counted). */
const isLonger = (s: string, max: number): boolean => {
  if (s.length <= max) return false;
  let points = 0;
  for (const _ of s) if (++points > max) return true;
  return false;
};

const text =
  (min: number, max: number, pattern?: { re: RegExp; what: string }): Check =>
  (v) => {
    if (typeof v !== 'string') return problem('expected a string');
    if (v.length < min) return problem(`expected at least ${min} character${min > 1 ? 's' : ''}`);
    if (isLonger(v, max)) return problem(`expected at most ${max} characters`);
    if (pattern && !pattern.re.test(v)) return problem(`expected ${pattern.what}`);
    return null;
  };

const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? null : check(v);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with these fields; other fields pass through. */
const object =
  (fields: Record<string, Check>, refine?: (o: Record<string, unknown>) => Problem | null): Check =>
  (v) => {
    if (!isObject(v)) return problem('expected an object');
    for (const key in fields) {
      const found = within(fields[key]!(v[key]), key);
      if (found) return found;
    }
    return refine ? refine(v) : null;
  };

const list =
  (item: Check, max: number): Check =>
  (v) => {
    if (!Array.isArray(v)) return problem('expected an array');
    if (v.length > max) return problem(`expected at most ${max} items`);
    for (let i = 0; i < v.length; i++) {
      const found = within(item(v[i]), i);
      if (found) return found;
    }
    return null;
  };

const isPlainRecord = (v: unknown): boolean => {
  if (!isObject(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const record: Check = (v) => (isPlainRecord(v) ? null : problem('expected an object'));

const boolean: Check = (v) => (typeof v === 'boolean' ? null : problem('expected true or false'));

const Account = object({
  id: text(0, 1024),
  name: optional(text(0, 1024)),
  aadObjectId: optional(text(0, 256)),
  role: optional(text(0, 64)),
});

// botbuilder's mention helpers read mentioned.id and text of every mention entity
const Entity = object({ type: text(0, 256) }, (e) => {
  if ((e.type as string).toLowerCase() !== 'mention') return null;
  const mentioned = e.mentioned;
  if (!isObject(mentioned) || typeof mentioned.id !== 'string') {
    return problem('a mention names no mentioned.id');
  }
  if (e.text !== undefined && typeof e.text !== 'string') {
    return problem('a mention text must be a string');
  }
  return null;
});

const Attachment = object({
  contentType: optional(text(0, 256)),
  name: optional(text(0, 1024)),
  contentUrl: optional(text(0, 8192)),
});

const ActivityShape = object({
  type: text(1, 64),
  id: optional(text(0, 1024)),
  channelId: text(1, 256),
  serviceUrl: text(0, 2048, { re: /^https?:\/\/[^\s/]/i, what: 'an http(s) URL' }),
  conversation: object({
    id: text(1, 1024),
    conversationType: optional(text(0, 64)),
    tenantId: optional(text(0, 256)),
    isGroup: optional(boolean),
  }),
  from: Account,
  recipient: Account,
  text: optional(text(0, Infinity)),
  textFormat: optional(text(0, 64)),
  locale: optional(text(0, 64)),
  timestamp: optional(text(0, 64)),
  localTimestamp: optional(text(0, 64)),
  replyToId: optional(text(0, 1024)),
  name: optional(text(0, 256)),
  deliveryMode: optional(text(0, 64)),
  attachments: optional(list(Attachment, 50)),
  entities: optional(list(Entity, 100)),
  membersAdded: optional(list(Account, 500)),
  membersRemoved: optional(list(Account, 500)),
  channelData: optional(record),
});

export type ActivityCheck = { ok: true; activity: Activity } | { ok: false; message: string };

/** A parsed JSON body as an activity; top-level nulls count as absent (some serialisers send them). */
export const readActivity = (value: unknown): ActivityCheck => {
  let body = value;
  if (isObject(value) && Object.values(value).includes(null)) {
    body = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  }
  const found = ActivityShape(body);
  if (!found) return { ok: true, activity: body as Activity };
  const where = found.path.length ? found.path.join('.') : '(body)';
  return { ok: false, message: `not a Bot Framework activity: ${where}: ${found.message}` };
};
