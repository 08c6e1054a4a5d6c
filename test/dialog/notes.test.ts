import { describe, expect, it } from 'vitest';
import { findingNotes } from '../../src/dialog/notes.js';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const { reference } = await loadKnowledge();

describe('findingNotes', () => {
  it('says a headerless line was read as a default layout even when it was also unwrapped', () => {
    // a chat client wrapped the line: the reader joins it and notes both repairs
    const f = readMessage(
      '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0+(Windows+NT+10.0)\n- 401 1 1326 31',
      reference,
    );
    expect(f.entries[0]?.noFields).toBe(true);
    const notes = findingNotes(f).join(' ');
    expect(notes).toMatch(/1 log line read as the IIS default columns \(no #Fields line pasted\)/);
    expect(notes).not.toMatch(/did not match its #Fields header/);
  });

  it('says a line that does not fit its #Fields header was read by position', () => {
    const f = readMessage(
      '#Fields: date time cs-method cs-uri-stem sc-status sc-substatus sc-win32-status\n2024-05-02 08:14:03 GET /app extra 401 1 1326',
      reference,
    );
    expect(f.entries[0]?.noFields).toBeUndefined();
    expect(findingNotes(f).join(' ')).toMatch(/1 log line did not match its #Fields header/);
  });

  it('reads a short line without #Fields by position and does not call it a header mismatch', () => {
    const f = readMessage('2024-01-01 10:00:00 GET /app 401 2 5', reference);
    expect(f.entries[0]?.noFields).toBe(true);
    const notes = findingNotes(f).join(' ');
    expect(notes).toMatch(/1 log line read by position: status, substatus and win32/);
    expect(notes).not.toMatch(/did not match/);
  });
});
