import type { Action } from './types.js';

export type Command =
  | { type: 'help' }
  | { type: 'reset' }
  | { type: 'codes' }
  | { type: 'explain'; code: string }
  | { type: 'win32'; value: string }
  | { type: 'action'; action: Action };

/** Typed commands: help, reset, codes, explain 401.3, win32 2148074254, none of these. */
export const parseCommand = (text: string): Command | null => {
  const t = text.trim().toLowerCase().replace(/^\/+/, '').replace(/\s+/g, ' ');
  if (t.length > 80) return null;
  if (/^(help|\?|commands|what can you do\??)$/.test(t)) return { type: 'help' };
  if (/^(reset|start over|restart|new question|clear)$/.test(t)) return { type: 'reset' };
  if (/^(codes|list codes|show codes)$/.test(t)) return { type: 'codes' };
  if (/^(none of (these|them|the above)|none|neither|nothing fits|none fit)$/.test(t)) {
    return { type: 'action', action: { type: 'none-of-these' } };
  }
  const explain = /^(explain|what is|what's|meaning of) (\d{3}(?:\.\d{1,3})?)\??$/.exec(t);
  if (explain?.[2]) return { type: 'explain', code: explain[2] };
  const win32 =
    /^(win32|win32 status|sc-win32-status|decode) (-?[0-9a-fx]+|[a-z][a-z0-9_]+)\??$/.exec(t);
  if (win32?.[2]) return { type: 'win32', value: win32[2] };
  return null;
};
