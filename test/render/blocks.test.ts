import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, Choice, Reply } from '../../src/dialog/index.js';
import { fallbackText, renderBlocks, type SlackBlock } from '../../src/render/index.js';
import { slackProblems } from './blocks-limits.js';

const reply = (over: Partial<Reply> = {}): Reply => ({
  id: 'r1',
  kind: 'diagnosis',
  headline: '401.2 with win32 5: the server refused the logon',
  codes: [
    {
      code: { status: 401, substatus: 2, win32: 5 },
      label: '401.2 with win32 5',
      meaning: 'Logon failed because of server configuration.',
      win32Meaning: 'Access is denied.',
      win32Name: 'ERROR_ACCESS_DENIED',
    },
    {
      code: { status: 401, substatus: 1, win32: null },
      label: '401.1',
      meaning: 'Logon failed.',
      benign: true,
    },
  ],
  causes: [
    {
      id: 'loopback-check',
      title: 'Loopback check refuses the host name',
      score: 0.82,
      why: ['Works with **localhost**', 'Browser on the server'],
    },
    {
      id: 'kerberos-spn-missing',
      title: 'SPN missing for the pool identity',
      score: 0.41,
      why: [],
    },
  ],
  steps: [
    {
      title: 'Fix it',
      all: ['Open the site by its host name on the server.'],
      iis6: ['Use IIS Manager 6: Directory Security.'],
      iis7: ['Run `appcmd list config -section:windowsAuthentication`.'],
    },
  ],
  notes: [
    'The 401.1 legs are the normal challenge; see [the docs](https://learn.microsoft.com/iis).',
  ],
  question: {
    fact: 'browser-on-server',
    text: 'Is the browser running on the web server itself?',
    how: 'Check where you opened the page.',
    choices: [
      { label: 'Yes', action: { type: 'answer', fact: 'browser-on-server', value: 'yes' } },
      { label: 'No', action: { type: 'answer', fact: 'browser-on-server', value: 'no' } },
      {
        label: "Don't know",
        action: { type: 'answer', fact: 'browser-on-server', value: 'unknown' },
      },
    ],
  },
  didYouMean: [{ label: 'SPN missing', action: { type: 'pick', cause: 'kerberos-spn-missing' } }],
  actions: [
    { label: 'None of these', action: { type: 'none-of-these' } },
    { label: 'Start over', action: { type: 'reset' } },
  ],
  redactions: [{ kind: 'authorization', count: 2 }],
  ...over,
});

/** Blocks as plain JSON: every kind's text, whatever @slack/types allows in it. */
interface Loose {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string | { text: string }; value?: string; action_id?: string }[];
}
const loose = (blocks: SlackBlock[]): Loose[] => blocks as Loose[];
const texts = (blocks: SlackBlock[]): string =>
  loose(blocks)
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text.text)),
    ])
    .join('\n');

const buttonsOf = (blocks: SlackBlock[]) =>
  loose(blocks).flatMap((b) =>
    b.type === 'actions'
      ? (b.elements ?? []).map((e) => ({
          label: typeof e.text === 'string' ? e.text : e.text.text,
          value: e.value ?? '',
          id: e.action_id ?? '',
        }))
      : [],
  );

