import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';
import { measureCard } from '../../src/render/index.js';
import {
  NOTE_CARD_BUDGET,
  buildTriageNote,
  renderNoteBlocks,
  renderNoteCard,
  renderNoteMarkdown,
  type TriageNote,
} from '../../src/triage/index.js';
import { slackProblems } from '../render/blocks-limits.js';
import { devCases } from '../shared.js';

const OWN = [
  '401.2 on the intranet site',
  'Where does IIS 10 store its log files?',
  `#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n${Array.from(
    { length: 40 },
    (_, i) =>
      `2024-05-02 08:14:${String(i).padStart(2, '0')} 10.0.0.5 GET /app/p${i}.aspx - 443 - 10.0.${i}.9 curl/8.0 - 401 ${i % 2 ? 1 : 2} ${i % 2 ? 2148074248 : 5} 3`,
  ).join('\n')}`,
];
const messages = [...OWN, ...devCases().map((c) => c.message)];

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge();
});

const texts = (card: ReturnType<typeof renderNoteCard>['card']): string =>
  JSON.stringify(card.body);

describe('triage note renderings', () => {
  it.each(messages.map((m) => [m.slice(0, 50), m] as const))(
    'renders %j as Markdown, a card within budget and a valid Slack message',
    (_name, text) => {
      const note = buildTriageNote(text, knowledge);
      const markdown = renderNoteMarkdown(note);
      for (const heading of [
        '### Facts found',
        '### Likely causes',
        '### Questions for the customer',
        '### Data to collect',
        '### Redacted',
      ]) {
        expect(markdown).toContain(heading);
      }
      expect(markdown).toContain(`**Verdict:** ${note.verdict}`);

      const card = renderNoteCard(note);
      expect(card.bytes).toBe(measureCard(card.card, card.summary));
      expect(card.bytes).toBeLessThanOrEqual(NOTE_CARD_BUDGET);
      expect(card.card.version).toBe('1.5');
      expect(texts(card.card)).toContain(JSON.stringify(note.verdict).slice(1, -1));

      const slack = renderNoteBlocks(note);
      expect(slackProblems(slack)).toEqual([]);
    },
  );

  it('trims a note that would not fit, and says so, in the card and in Slack', () => {
    const note = buildTriageNote('401.2 on the intranet site', knowledge);
    const steps = Array.from({ length: 40 }, (_, i) => `step ${i} ${'x'.repeat(400)}`);
    const huge: TriageNote = {
      ...note,
      collect: Array.from({ length: 8 }, (_, i) => ({
        id: `item-${i}`,
        title: `Item ${i}`,
        why: 'because',
        steps,
        for: [note.causes[0]!.id],
      })),
    };
    const card = renderNoteCard(huge);
    expect(card.trimmed).toBe(true);
    expect(card.bytes).toBeLessThanOrEqual(NOTE_CARD_BUDGET);
    expect(texts(card.card)).toContain('Shortened to fit in one message');
    const slack = renderNoteBlocks(huge);
    expect(slackProblems(slack)).toEqual([]);
    expect(JSON.stringify(slack.blocks)).toMatch(/…and \d+ more steps?/);
  });

  it('never shows the values it masked', () => {
    const note = buildTriageNote(
      'Authorization: Negotiate YIIKsQYGKwYBBQUCoIIKpTCCCqGgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCqKCCmsEggpn\n401.1 with 2148074252',
      knowledge,
    );
    for (const out of [
      renderNoteMarkdown(note),
      JSON.stringify(renderNoteCard(note).card),
      JSON.stringify(renderNoteBlocks(note)),
    ]) {
      expect(out).not.toContain('YIIKsQYGKwYBBQUCoIIKpTCCCqGgMDAu');
      expect(out).toMatch(/1 Authorization header value/);
    }
  });
});
