import type { Activity, InvokeResponse } from 'botbuilder';

/** Invokes whose value botbuilder reads itself before any handler runs (so it must be there). */
const NEEDS_VALUE = new Set([
  'adaptiveCard/action',
  'composeExtension/submitAction',
  'fileConsent/invoke',
  'message/submitAction',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why an invoke cannot be handled as sent, or null when it can. Teams sends every invoke value as
 * a JSON object; botbuilder dereferences some without a check (a TypeError deep in the turn).
 */
export const invokeProblem = (activity: Pick<Activity, 'name' | 'value'>): string | null => {
  const name = activity.name ?? '';
  const value: unknown = activity.value;
  if (value !== undefined && value !== null && !isObject(value)) {
    return `the value of ${name || 'an invoke'} must be a JSON object`;
  }
  if (!isObject(value)) return NEEDS_VALUE.has(name) ? `${name} needs a value object` : null;
  if (name === 'adaptiveCard/action') {
    const action = value.action;
    if (!isObject(action) || typeof action.type !== 'string') {
      return 'adaptiveCard/action needs value.action with a type';
    }
  }
  return null;
};

/**
 * The invoke response for one that cannot be handled: 400, with the message in the form the
 * client shows (an Adaptive Card error, a message in the dialog) or our JSON error otherwise.
 */
export const badInvoke = (name: string | undefined, message: string): InvokeResponse => {
  if (name === 'adaptiveCard/action') {
    return {
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message },
      },
    };
  }
  if (name?.startsWith('composeExtension/') || name?.startsWith('task/')) {
    return {
      status: 400,
      body: { task: { type: 'message', value: `I could not read that request: ${message}.` } },
    };
  }
  return { status: 400, body: { error: { code: 'invalid_invoke', message } } };
};
