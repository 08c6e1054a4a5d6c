import { beforeAll, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';
import { buildTriageNote, renderNoteMarkdown } from '../../src/triage/index.js';
import { describeShared, devCases, DEV_CASES } from '../shared.js';

interface DevCase {
  id: string;
  message: string;
}

const cases = devCases<DevCase>();

describeShared(DEV_CASES, 'triage notes over the dev cases', () => {
  let knowledge: Knowledge;
  beforeAll(async () => {
    knowledge = await loadKnowledge();
  });

  it.each(cases.map((c) => [c.id, c] as const))(
    'names every code found in %s, in the note and its Markdown',
    (_id, c) => {
      const found = readMessage(c.message, knowledge.reference).codes;
      const note = buildTriageNote(c.message, knowledge);
      const markdown = renderNoteMarkdown(note);
      expect(note.facts.codes.map((x) => [x.status, x.substatus, x.win32])).toEqual(
        found.slice(0, 12).map((x) => [x.status, x.substatus, x.win32]),
      );
      for (const code of note.facts.codes) {
        expect(markdown).toContain(`\`${code.label}\``);
        if (code.win32 !== null) expect(markdown).toContain(code.win32Decoded!.hex);
      }
      if (found.length === 0) expect(markdown).toContain('No IIS status code in the ticket');
    },
  );

  it.each(cases.map((c) => [c.id, c] as const))(
    'ranks the causes of %s exactly as analyse() does',
    (_id, c) => {
      const note = buildTriageNote(c.message, knowledge);
      const analysis = analyse(c.message, knowledge);
      const shown = analysis.causes.slice(0, note.causes.length);
      expect(note.causes.map((x) => ({ id: x.id, score: x.score }))).toEqual(shown);
    },
  );

  it.each(cases.map((c) => [c.id, c] as const))(
    'asks at least two customer questions in %s when more than one cause is plausible',
    (_id, c) => {
      const note = buildTriageNote(c.message, knowledge);
      const [top] = note.causes;
      const known = new Set([
        ...(note.facts.iisVersion ? ['iis-version'] : []),
        ...note.facts.authentication.map((f) => f.fact),
        ...note.facts.client.map((f) => f.fact),
        ...note.facts.environment.map((f) => f.fact),
      ]);
      for (const q of note.questions) expect(known.has(q.fact), q.fact).toBe(false);
      const gains = note.questions.map((q) => q.gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
      if (top && top.kind === 'cause' && top.score < 0.8) {
        expect(note.questions.length).toBeGreaterThanOrEqual(2);
        const fact = knowledge.facts.find((f) => f.id === note.questions[0]!.fact)!;
        expect(note.questions[0]!.text).toBe(fact.customer);
      }
    },
  );

  it.each(cases.map((c) => [c.id, c] as const))(
    'gives data-collection steps for the top cause of %s',
    (_id, c) => {
      const note = buildTriageNote(c.message, knowledge);
      const top = note.causes[0]!;
      const forTop = note.collect.filter((item) => item.for.includes(top.id));
      expect(forTop.length).toBeGreaterThan(0);
      for (const item of forTop) expect(item.steps.length).toBeGreaterThan(0);
      const markdown = renderNoteMarkdown(note);
      expect(markdown).toContain('### Data to collect');
      expect(markdown).toContain(forTop[0]!.steps[0]!.slice(0, 40));
    },
  );

  it('says plainly that the full handshake of c081-wcf-handshake is normal', () => {
    const c = cases.find((x) => x.id === 'c081-wcf-handshake');
    expect(c).toBeDefined();
    const note = buildTriageNote(c!.message, knowledge);
    expect(note.normal).toBe(true);
    expect(note.verdict).toMatch(/normal Windows authentication challenge, not a fault/);
    expect(note.verdict).toMatch(/401\.2.*→ 401\.1 → 200/);
    expect(renderNoteMarkdown(note)).toContain(`**Verdict:** ${note.verdict}`);
  });

  it('calls no other dev case normal unless it shows only the challenge', () => {
    const normal = cases.filter((c) => buildTriageNote(c.message, knowledge).normal);
    expect(normal.map((c) => c.id)).toEqual(['c081-wcf-handshake']);
  });
});
