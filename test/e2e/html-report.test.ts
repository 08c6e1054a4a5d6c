/**
 * The `scan --html` report in a real browser: Debian's Chromium through playwright-core, offline.
 * E2E_SCREENSHOT_DIR=<dir> keeps the screenshot (scan-report.png) for people to look at.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';

const CHROMIUM = '/usr/bin/chromium';
const LOGS = fileURLToPath(new URL('../../examples/logs/', import.meta.url));
/** In the page (as text: this project's TypeScript has no DOM types): pixels of one colour. */
const COUNT_PIXELS = `([id, r, g, b]) => {
  const c = document.querySelector('#' + id + ' canvas');
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4)
    if (Math.abs(px[i] - r) < 8 && Math.abs(px[i + 1] - g) < 8 && Math.abs(px[i + 2] - b) < 8 && px[i + 3] > 200) n++;
  return n;
}`;

describe.skipIf(!existsSync(CHROMIUM))(
  `the scan's HTML report in Chromium (skipped when ${CHROMIUM} is missing)`,
  () => {
    let browser: Browser;
    let dir: string;
    let page: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'iis-triage-html-'));
      page = join(dir, 'scan-report.html');
      const r = await runCli(['scan', LOGS, '--html', page]);
      expect(r.stderr).toContain('wrote');
      expect(r.code).toBe(0);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('draws both charts offline, without errors, and takes a screenshot', async () => {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      tab.on('pageerror', (e) => problems.push(e.message));
      tab.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      const requests: string[] = [];
      tab.on('request', (r) => requests.push(r.url()));
      await tab.goto(pathToFileURL(page).href);
      await tab.locator('#normal-chart canvas').waitFor({ timeout: 10_000 });
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(page).href]);

      // each chart has drawn its series' colour: the failures red, the handshakes green
      const inked = (id: string, rgb: [number, number, number]): Promise<number> =>
        tab.evaluate(`(${COUNT_PIXELS})(${JSON.stringify([id, ...rgb])})`);
      expect(await inked('failures-chart', [0xd6, 0x27, 0x28])).toBeGreaterThan(20);
      expect(await inked('normal-chart', [0x2c, 0xa0, 0x2c])).toBeGreaterThan(20);
      expect(await inked('failures-chart', [0x2c, 0xa0, 0x2c])).toBe(0);
      // the legend names the diagnoses, and the tables are there
      await expect(tab.locator('#failures-chart .u-legend').innerText()).resolves.toContain(
        'wrong-credentials',
      );
      await expect(tab.locator('h2').allInnerTexts()).resolves.toEqual(
        expect.arrayContaining(['Diagnoses (knowledge ids, most entries first)', 'Codes']),
      );

      const shot = join(process.env.E2E_SCREENSHOT_DIR ?? dir, 'scan-report.png');
      await tab.screenshot({ path: shot, fullPage: true });
      // a PNG, and not a blank one
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000);
    });
  },
);
