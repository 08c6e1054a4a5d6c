import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildManifest, packageWarnings, PLACEHOLDER_ID } from '../../scripts/package-teams.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Manifest = Parameters<typeof buildManifest>[0];
const committed = (): Manifest =>
  JSON.parse(readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8')) as Manifest;
const APP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const BOT = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const OWN_URLS = {
  name: 'Contoso IT',
  websiteUrl: 'https://it.contoso.com/triage',
  privacyUrl: 'https://it.contoso.com/privacy',
  termsOfUseUrl: 'https://it.contoso.com/terms',
};

describe('packageWarnings', () => {
  it('knows the committed manifest: its ids are the placeholder', () => {
    const m = committed();
    expect(m.id).toBe(PLACEHOLDER_ID);
    expect(m.bots?.[0]?.botId).toBe(PLACEHOLDER_ID);
  });

  it('warns about the placeholder app id, bot id and example.com URLs of the committed manifest', () => {
    const warnings = packageWarnings(buildManifest(committed(), {}, '1.0.0'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/app id is the placeholder.*TEAMS_APP_ID/);
    expect(warnings[1]).toMatch(/bot id is the placeholder.*MicrosoftAppId/);
    expect(warnings[2]).toMatch(/developer\.websiteUrl.*point at example\.com/);
  });

  it('says nothing once the ids are set and the URLs are real', () => {
    const m = { ...committed(), developer: OWN_URLS };
    const env = { MicrosoftAppId: BOT, TEAMS_APP_ID: APP };
    expect(packageWarnings(buildManifest(m, env, '1.0.0'))).toEqual([]);
    // the ids alone leave the URL warning
    expect(packageWarnings(buildManifest(committed(), env, '1.0.0'))).toEqual([
      expect.stringMatching(/example\.com/),
    ]);
  });
});

describe('npm run package', () => {
  it('prints its warnings on standard error and keeps the zip path last on standard output', async () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'MicrosoftAppId' && k !== 'TEAMS_APP_ID'),
    );
    const { stdout, stderr } = await promisify(execFile)(tsx, ['scripts/package-teams.ts'], {
      cwd: root,
      env,
    });
    expect(stdout.trim().split('\n').at(-1)).toMatch(/manifest\/build\/iis-triage-[\d.]+\.zip$/);
    expect(stderr.match(/^warning: /gm)).toHaveLength(3);
  }, 60_000);
});
