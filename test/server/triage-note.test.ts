import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import type { TriageNote } from '../../src/triage/index.js';
import { LOG_401_1_1326, postJson, realKnowledge, startTestServer } from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

describe('POST /api/triage with the triage note', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the contract Analysis unchanged, plus the note and its Markdown', async () => {
    const message = `Ticket 4711: users get a logon box since the password change.\npassword=Hunter2sup3r\n${LOG_401_1_1326}`;
    const res = await postJson(`${server.url}/api/triage`, { message });
    expect(res.status).toBe(200);
    const body = res.json as Record<string, unknown> & { note: TriageNote; noteMarkdown: string };
    const { note, noteMarkdown, ...analysis } = body;
    expect(analysis).toEqual(JSON.parse(JSON.stringify(analyse(message, await realKnowledge()))));
    expect(note.facts.codes[0]).toMatchObject({ status: 401, substatus: 1, win32: 1326 });
    expect(note.causes.map((c) => c.id)).toEqual(
      (analysis.causes as { id: string }[]).slice(0, note.causes.length).map((c) => c.id),
    );
    expect(note.questions.length).toBeGreaterThan(0);
    expect(note.collect.length).toBeGreaterThan(0);
    expect(note.redactions).toContainEqual({ kind: 'password', count: 1 });
    expect(noteMarkdown).toMatch(/^## IIS triage note\n\n\*\*Verdict:\*\* /);
    expect(noteMarkdown).toContain('### Questions for the customer');
    expect(res.text).not.toContain('Hunter2sup3r');
  });

  it('keeps the errors of bad input', async () => {
    const res = await postJson(`${server.url}/api/triage`, { message: '  ' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { code: 'invalid_request', message: 'message must not be empty' },
    });
  });
});
