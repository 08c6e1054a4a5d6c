import { decodeWin32, parseWin32Token } from '../extract/index.js';
import { entryById, findStatusCode } from '../knowledge/index.js';
import type { Entry, Knowledge } from '../knowledge/schema.js';
import { emptyReply, explainCode } from './build.js';
import type { Reply } from './types.js';

export const helpReply = (): Reply => ({
  ...emptyReply('help', 'I diagnose IIS 401 Unauthorized errors (and their neighbours).'),
  notes: [
    'Paste a log line (with its #Fields header if you have it), an error page, or describe what happens: I read the status, substatus and win32 codes, rank the likely causes and ask what tells them apart.',
    'Commands: `explain 401.3` (what a code means), `win32 2148074254` (decode sc-win32-status), `codes` (the 401 family), `reset` (start over), `help`.',
    'Example: `2024-03-01 10:00:01 10.0.0.4 GET /app - 443 - 10.0.0.5 Mozilla/5.0 - 401 1 1326 0`',
  ],
});

export const codeReply = (knowledge: Knowledge, text: string): Reply => {
  const [s, sub] = text.split('.');
  const status = Number(s);
  const substatus = sub === undefined ? null : Number(sub);
  const found = findStatusCode(knowledge.reference, status, substatus);
  if (!found)
    return {
      ...emptyReply('code', `I have no notes on HTTP ${text}.`),
      notes: ['Try `codes` for the 401 family.'],
    };
  const c = found.code;
  const entries = c.entries.map((id) => entryById(knowledge, id)).filter((e): e is Entry => !!e);
  return {
    ...emptyReply('code', `${text}: ${c.label}.`),
    codes: [explainCode(knowledge.reference, { status, substatus, win32: null })],
    causes: entries.map((e) => ({ id: e.id, title: e.title, score: 0, why: [e.summary] })),
    steps: [{ title: 'First steps', all: c.first_steps, iis6: [], iis7: [] }],
    notes: found.note ? [found.note] : [],
  };
};

export const win32Reply = (knowledge: Knowledge, token: string): Reply => {
  const value = parseWin32Token(token, knowledge.reference);
  const decoded = value === null ? null : decodeWin32(value, knowledge.reference);
  // a Win32 error in HRESULT form (0x8007xxxx) answers as its Win32 value
  const w = decoded?.info ?? decoded?.wrapped ?? undefined;
  if (value !== null && decoded && !w && decoded.value >>> 16 === 0x8007) {
    const code = decoded.value & 0xffff;
    return {
      ...emptyReply('win32', `${decoded.hex} is the HRESULT form of win32 ${code}.`),
      codes: [explainCode(knowledge.reference, { status: null, substatus: null, win32: value })],
      notes: [`Win32 ${code} is not in our table: \`net helpmsg ${code}\` names it on Windows.`],
    };
  }
  if (value === null || !w) {
    return {
      ...emptyReply('win32', `I do not know the win32 value ${token}.`),
      notes: [
        'Decode it on Windows: `net helpmsg <decimal>` for Win32 errors, `certutil -error 0x<hex>` for HRESULTs and SSPI codes.',
      ],
    };
  }
  const hex = `0x${w.value.toString(16).toUpperCase().padStart(8, '0')}`;
  const entries = w.entries.map((id) => entryById(knowledge, id)).filter((e): e is Entry => !!e);
  const wrapped = decoded?.info ? '' : ` (${decoded?.hex ?? hex} is its HRESULT form)`;
  return {
    ...emptyReply('win32', `${w.value} (${hex}) is ${w.name}${wrapped}: ${w.meaning}`),
    codes: [explainCode(knowledge.reference, { status: null, substatus: null, win32: value })],
    causes: entries.map((e) => ({ id: e.id, title: e.title, score: 0, why: [e.summary] })),
    notes: [w.in_iis],
  };
};

export const codesReply = (knowledge: Knowledge): Reply => {
  const family = knowledge.reference.statusCodes.filter(
    (c) => c.status === 401 && c.substatus !== undefined,
  );
  return {
    ...emptyReply(
      'codes',
      'The 401 family: the substatus says which part of IIS refused the request.',
    ),
    codes: family.map((c) =>
      explainCode(knowledge.reference, {
        status: 401,
        substatus: c.substatus ?? null,
        win32: null,
      }),
    ),
    notes: ['Ask `explain 403.14` or any other code for its meaning.'],
  };
};
