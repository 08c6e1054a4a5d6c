/**
 * The expert loop end to end in the Microsoft 365 Agents Playground (acting as Teams): the asker's
 * personal chat, the experts' channel (a channel of the Playground's own team, so its Bot Connector
 * knows the conversation), the ticket card's buttons, and the proactive message back to the asker.
 * Nothing is mocked: every post, update and member look-up goes to the Playground's connector.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPERTS_ONLY } from '../../src/channels/expert/index.js';
import { MemoryStore, readTicket, type TicketRecord } from '../../src/state/index.js';
import { freePort } from '../state/azurite.js';
import { startTestServer } from '../server/helpers.js';
import {
  canRunPlayground,
  CHROMIUM,
  openPage,
  snap,
  startPlayground,
  type Playground,
} from './playground.js';

/** The question of the transcript: the load balancer sends web01's own request back to web01. */
const QUESTION =
  'Two web servers behind a load balancer. When web01 calls the site through the VIP name and the balancer sends the request back to web01 itself, it gets 401.1. When it lands on web02 it works.';
const QUESTION_FOR_ASKER = 'Does web01 reach the VIP name when it calls itself?';
const ANSWER = 'Yes, web01 resolves the VIP name to the balancer.';
const NOTE =
  'The balancer sent web01 its own request under the VIP name: the loopback check refused it. Add the VIP name to BackConnectionHostNames on both servers.';

