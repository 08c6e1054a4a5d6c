/**
 * End to end in a real client: our server + the Microsoft 365 Agents Playground (acting as Teams),
 * driven by playwright-core in Debian's Chromium. Offline: the page's CDN requests are aborted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/index.js';
import { LOG_401_1_1326, LOG_401_2_5, startTestServer } from '../server/helpers.js';
import {
  canRunPlayground,
  cardCount,
  CHROMIUM,
  nextCard,
  openPage,
  snap as snapCard,
  startPlayground,
  type Playground,
} from './playground.js';

const snap = (page: Page, name: string): Promise<void> =>
  snapCard(page.locator('.ac-adaptiveCard').last(), name);

describe.skipIf(!canRunPlayground)(
  `Agents Playground end to end (skipped when ${CHROMIUM} or the Playground is missing)`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let store: MemoryStore;
    let playground: Playground | undefined;
    let page: Page;

    beforeAll(async () => {
      store = new MemoryStore();
      server = await startTestServer({ store });
      playground = await startPlayground(`${server.url}/api/messages`);
      page = playground.page;
      await openPage(playground);
    }, 120_000);

    afterAll(async () => {
      await playground?.close();
      await server?.close();
    });

    it('welcomes, answers a pasted log line with a card, and re-ranks after a button click', async () => {
      // the welcome card arrives with the Playground's install / conversationUpdate
      await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 10_000 });
      expect(await page.locator('.ac-adaptiveCard').first().innerText()).toMatch(
        /Hi, I am iis-triage/,
      );

      const before = await cardCount(page);
      const box = page.getByRole('textbox').first();
      await box.click();
      await box.pressSequentially(LOG_401_2_5);
      await page.keyboard.press('Enter');
      const first = await nextCard(page, before);
      await snap(page, 'first-answer');
      // a real answer: the code explained, causes with a confidence, a follow-up question
      expect(first).toMatch(/401\.2 with win32 5/);
      expect(first).toMatch(/Likely causes/);
      expect(first).toMatch(/\d+%/);
      const card = page.locator('.ac-adaptiveCard').last();
      const buttons = await card.getByRole('button').allInnerTexts();
      expect(buttons).toContain("I don't know");
      const questionLine = first
        .split('\n')
        .find((l) => l.trim().endsWith('?') && !/^Did you mean/.test(l));
      expect(questionLine).toBeDefined();

      // an answer to the question: not a toggle that shows more of the card, not a way out
      const firstChoice = buttons.find(
        (b) =>
          !/IIS 6 steps|None of these|I don't know|More about|Why these|What it means|What they are|more steps?$/.test(
            b,
          ),
      )!;
      const count = await cardCount(page);
      await card.getByRole('button', { name: firstChoice, exact: true }).click();
      const second = await nextCard(page, count);
      await snap(page, 'after-button');
      expect(second).not.toEqual(first);
      // the answered question is not asked again
      expect(second).not.toContain(questionLine!);
      const conversations = store.keys('conversations/msteams/');
      expect(conversations).toHaveLength(1);
      const record = (await store.read(conversations[0]!))?.value as {
        dialog: { turns: number; known: Record<string, string> };
      };
      expect(record.dialog.turns).toBe(2);
      expect(Object.keys(record.dialog.known)).toHaveLength(1);
    }, 30_000);

    it('answers a log line, a prose question and explain 401.2, each after a reset', async () => {
      const box = page.getByRole('textbox').first();
      const say = async (message: string): Promise<string> => {
        const before = await cardCount(page);
        await box.click();
        await box.fill(message);
        await page.keyboard.press('Enter');
        return nextCard(page, before);
      };
      // tall enough that a whole card fits on the screen for its picture
      await page.setViewportSize({ width: 1400, height: 3200 });
      const measured: Record<string, { chars: number; px: number }> = {};
      const shots: [string, string, RegExp][] = [
        ['log-line', LOG_401_1_1326, /401\.1/],
        [
          'prose-question',
          'Users get a login prompt again and again on our intranet site since we moved it to a new server, and then 401',
          /\d+%/,
        ],
        ['explain-401-2', 'explain 401.2', /401\.2/],
      ];
      for (const [name, message, expected] of shots) {
        await say('reset');
        const shown = await say(message);
        const rect = await page.locator('.ac-adaptiveCard').last().boundingBox();
        measured[name] = { chars: shown.length, px: Math.round(rect?.height ?? 0) };
        await snap(page, name);
        expect(shown).toMatch(expected);
      }
      await page.setViewportSize({ width: 1400, height: 900 });
      const dir = process.env.E2E_SCREENSHOT_DIR;
      if (dir) writeFileSync(join(dir, 'card-sizes.json'), JSON.stringify(measured, null, 2));
    }, 60_000);

    it('stores Teams feedback (thumbs down with a comment) against the answer', async () => {
      await page.getByRole('button', { name: 'Dislike' }).last().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox').first().fill('the SPN check is missing');
      await dialog.getByRole('button', { name: 'Submit' }).click();
      await expect.poll(() => store.keys('feedback/msteams/').length, { timeout: 10_000 }).toBe(1);
      const feedback = (await store.read(store.keys('feedback/msteams/')[0]!))?.value as {
        answerId: string;
        reaction: string;
        comment: string;
      };
      expect(feedback.reaction).toBe('dislike');
      expect(feedback.comment).toBe('the SPN check is missing');
      const record = (await store.read(store.keys('conversations/msteams/')[0]!))?.value as {
        dialog: { lastReplyId: string };
        sent: { replyId: string }[];
      };
      // the Playground's message id was mapped back to the answer it carried
      expect(record.sent.map((s) => s.replyId)).toContain(feedback.answerId);
      expect(feedback.answerId).toBe(record.dialog.lastReplyId);
    }, 20_000);
  },
);
