/**
 * A value that is already JSON text: a card serialised on the engine's thread travels as a string
 * (copying a string between threads is cheap, copying a card's object tree is not) and is written
 * into the HTTP answer as it is. Anything else that serialises it (botbuilder's connector client,
 * a transcript logger) gets the parsed value through toJSON, so the output is the same either way.
 */
export class JsonText {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * JSON.stringify(value), with every JsonText inside written as its text instead of being parsed
 * and written again. Plain objects and arrays are walked (an answer's envelope: a few dozen
 * values); every other value is left to JSON.stringify, so the output is the same as
 * JSON.stringify's for any value whose toJSON methods ignore their key argument.
 */
export const stringifyJson = (value: unknown): string | undefined => {
  if (value instanceof JsonText) return value.json;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += stringifyJson(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  if (!isPlainObject(o) || typeof o.toJSON === 'function') return JSON.stringify(o);
  let out = '';
  for (const key of Object.keys(o)) {
    const text = stringifyJson(o[key]);
    if (text === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
};
