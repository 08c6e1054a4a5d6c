import type { webApi } from '@slack/bolt';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHORTCUT_CALLBACK_ID } from '../../../src/channels/slack/index.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];
type BotScope = NonNullable<
  NonNullable<NonNullable<Manifest['oauth_config']>['scopes']>['bot']
>[number];
type BotEvent = NonNullable<
  NonNullable<NonNullable<Manifest['settings']>['event_subscriptions']>['bot_events']
>[number];

// Typed by Slack's own manifest types: a misspelt scope or event fails `tsc`.
const SCOPES: BotScope[] = [
  'app_mentions:read',
  'chat:write',
  'im:history',
  'channels:history',
  'groups:history',
  'files:read',
  'commands',
  'channels:read',
  'groups:read',
];
/** Each event the adapter handles and the scope Slack requires for it. */
const EVENTS: [BotEvent, BotScope][] = [
  ['app_mention', 'app_mentions:read'],
  ['message.im', 'im:history'],
  ['message.channels', 'channels:history'],
  ['message.groups', 'groups:history'],
];

const manifest = parse(
  readFileSync(new URL('../../../manifest/slack-app.yaml', import.meta.url), 'utf8'),
) as Manifest;

describe('manifest/slack-app.yaml', () => {
  it('asks for exactly the scopes the adapter uses', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual([...SCOPES].sort());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
  });

  it('subscribes to exactly the events the adapter handles, each with its scope', () => {
    const events = manifest.settings?.event_subscriptions?.bot_events ?? [];
    expect([...events].sort()).toEqual(EVENTS.map(([e]) => e).sort());
    for (const [, scope] of EVENTS) expect(SCOPES).toContain(scope);
  });

  it('turns on Socket Mode, interactivity (buttons) and a writable Messages tab (DMs)', () => {
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: true,
      interactivity: { is_enabled: true },
    });
    expect(manifest.features?.app_home).toMatchObject({
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features?.bot_user?.always_online).toBe(true);
  });

  it('declares the "Triage with iis-triage" message shortcut the adapter handles', () => {
    expect(manifest.features?.shortcuts).toEqual([
      expect.objectContaining({
        name: 'Triage with iis-triage',
        type: 'message',
        callback_id: SHORTCUT_CALLBACK_ID,
      }),
    ]);
    for (const s of manifest.features?.shortcuts ?? []) {
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
    // shortcuts need interactivity and the commands scope
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(SCOPES).toContain('commands');
  });

  it("keeps within Slack's field limits", () => {
    const d = manifest.display_information;
    expect(d.name.length).toBeLessThanOrEqual(35);
    expect(d.description?.length).toBeLessThanOrEqual(140);
    expect(d.long_description?.length).toBeGreaterThanOrEqual(175);
    expect(d.long_description?.length).toBeLessThanOrEqual(4000);
    expect(d.background_color).toMatch(/^#(?:[0-9a-f]{3}){1,2}$/i);
    expect(manifest.features?.bot_user?.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });
});