describe('renderBlocks', () => {
  it('renders the headline, codes, causes with confidence, steps, buttons and notes', () => {
    const message = renderBlocks(reply());
    const blocks = message.blocks;
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: '401.2 with win32 5: the server refused the logon',
        emoji: true,
      },
    });
    const all = texts(blocks);
    expect(all).toContain(
      '*What the code means*\n• `401.2 with win32 5`: Logon failed because of server configuration.\n  • win32 5 ERROR_ACCESS_DENIED: Access is denied.\n• `401.1` (normal challenge leg): Logon failed.',
    );
    expect(all).toContain(
      '1. *Loopback check refuses the host name* (82%, likely) `loopback-check`\n   • why: Works with *localhost*; Browser on the server',
    );
    expect(all).toContain('2. *SPN missing for the pool identity* (41%, possible)');
    expect(all).toContain(
      '*Fix it*\n1. Open the site by its host name on the server.\n2. (IIS 6) Use IIS Manager 6',
    );
    expect(all).toContain('3. (IIS 7-10) Run `appcmd');
    expect(all).toContain('*Is the browser running on the web server itself?*');
    expect(all).toContain('<https://learn.microsoft.com/iis|the docs>');
    expect(all).toContain(
      '> Masked before reading, and not shown here: 2 Authorization header values.',
    );
    expect(message.text).toBe(
      '401.2 with win32 5: the server refused the logon\nIs the browser running on the web server itself?',
    );
  });

  it('puts each Action as JSON in its button value, with a unique action_id', () => {
    const buttons = buttonsOf(renderBlocks(reply()).blocks);
    expect(buttons.map((b) => [b.label, JSON.parse(b.value) as Action])).toEqual([
      ['Yes', { type: 'answer', fact: 'browser-on-server', value: 'yes' }],
      ['No', { type: 'answer', fact: 'browser-on-server', value: 'no' }],
      ["Don't know", { type: 'answer', fact: 'browser-on-server', value: 'unknown' }],
      ['SPN missing', { type: 'pick', cause: 'kerberos-spn-missing' }],
      ['None of these', { type: 'none-of-these' }],
      ['Start over', { type: 'reset' }],
    ]);
    const ids = buttons.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('iis-triage:'))).toBe(true);
  });

  it('shows a long code meaning whole, in sections within the limits', () => {
    const m = renderBlocks(
      reply({ codes: [{ ...reply().codes[0]!, meaning: 'long '.repeat(200).trim() }] }),
    );
    expect(texts(m.blocks)).toContain(`\`401.2 with win32 5\`: ${'long '.repeat(200).trim()}`);
    expect(slackProblems(m)).toEqual([]);
  });

  it('adds feedback buttons carrying the answer id when asked', () => {
    const m = renderBlocks(reply({ id: 'a42' }), { feedback: true });
    const row = loose(m.blocks).find((b) => b.type === 'actions' && b.block_id === 'fb:a42');
    expect(row?.elements?.map((b) => JSON.parse(b.value!) as Action)).toEqual([
      { type: 'feedback', answerId: 'a42', helpful: true },
      { type: 'feedback', answerId: 'a42', helpful: false },
    ]);
    expect(buttonsOf(renderBlocks(reply()).blocks).some((b) => b.value.includes('feedback'))).toBe(
      false,
    );
  });

  it('escapes &, < and > from knowledge text so Slack shows them literally', () => {
    const m = renderBlocks(reply({ notes: ['Edit <system.webServer> & save'], headline: 'a < b' }));
    expect(texts(m.blocks)).toContain('Edit &lt;system.webServer&gt; &amp; save');
    expect(m.text).toContain('a &lt; b');
  });

  it('shows one version list without the other when only IIS 7-10 differs', () => {
    const m = renderBlocks(
      reply({ steps: [{ title: 'Check', all: [], iis6: [], iis7: ['Open Authentication.'] }] }),
    );
    expect(texts(m.blocks)).toContain('*Check*\n1. (IIS 7-10) Open Authentication.');
    expect(texts(m.blocks)).not.toContain('IIS 6');
  });

  it('uses a bold section instead of a header for a headline over 150 characters', () => {
    const m = renderBlocks(reply({ headline: 'x'.repeat(200) }));
    expect(m.blocks[0]).toMatchObject({ type: 'section', text: { text: `*${'x'.repeat(200)}*` } });
  });

  it('trims a long answer to one message with less detail, saying so, keeping the buttons', () => {
    const steps = Array.from({ length: 60 }, (_, i) => ({
      title: `Step group ${i}`,
      all: Array.from({ length: 20 }, (_, j) => `Do thing ${j} ${'word '.repeat(20)}`),
      iis6: [],
      iis7: [],
    }));
    const m = renderBlocks(reply({ steps }));
    expect(slackProblems(m)).toEqual([]);
    expect(texts(m.blocks)).toMatch(/_…and \d+ more steps_/);
    expect(texts(m.blocks)).toContain('*Is the browser running on the web server itself?*');
    expect(texts(m.blocks)).toContain('Masked before reading');
    expect(buttonsOf(m.blocks)).toHaveLength(6);
  });

  it('splits a single section over 3,000 characters at line ends', () => {
    const m = renderBlocks(
      reply({
        steps: [
          {
            title: 'Long',
            all: Array.from({ length: 40 }, (_, i) => `${i} ${'y'.repeat(150)}`),
            iis6: [],
            iis7: [],
          },
        ],
      }),
    );
    const stepSections = loose(m.blocks).filter(
      (b) => b.type === 'section' && b.text?.text.includes('yyyy'),
    );
    expect(stepSections.length).toBeGreaterThanOrEqual(3);
    expect(slackProblems(m)).toEqual([]);
  });

  it('drops a button whose Action would not fit in a 2,000-character value', () => {
    const big: Choice = { label: 'Big', action: { type: 'pick', cause: 'c'.repeat(2100) } };
    const buttons = buttonsOf(
      renderBlocks(
        reply({ didYouMean: [big, { label: 'Small', action: { type: 'pick', cause: 'x' } }] }),
      ).blocks,
    );
    expect(buttons.map((b) => b.label)).toContain('Small');
    expect(buttons.map((b) => b.label)).not.toContain('Big');
  });

  it('keeps the fallback text under 4,000 characters', () => {
    expect(fallbackText(reply({ headline: 'h'.repeat(5000) })).length).toBeLessThanOrEqual(4000);
  });

  // Markup-heavy strings (Slack control characters, Markdown, links, emoji) mixed with any text.
  const tricky = fc.constantFrom(
    '<',
    '>',
    '&',
    '*',
    '**',
    '\n',
    ' ',
    '|',
    '[a](https://x.y/z)',
    '&amp;',
    'é',
    '😀',
    'ab',
  );
  const text = (max: number) =>
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: max }),
      fc.array(tricky, { maxLength: Math.ceil(max / 3) }).map((parts) => parts.join('')),
    );
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ type: fc.constant('answer' as const), fact: text(40), value: text(40) }),
    fc.record({ type: fc.constant('pick' as const), cause: text(60) }),
    fc.constant({ type: 'none-of-these' as const }),
    fc.constant({ type: 'reset' as const }),
  );
  const choice = fc.record({ label: text(120), action });
  const anyReply: fc.Arbitrary<Reply> = fc.record({
    id: text(300),
    kind: fc.constantFrom('diagnosis', 'code', 'help', 'notice' as const),
    headline: text(400),
    codes: fc.array(
      fc.record({
        code: fc.record({
          status: fc.constant(401),
          substatus: fc.option(fc.nat(9)),
          win32: fc.option(fc.nat()),
        }),
        label: text(40),
        meaning: text(2500),
        win32Meaning: fc.option(text(500), { nil: undefined }),
        win32Name: fc.option(text(40), { nil: undefined }),
        benign: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { maxLength: 14 },
    ),
    causes: fc.array(
      fc.record({
        id: text(20),
        title: text(200),
        score: fc.double({ min: -1, max: 2, noNaN: true }),
        why: fc.array(text(400), { maxLength: 8 }),
      }),
      { maxLength: 12 },
    ),
    steps: fc.array(
      fc.record({
        title: text(100),
        all: fc.array(text(600), { maxLength: 15 }),
        iis6: fc.array(text(300), { maxLength: 5 }),
        iis7: fc.array(text(300), { maxLength: 5 }),
      }),
      { maxLength: 8 },
    ),
    notes: fc.array(text(2500), { maxLength: 14 }),
    question: fc.option(
      fc.record({
        fact: text(20),
        text: text(3500),
        how: fc.option(text(2500), { nil: undefined }),
        choices: fc.array(choice, { maxLength: 30 }),
      }),
      { nil: undefined },
    ),
    didYouMean: fc.option(fc.array(choice, { maxLength: 30 }), { nil: undefined }),
    actions: fc.array(choice, { maxLength: 30 }),
    redactions: fc.array(
      fc.record({
        kind: fc.constantFrom('authorization', 'password', 'connection-string', 'secret' as const),
        count: fc.nat(5),
      }),
      { maxLength: 4 },
    ),
  });

  it('stays within every Slack limit for any reply (property)', () => {
    fc.assert(
      fc.property(anyReply, (r) => {
        expect(slackProblems(renderBlocks(r, { feedback: r.kind === 'diagnosis' }))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  describe('reading order and repeats', () => {
    /** The mrkdwn and plain text of every block, in order (buttons left out). */
    const lines = (m: { blocks: SlackBlock[] }): string[] =>
      loose(m.blocks).flatMap((b) =>
        b.type === 'actions' ? [] : texts([b as SlackBlock]).split('\n'),
      );

    it('asks the question right after the causes, before the steps', () => {
      const all = lines(renderBlocks(reply()));
      const question = all.findIndex((l) => l.includes('Is the browser running'));
      const cause = all.findIndex((l) => l.includes('Loopback check refuses'));
      const steps = all.findIndex((l) => l.includes('Fix it'));
      expect(cause).toBeGreaterThanOrEqual(0);
      expect(question).toBeGreaterThan(cause);
      expect(steps).toBeGreaterThan(question);
    });

    it('lists causes without a score as the usual causes, without percentages', () => {
      const causes = reply().causes.map((c) => ({ ...c, score: 0 }));
      const all = lines(renderBlocks(reply({ kind: 'code', causes }))).join('\n');
      expect(all).toContain('*Usual causes*');
      expect(all).not.toMatch(/confidence|\d%/);
    });

    it('shows a code explained earlier by its label only', () => {
      const [first, second] = reply().codes;
      const all = lines(renderBlocks(reply({ codes: [{ ...first!, repeat: true }, second!] })));
      expect(all.join('\n')).toContain('`401.2 with win32 5` (explained above)');
      expect(all.join('\n')).not.toContain('Logon failed because of server configuration');
      expect(all.join('\n')).toContain('Logon failed.');
    });

    it('keeps the commands of a step as code spans', () => {
      expect(lines(renderBlocks(reply())).join('\n')).toContain(
        '`appcmd list config -section:windowsAuthentication`',
      );
    });
  });
});
