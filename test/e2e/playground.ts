/**
 * The Microsoft 365 Agents Playground (acting as Teams) and Debian's Chromium driving its page,
 * for the end-to-end tests. Offline: the page's CDN requests are aborted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { freePort } from '../state/azurite.js';

export const CHROMIUM = '/usr/bin/chromium';
const BIN = fileURLToPath(new URL('../../node_modules/.bin/agentsplayground', import.meta.url));
export const canRunPlayground = existsSync(CHROMIUM) && existsSync(BIN);

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

/** The mock tenant the Playground plays (its page reads the same from /_internal/v1/config). */
export interface PlaygroundConfig {
  currentUser: { id: string; name: string };
  personalChat: { id: string };
  teams: { id: string; name: string; channels: { id: string; name: string }[] }[];
}

export interface Playground {
  /** Its base URL; the Bot Connector it plays is under `${url}/_connector`. */
  url: string;
  page: Page;
  config(): Promise<PlaygroundConfig>;
  close(): Promise<void>;
}

/**
 * Starts the Playground against `botEndpoint` (the bot's /api/messages; it need not listen yet)
 * and opens its page in headless Chromium.
 */
export const startPlayground = async (botEndpoint: string): Promise<Playground> => {
  const port = await freePort();
  // the Playground writes its log and reads its config from the working directory
  const workDir = mkdtempSync(join(tmpdir(), 'iis-triage-playground-'));
  const child: ChildProcess = spawn(
    BIN,
    ['-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
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
  const url = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitForPing(`${url}/_debug/ping`, 15_000);
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
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // fonts and animations from the Office CDN: cosmetic, and there is no internet here
    await page.route(
      (u) => !/^(localhost|127\.0\.0\.1)$/.test(u.hostname),
      (r) => r.abort(),
    );
    return {
      url,
      page,
      config: async () => {
        const res = await fetch(`${url}/_internal/v1/testConfig`);
        return ((await res.json()) as { config: PlaygroundConfig }).config;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
};

/** Opens the Playground's page (each load starts its conversations afresh). */
export const openPage = (p: Playground): Promise<unknown> =>
  p.page.goto(`${p.url}/`, { waitUntil: 'domcontentloaded' });

/** Text of the last Adaptive Card once there are more than `count` cards on the page. */
export const nextCard = async (page: Page, count: number): Promise<string> => {
  await page.locator('.ac-adaptiveCard').nth(count).waitFor({ timeout: 10_000 });
  return page.locator('.ac-adaptiveCard').last().innerText();
};

export const cardCount = (page: Page): Promise<number> => page.locator('.ac-adaptiveCard').count();

/** E2E_SCREENSHOT_DIR=<dir> keeps pictures of what the client showed, for people to look at. */
export const snap = async (target: Locator, name: string): Promise<void> => {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await target.screenshot({ path: join(dir, `${name}.png`) });
};
