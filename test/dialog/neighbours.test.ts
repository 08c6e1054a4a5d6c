import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { initialState, turn } from '../../src/dialog/index.js';
import { isAboutAuthentication } from '../../src/dialog/neighbours.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const knowledge = await loadKnowledge();

const CONFIG_ERROR =
  'HTTP Error 500.19 - Internal Server Error. The requested page cannot be accessed because the related configuration data for the page is invalid. Error Code 0x8007000d Config Source: <rewrite>';

const rows = knowledge.reference.statusCodes.filter((r) => r.status >= 400);
const name = (r: (typeof rows)[number]): string =>
  r.substatus === undefined ? `${r.status}` : `${r.status}.${r.substatus}`;

describe('codes that are not about authentication', () => {
  it('says a 500.19 is not about authentication and ranks no authentication cause', () => {
    const { reply, state } = turn(initialState(), CONFIG_ERROR, knowledge);
    expect(reply.headline).toMatch(/^500\.19 \(.+\) is not about authentication/);
    expect(reply.causes).toEqual([]);
    expect(reply.question).toBeUndefined();
    expect(state.pending).toBeNull();
    expect(reply.steps[0]?.all.length).toBeGreaterThan(0);
    expect(analyse(CONFIG_ERROR, knowledge).causes).toEqual([]);
  });

  it('decodes a Win32 error in HRESULT form to its Win32 value', () => {
    const { reply } = turn(initialState(), CONFIG_ERROR, knowledge);
    expect(reply.codes[0]?.label).toBe('500.19 with 0x8007000D (win32 13)');
    const w = turn(initialState(), 'win32 0x8007052e', knowledge).reply;
    expect(w.headline).toMatch(/^1326 .* ERROR_LOGON_FAILURE \(0x8007052E is its HRESULT form\)/);
    const unknown = turn(initialState(), 'win32 0x8007000d', knowledge).reply;
    expect(unknown.headline).toBe('0x8007000D is the HRESULT form of win32 13.');
  });

  it('ranks causes for a neighbour the knowledge lists (500.19 with win32 33)', () => {
    const c = { status: 500, substatus: 19, win32: 33 };
    expect(isAboutAuthentication(knowledge, c)).toBe(true);
    expect(isAboutAuthentication(knowledge, { ...c, win32: 13 })).toBe(false);
    // without a win32 value to tell, a cause that lists it only weakly may still be it
    expect(isAboutAuthentication(knowledge, { ...c, win32: null })).toBe(true);
    // 0x80070021 is win32 33 in HRESULT form
    expect(isAboutAuthentication(knowledge, { ...c, win32: 0x80070021 })).toBe(true);
    // a bare 403 may be any of the 403.x the causes list
    expect(isAboutAuthentication(knowledge, { status: 403, substatus: null, win32: null })).toBe(
      true,
    );
  });

  it('ranks causes when a 401 sits beside a code that is not about authentication', () => {
    const { reply } = turn(initialState(), 'I get 404 0 2 and sometimes 401 2 5', knowledge);
    expect(reply.headline).not.toContain('not about authentication');
    expect(reply.causes.length).toBeGreaterThan(0);
  });

  it.each(rows.map((r) => [name(r), r] as const))(
    'answers %s with its meaning and, when not about authentication, its first steps',
    (code, row) => {
      const { reply } = turn(initialState(), `HTTP Error ${code}`, knowledge);
      const explained = reply.codes.find(
        (c) => c.code.status === row.status && c.code.substatus === (row.substatus ?? null),
      );
      expect(explained?.meaning).toContain(row.label);
      if (isAboutAuthentication(knowledge, explained!.code)) {
        expect(reply.causes.length).toBeGreaterThan(0);
      } else {
        expect(reply.causes).toEqual([]);
        expect(reply.headline).toContain('is not about authentication');
        expect(reply.steps.flatMap((s) => s.all)).toEqual(expect.arrayContaining(row.first_steps));
      }
    },
  );
});
