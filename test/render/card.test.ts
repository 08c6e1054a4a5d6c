import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/dialog/index.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CARD_BUDGET_BYTES,
  measureCard,
  renderCard,
  renderWelcomeCard,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from '../../src/render/index.js';
import { visibleText } from './visible-text.js';

const reply = (over: Partial<Reply> = {}): Reply => ({
  id: 'abc123',
  kind: 'diagnosis',
  headline: '401.1 with 1326: the user name or password was wrong',
  codes: [
    {
      code: { status: 401, substatus: 1, win32: 1326 },
      label: '401.1 with win32 1326 (ERROR_LOGON_FAILURE)',
      meaning: 'Logon failed: the credentials were refused.',
      win32Meaning: 'The user name or password is incorrect.',
      win32Name: 'ERROR_LOGON_FAILURE',
    },
    {
      code: { status: 401, substatus: 2, win32: 5 },
      label: '401.2 with win32 5',
      meaning: 'The server asked for credentials.',
      benign: true,
    },
  ],
  causes: [
    {
      id: 'wrong-credentials',
      title: 'Wrong user name or password',
      score: 0.72,
      why: ['1326 on the 401.1'],
    },
    { id: 'loopback-check', title: 'Loopback check refuses the host name', score: 0.18, why: [] },
  ],
  steps: [
    {
      title: 'Check first',
      all: ['Sign in with the same account on another site.'],
      iis6: ['Open Directory Security.'],
      iis7: ['Open Authentication in IIS Manager.'],
    },
  ],
  notes: ['The 401.2 before it is the normal challenge.'],
  question: {
    fact: 'browsing-on-server',
    text: 'Is the browser running on the web server itself?',
    how: 'Look at c-ip: 127.0.0.1 or ::1 means yes.',
    choices: [
      { label: 'Yes', action: { type: 'answer', fact: 'browsing-on-server', value: 'yes' } },
      { label: 'No', action: { type: 'answer', fact: 'browsing-on-server', value: 'no' } },
      {
        label: "I don't know",
        action: { type: 'answer', fact: 'browsing-on-server', value: 'unknown' },
      },
    ],
  },
  didYouMean: [{ label: 'Loopback check', action: { type: 'pick', cause: 'loopback-check' } }],
  actions: [{ label: 'None of these', action: { type: 'none-of-these' } }],
  redactions: [{ kind: 'password', count: 2 }],
  ...over,
});

/** Every element of a card body, depth first. */
const walk = (elements: readonly CardElement[]): CardElement[] =>
  elements.flatMap((e) => [
    e,
    ...(e.type === 'Container' ? walk(e.items) : []),
    ...(e.type === 'ColumnSet' ? e.columns.flatMap((c) => walk(c.items)) : []),
  ]);
const texts = (card: AdaptiveCard): string =>
  walk(card.body)
    .flatMap((e) => (e.type === 'TextBlock' ? [e.text] : []))
    .join('\n');
const submits = (card: AdaptiveCard): SubmitAction[] =>
  [
    ...walk(card.body).flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])),
    ...(card.actions ?? []),
  ].filter((a): a is SubmitAction => a.type === 'Action.Submit');