describe.skipIf(!canRunPlayground)(
  `Ask an expert in the Agents Playground (skipped when ${CHROMIUM} or the Playground is missing)`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let store: MemoryStore;
    let playground: Playground | undefined;
    let page: Page;
    let experts: { id: string; name: string };
    let ticketId = '';

    const ticket = async (): Promise<TicketRecord> => {
      const t = await readTicket(store, ticketId);
      if (!t) throw new Error(`no ticket ${ticketId} in the store`);
      return t;
    };
    /** The ticket's card in the experts' channel (there must be exactly one). */
    const ticketCard = (): Locator =>
      page.locator('.ac-adaptiveCard', { hasText: `Expert ticket ${ticketId}` });
    /**
     * Typed as a person types: after a switch of chats the Playground's card drops a value set by
     * locator.fill (the submit arrives without it), not one typed after a click.
     */
    const typeInto = async (box: Locator, text: string): Promise<void> => {
      await box.click();
      await box.pressSequentially(text);
    };
    const openChat = async (name: string): Promise<void> => {
      await page.getByText(name, { exact: true }).first().click();
    };

    beforeAll(async () => {
      store = new MemoryStore();
      const botPort = await freePort();
      playground = await startPlayground(`http://127.0.0.1:${botPort}/api/messages`);
      page = playground.page;
      // the experts' channel: the second channel of the Playground's team ("Announcements")
      const team = (await playground.config()).teams[0]!;
      experts = team.channels.find((c) => c.id !== team.id)!;
      server = await startTestServer({
        store,
        env: { PORT: String(botPort), EXPERT_TEAMS_CHANNEL: experts.id },
      });
      await page.setViewportSize({ width: 1400, height: 3200 });
      await openPage(playground);
      await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 15_000 });
    }, 120_000);

    afterAll(async () => {
      await playground?.close();
      await server?.close();
    });

    it('answers with "Ask an expert"; pressing it posts the ticket card in the experts\u2019 channel', async () => {
      const box = page.getByRole('textbox').first();
      await box.click();
      await box.fill(QUESTION);
      await page.keyboard.press('Enter');
      const answer = page.locator('.ac-adaptiveCard', { hasText: 'Likely causes' }).last();
      await answer.waitFor({ timeout: 15_000 });
      const ask = answer.getByRole('button', { name: 'Ask an expert', exact: true });
      await ask.click();

      const sent = page.getByText(/I sent your question to .* as ticket T-/).last();
      await sent.waitFor({ timeout: 15_000 });
      ticketId = /ticket (T-[A-Z0-9]+)/.exec(await sent.innerText())![1]!;
      const opened = await ticket();
      expect(opened.status).toBe('open');
      // posted by the Playground's connector into a thread of the experts' channel
      expect(opened.post?.conversationId).toMatch(new RegExp(`^${experts.id};messageid=`));

      await openChat(experts.name);
      const card = ticketCard();
      await card.waitFor({ timeout: 15_000 });
      const text = await card.innerText();
      expect(text).toMatch(/Open: nobody has taken it yet/);
      expect(text).toContain(opened.asker.name);
      expect(text).toContain('web01');
      expect(text).toMatch(/Likely causes/);
      const buttons = await card.getByRole('button').allInnerTexts();
      expect(buttons).toEqual(expect.arrayContaining(['Assign to me', 'Ask the user', 'Resolve']));
      await snap(card, 'ticket-open');
    }, 60_000);

    it('refuses a ticket action from someone the Playground does not list in the experts\u2019 team', async () => {
      const t = await ticket();
      const replyTo = t.replyTo as { serviceUrl: string; conversation: { tenantId?: string } };
      const teamId = (await playground!.config()).teams[0]!.id;
      // "Mock an Activity > Custom activity": a click on Assign to me by a user outside the team
      const res = await fetch(`${playground!.url}/_internal/v1/customActivities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'stranger-click-1',
          channelId: 'msteams',
          serviceUrl: replyTo.serviceUrl,
          from: { id: 'user-id-stranger', name: 'Mallory' },
          recipient: (t.replyTo as { bot: unknown }).bot,
          conversation: {
            id: t.post!.conversationId,
            conversationType: 'channel',
            isGroup: true,
            tenantId: replyTo.conversation.tenantId,
          },
          channelData: {
            channel: { id: experts.id },
            team: { id: teamId },
            tenant: { id: replyTo.conversation.tenantId },
          },
          value: { iisTriageExpert: 'assign', ticket: t.id },
        }),
      });
      expect(res.status).toBe(200);
      await expect
        .poll(() => server.logs.some((l) => l.includes('ticket action refused')), {
          timeout: 10_000,
        })
        .toBe(true);
      // the Playground's connector answered the member look-up, and said no
      const lookup = server.logs.find((l) => l.includes('experts channel member lookup failed'));
      expect(lookup).toContain('Member not found in conversation');
      // and its log panel shows the look-up it refused
      await page.getByText('getConversationMember 404').first().waitFor({ timeout: 10_000 });
      await page.getByText(EXPERTS_ONLY).first().waitFor({ timeout: 10_000 });
      expect((await ticket()).status).toBe('open');
      expect((await ticket()).assignee).toBeNull();
    }, 30_000);

    it('an expert assigns, asks the user, resolves: the card changes in place, the asker hears back', async () => {
      const me = (await playground!.config()).currentUser;
      const card = ticketCard();
      await card.getByRole('button', { name: 'Assign to me', exact: true }).click();
      await expect.poll(() => card.innerText(), { timeout: 15_000 }).toMatch(/Assigned to /);
      expect(await card.innerText()).toContain(`Assigned to ${me.name}`);
      expect(await ticketCard().count()).toBe(1);
      expect(await card.getByRole('button').allInnerTexts()).not.toContain('Assign to me');
      expect((await ticket()).assignee?.name).toBe(me.name);

      // Ask the user: the question goes to the asker's chat, their answer comes back to the ticket
      await card.getByRole('button', { name: 'Ask the user', exact: true }).click();
      await typeInto(card.getByLabel(/^Question for /), QUESTION_FOR_ASKER);
      await card.getByRole('button', { name: 'Send to the asker', exact: true }).click();
      await page
        .getByText(/their answer will show on the ticket/)
        .first()
        .waitFor();
      await openChat('Personal Chat');
      const relay = page.locator('.ac-adaptiveCard', { hasText: QUESTION_FOR_ASKER });
      await relay.waitFor({ timeout: 15_000 });
      await typeInto(relay.getByLabel(/^Your answer/), ANSWER);
      await relay.getByRole('button', { name: 'Send to the expert', exact: true }).click();
      await page.getByText('Thanks: I passed your answer to the expert.').first().waitFor();
      await openChat(experts.name);
      // into the ticket's thread (a proactive message there) and onto the card
      await page
        .getByText(new RegExp(`answered \\(ticket ${ticketId}\\)`))
        .first()
        .waitFor();
      await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain(ANSWER);
      expect((await ticket()).events.map((e) => e.kind)).toEqual([
        'opened',
        'assigned',
        'asked',
        'answered',
      ]);

      await card.getByRole('button', { name: 'Resolve', exact: true }).click();
      await card.getByRole('combobox').click();
      await page.getByRole('option', { name: /\(loopback-check\)/ }).click();
      await typeInto(card.getByLabel('Note for the asker (what fixed it)'), NOTE);
      await card.getByRole('button', { name: 'Resolve and tell the asker', exact: true }).click();

      await expect.poll(() => card.innerText(), { timeout: 15_000 }).toMatch(/Resolved by /);
      const resolved = await card.innerText();
      expect(resolved).toContain(`Resolved by ${me.name}`);
      expect(resolved).toMatch(/Confirmed cause: .*\(loopback-check\)/);
      expect(resolved).toContain('BackConnectionHostNames on both servers');
      // the outcome is read first, above the asker's words and the long triage note
      expect(resolved.indexOf('Confirmed cause')).toBeLessThan(resolved.indexOf('Their words'));
      // updated in place: still one card for the ticket, and none of the experts' actions left
      expect(await ticketCard().count()).toBe(1);
      const left = await card.getByRole('button').allInnerTexts();
      expect(left.filter((b) => /Assign to me|Ask the user|Resolve/.test(b))).toEqual([]);
      await page
        .getByText(/Resolved; I sent .* the answer\./)
        .first()
        .waitFor({ timeout: 10_000 });
      await snap(card, 'ticket-resolved');
      const t = await ticket();
      expect(t.status).toBe('resolved');
      expect(t.resolution).toMatchObject({ cause: 'loopback-check', note: NOTE });

      // the asker's personal chat received both messages proactively
      await openChat('Personal Chat');
      const told = page.locator('.ac-adaptiveCard', {
        hasText: `An expert answered your question (ticket ${ticketId})`,
      });
      await told.waitFor({ timeout: 15_000 });
      const reply = await told.innerText();
      expect(reply).toContain('BackConnectionHostNames');
      expect(reply).toContain(me.name);
      await page.getByText(`is looking at your question (ticket ${ticketId})`).first().waitFor();
      await snap(told, 'asker-resolution');
    }, 90_000);
  },
);
