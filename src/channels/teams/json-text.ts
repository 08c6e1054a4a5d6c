import { AppError } from '../../errors.js';

/**
 * Deepest nesting jsonBytes walks. Bodies nested deeper than the HTTP door's MAX_JSON_DEPTH never
 * get this far; past this the value is refused with a clear error, not a stack overflow.
 */
const MAX_DEPTH = 256;

/**
 * A value that is already JSON, as UTF-8 bytes: a card is serialised once, where it is rendered
 * (an engine thread: bytes cross threads as a plain copy, where a card's object tree or a long
 * string with typographic quotes costs far more), and written into the HTTP answer as it is.
 * Anything else that serialises it (botbuilder's connector client, a transcript logger) gets the
 * parsed value through toJSON, so the output is the same either way.
 */
export class JsonText {
  constructor(readonly bytes: Uint8Array) {}

  static of(json: string): JsonText {
    return new JsonText(Buffer.from(json, 'utf8'));
  }

  toJSON(): unknown {
    return JSON.parse(Buffer.from(this.bytes).toString('utf8')) as unknown;
  }
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * JSON.stringify(value) as UTF-8, with every JsonText inside copied in as its bytes instead of
 * being parsed and serialised again; undefined where JSON.stringify gives undefined. Plain objects
 * and arrays are walked (an answer's envelope: a few dozen values); every other value is left to
 * JSON.stringify, so the output is JSON.stringify's for any value whose toJSON methods ignore
 * their key argument.
 */
export const jsonBytes = (value: unknown): Buffer | undefined => {
  const parts: Buffer[] = [];
  let text = '';
  /** Appends `v`; false (and nothing appended) where JSON.stringify would leave it out. */
  const write = (v: unknown, depth: number): boolean => {
    if (depth > MAX_DEPTH) {
      throw new AppError(
        'E_INPUT',
        `a value nested deeper than ${MAX_DEPTH} levels was not written`,
      );
    }
    if (v instanceof JsonText) {
      parts.push(
        Buffer.from(text, 'utf8'),
        Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength),
      );
      text = '';
      return true;
    }
    const isArray = Array.isArray(v);
    if (
      typeof v !== 'object' ||
      v === null ||
      typeof (v as { toJSON?: unknown }).toJSON === 'function' ||
      (!isArray && !isPlainObject(v))
    ) {
      const json = JSON.stringify(v) as string | undefined;
      if (json === undefined) return false;
      text += json;
      return true;
    }
    if (isArray) {
      text += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) text += ',';
        if (!write(v[i], depth + 1)) text += 'null';
      }
      text += ']';
      return true;
    }
    const o = v as Record<string, unknown>;
    text += '{';
    let first = true;
    for (const key of Object.keys(o)) {
      const before = text;
      text += `${first ? '' : ','}${JSON.stringify(key)}:`;
      if (write(o[key], depth + 1)) first = false;
      else text = before;
    }
    text += '}';
    return true;
  };
  if (!write(value, 0)) return undefined;
  if (parts.length === 0) return Buffer.from(text, 'utf8');
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
};