describe('renderCard', () => {
  it('keeps text in angle brackets visible: Teams drops what looks like an HTML tag', () => {
    const card = renderCard(
      reply({
        steps: [
          {
            title: 'Check first',
            all: ['On the server, try `http://<machine name>/`; then 401.2 -> 401.1 -> 200.'],
            iis6: [],
            iis7: [],
          },
        ],
      }),
    ).card;
    const all = texts(card);
    expect(all).toContain('http://\u2039machine name\u203a/');
    expect(all).toContain('401.2 -> 401.1 -> 200');
    expect(all).not.toMatch(/<[^<>\n]+>/);
  });

  it('renders an Adaptive Card 1.5 with the headline first', () => {
    const { card } = renderCard(reply());
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: reply().headline,
      weight: 'Bolder',
    });
  });

  it('explains each code, marks the normal challenge leg, and ranks causes with confidence', () => {
    const all = texts(renderCard(reply()).card);
    expect(all).toContain('401.1 with win32 1326 (ERROR_LOGON_FAILURE)');
    expect(all).toContain('win32 ERROR_LOGON_FAILURE: The user name or password is incorrect.');
    expect(all).toMatch(/401\.2 with win32 5\*\* — normal challenge leg/);
    expect(all).toMatch(/1\. Wrong user name or password[\s\S]*72%[\s\S]*likely/);
    expect(all).toMatch(/2\. Loopback check refuses the host name[\s\S]*18%[\s\S]*less likely/);
  });

  it('shows the steps for every version and IIS 7-10 and keeps IIS 6 steps behind a toggle', () => {
    const { card } = renderCard(reply());
    const elements = walk(card.body);
    const toggle = elements
      .flatMap((e) => (e.type === 'ActionSet' ? e.actions : []))
      .find((a) => a.type === 'Action.ToggleVisibility' && a.title === 'IIS 6 steps');
    const target = (toggle as { targetElements: string[] } | undefined)?.targetElements[0];
    const hidden = elements.find((e) => e.type === 'Container' && e.id === target);
    expect(hidden).toMatchObject({ isVisible: false });
    expect(texts({ ...card, body: [hidden!] })).toContain('Open Directory Security.');
    const shown = visibleText(card);
    expect(shown).toMatch(
      /1\. Sign in with the same account[\s\S]*2\. Open Authentication in IIS Manager\./,
    );
    expect(shown).not.toContain('Open Directory Security');
  });

  it('turns the question, "did you mean" and extra actions into Action.Submit buttons carrying the Action', () => {
    const buttons = submits(renderCard(reply()).card);
    expect(buttons.map((b) => b.title)).toEqual([
      'Yes',
      'No',
      "I don't know",
      // the cause's number in the list above says which one the button picks
      '2. Loopback check',
      'None of these',
    ]);
    expect(buttons[0]!.data).toEqual({
      action: { type: 'answer', fact: 'browsing-on-server', value: 'yes' },
    });
    expect(buttons[3]!.data).toEqual({ action: { type: 'pick', cause: 'loopback-check' } });
    // a button value survives a JSON round trip unchanged (what a client sends back)
    expect(JSON.parse(JSON.stringify(buttons[4]!.data))).toEqual({
      action: { type: 'none-of-these' },
    });
  });

  it('gives long answer labels a row each', () => {
    const long = reply({
      question: {
        fact: 'iis-version',
        text: 'Which IIS version?',
        choices: [
          {
            label: 'IIS 7 to 10 (Server 2008 or later)',
            action: { type: 'answer', fact: 'iis-version', value: 'iis7' },
          },
          {
            label: 'IIS 6 (Server 2003)',
            action: { type: 'answer', fact: 'iis-version', value: 'iis6' },
          },
        ],
      },
    });
    const sets = walk(renderCard(long).card.body).filter((e) => e.type === 'ActionSet');
    expect(
      sets.filter((s) => s.type === 'ActionSet' && s.actions.length === 1).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('writes a plain-text fallback with the verdict, causes, steps, question and choices', () => {
    const { card, text, summary } = renderCard(reply());
    expect(card.fallbackText).toBe(text);
    expect(text.split('\n')[0]).toBe(reply().headline);
    expect(text).toContain('1. Wrong user name or password (72%, likely)');
    expect(text).toMatch(/\d\. \(IIS 6\) Open Directory Security\./);
    expect(text).toContain("Answer: Yes · No · I don't know");
    expect(text).toContain('Masked before reading, and not shown here: 2 passwords.');
    expect(summary).toBe(reply().headline);
  });

  it('leaves out empty sections', () => {
    const bare = reply({
      codes: [],
      causes: [],
      steps: [],
      notes: [],
      question: undefined,
      didYouMean: undefined,
      actions: [],
      redactions: [],
    });
    const { card } = renderCard(bare);
    expect(card.body).toHaveLength(1);
    expect(card.actions).toBeUndefined();
  });

  it('trims a huge answer under the budget and says so', () => {
    const huge = reply({
      causes: Array.from({ length: 10 }, (_, i) => ({
        id: `c${i}`,
        title: `Cause ${i} ${'x'.repeat(200)}`,
        score: 0.09,
        why: ['because '.repeat(60)],
      })),
      steps: Array.from({ length: 6 }, (_, i) => ({
        title: `Block ${i}`,
        all: Array.from({ length: 30 }, (_, j) => `Step ${j} ${'do this carefully '.repeat(20)}`),
        iis6: Array.from({ length: 10 }, () => 'old way '.repeat(40)),
        iis7: Array.from({ length: 10 }, () => 'new way '.repeat(40)),
      })),
      notes: Array.from({ length: 20 }, () => 'note '.repeat(100)),
    });
    const full = renderCard(huge, { maxBytes: 10_000_000 });
    expect(full.trimmed).toBe(false);
    expect(full.bytes).toBeGreaterThan(CARD_BUDGET_BYTES);
    const fitted = renderCard(huge);
    expect(fitted.trimmed).toBe(true);
    expect(fitted.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(fitted.bytes).toBe(measureCard(fitted.card, fitted.summary));
    expect(texts(fitted.card)).toMatch(/shortened this answer/);
    // the question survives trimming
    expect(submits(fitted.card).map((b) => b.title)).toContain('Yes');
  });

  it('measures the message in UTF-8 bytes', () => {
    const ascii = renderCard(reply({ headline: 'a'.repeat(1000) }));
    const wide = renderCard(reply({ headline: 'ä'.repeat(1000) }));
    expect(wide.bytes - ascii.bytes).toBeGreaterThanOrEqual(2000);
  });

  it('measures what measureCard measures', () => {
    const channelData = { feedbackLoopEnabled: true };
    const answer = renderCard(reply({ headline: '“Quoted” — \ud83d\ude00 and a lone \ud800' }), {
      channelData,
    });
    expect(answer.card.fallbackText).toBe(answer.text);
    expect(answer.bytes).toBe(measureCard(answer.card, answer.summary, channelData));
  });
});

describe('renderWelcomeCard', () => {
  it('offers an example, help and codes as buttons, and mentions files only in a personal chat', () => {
    const personal = renderWelcomeCard({
      scope: 'personal',
      botName: 'iis-triage',
      fileMaxBytes: 20 * 1024 * 1024,
      example: 'GET / 401 1 1326',
    });
    const channel = renderWelcomeCard({
      scope: 'channel',
      botName: 'iis-triage',
      fileMaxBytes: 20 * 1024 * 1024,
      example: 'GET / 401 1 1326',
    });
    expect(personal.card.version).toBe('1.5');
    expect(texts(personal.card)).toMatch(/log file .*20 MB/);
    expect(texts(channel.card)).toMatch(/@mention me/);
    expect(texts(channel.card)).not.toMatch(/log file/);
    expect(personal.card.actions?.map((a) => (a as SubmitAction).data)).toEqual([
      { text: 'GET / 401 1 1326' },
      { text: 'help' },
      { text: 'codes' },
    ]);
    expect(ADAPTIVE_CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('shows a code explained earlier in the conversation by its label, its meaning one click away', () => {
    const [first, second] = reply().codes;
    const { card } = renderCard(reply({ codes: [{ ...first!, repeat: true }, second!] }));
    const shown = visibleText(card);
    expect(shown).toContain('401.1 with win32 1326 (ERROR_LOGON_FAILURE)');
    expect(shown).not.toContain('the credentials were refused');
    expect(shown).toContain('What it means');
    expect(texts(card)).toContain('Logon failed: the credentials were refused.');
    // the code not explained before still shows its meaning
    expect(shown).toContain('The server asked for credentials.');
  });

  it('shows the commands of a step in a monospace line of their own', () => {
    const step =
      'Delete the stale saved credential (`cmdkey /delete:intranet.contoso.com`) and sign in again; look for `401 1 1326`.';
    const { card } = renderCard(
      reply({ steps: [{ title: 'Fix', all: [step], iis6: [], iis7: [] }] }),
    );
    const mono = walk(card.body).filter(
      (e) => e.type === 'TextBlock' && e.fontType === 'Monospace',
    );
    expect(mono.map((e) => (e as { text: string }).text)).toEqual([
      'cmdkey /delete:intranet.contoso.com',
    ]);
    // the prose names the program; a code that is not a command stays in the sentence
    expect(visibleText(card)).toMatch(
      /1\. Delete the stale saved credential \(cmdkey\) and sign in again; look for 401 1 1326\./,
    );
  });

  it('lists causes without a score as the usual causes, without percentages', () => {
    const causes = reply().causes.map((c) => ({ ...c, score: 0 }));
    const shown = visibleText(renderCard(reply({ kind: 'code', causes })).card);
    expect(shown).toMatch(/^Usual causes$/m);
    expect(shown).not.toMatch(/%|likely/);
  });
});
