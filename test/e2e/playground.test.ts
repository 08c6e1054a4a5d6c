/**
 * End to end in a real client: our server + the Microsoft 365 Agents Playground (acting as Teams),
 * driven by playwright-core in Debian's Chromium. Offline: the page's CDN requests are aborted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/index.js';
import { LOG_401_1_1326, LOG_401_2_5, startTestServer } from '../server/helpers.js';
import { freePort } from '../state/azurite.js';

const CHROMIUM = '/usr/bin/chromium';
const PLAYGROUND = fileURLToPath(
  new URL('../../node_modules/.bin/agentsplayground', import.meta.url),
);
const canRun = existsSync(CHROMIUM) && existsSync(PLAYGROUND);

const waitForPing = async (url: string, timeoutMs: number): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the Playground did not answer ${url} within ${timeoutMs} ms`);
};

/** Text of the last Adaptive Card once there are more than `count` cards on the page. */
const nextCard = async (page: Page, count: number): Promise<string> => {
  await page.locator('.ac-adaptiveCard').nth(count).waitFor({ timeout: 10_000 });
  return page.locator('.ac-adaptiveCard').last().innerText();
};
const cardCount = (page: Page): Promise<number> => page.locator('.ac-adaptiveCard').count();

/** E2E_SCREENSHOT_DIR=<dir> keeps pictures of what the client showed, for people to look at. */
const snap = async (page: Page, name: string): Promise<void> => {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir)
    await page
      .locator('.ac-adaptiveCard')
      .last()
      .screenshot({ path: join(dir, `${name}.png`) });
};

describe.skipIf(!canRun)(
  `Agents Playground end to end (skipped when ${CHROMIUM} or the Playground is missing)`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let store: MemoryStore;
    let playground: ChildProcess | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let workDir: string;

    beforeAll(async () => {
      store = new MemoryStore();
      server = await startTestServer({ store });
      const port = await freePort();
      // the Playground writes its log and reads its config from the working directory
      workDir = mkdtempSync(join(tmpdir(), 'iis-triage-playground-'));
      playground = spawn(
        PLAYGROUND,
        [
          '-e',
          `${server.url}/api/messages`,
          '-c',
          'msteams',
          '-p',
          String(port),
          '--disable-telemetry',
        ],
        {
          cwd: workDir,
          stdio: 'ignore',
          env: {
            ...process.env,
            TEAMSAPPTESTER_BROWSER: 'none',
            M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
          },
        },
      );
      await waitForPing(`http://127.0.0.1:${port}/_debug/ping`, 15_000);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // fonts and animations from the Office CDN: cosmetic, and there is no internet here
      await page.route(
        (u) => !/^(localhost|127\.0\.0\.1)$/.test(u.hostname),
        (r) => r.abort(),
      );
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (playground?.pid && playground.exitCode === null) {
        const exited = new Promise((r) => playground!.once('exit', r));
        playground.kill('SIGTERM');
        await exited;
      }
      await server?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
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
