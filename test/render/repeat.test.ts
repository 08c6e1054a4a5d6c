import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/dialog/index.js';
import { renderMarkdown, renderTerminal } from '../../src/render/index.js';

const reply = (repeat: boolean): Reply => ({
  id: 'r1',
  kind: 'diagnosis',
  headline: 'Most likely: wrong password (54%).',
  codes: [
    {
      code: { status: 401, substatus: 1, win32: 1326 },
      label: '401.1 with win32 1326 (ERROR_LOGON_FAILURE)',
      meaning: 'Logon failed: Windows refused the user.',
      win32Meaning: 'The user name is unknown or the password is wrong.',
      win32Name: 'ERROR_LOGON_FAILURE',
      ...(repeat ? { repeat } : {}),
    },
  ],
  causes: [],
  steps: [],
  notes: [],
  actions: [],
  redactions: [],
});

describe.each([
  ['the terminal', (r: Reply) => renderTerminal(r, { color: false })],
  ['Markdown', (r: Reply) => renderMarkdown(r)],
])('%s', (_name, render) => {
  it('shows a code explained earlier in the conversation by its label only', () => {
    expect(render(reply(false))).toContain('Windows refused the user');
    const again = render(reply(true));
    expect(again).toContain('401.1 with win32 1326 (ERROR_LOGON_FAILURE)');
    expect(again).toContain('(explained above)');
    expect(again).not.toMatch(/Windows refused the user|password is wrong/);
  });
});
