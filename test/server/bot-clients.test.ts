import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { CachingBotFrameworkAuthentication } from '../../src/server/bot-clients.js';

const activity = (serviceUrl: string) =>
  ({
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'c' },
    from: { id: 'u' },
    recipient: { id: 'b' },
  }) as Activity;

describe('CachingBotFrameworkAuthentication (no app id)', () => {
  const auth = new CachingBotFrameworkAuthentication({});
  const connector = async (serviceUrl: string) => {
    const result = await auth.authenticateRequest(activity(serviceUrl), '');
    return result.connectorFactory!.create(serviceUrl, result.audience);
  };

  it('reuses one connector client per service URL across activities', async () => {
    const a = await connector('https://smba.trafficmanager.net/emea/');
    const b = await connector('https://smba.trafficmanager.net/emea/');
    const c = await connector('https://smba.trafficmanager.net/amer/');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('keeps a bounded number of clients (the oldest go first)', async () => {
    const first = await connector('https://first.example/');
    for (let i = 0; i < 300; i++) await connector(`https://host-${i}.example/`);
    expect(await connector('https://first.example/')).not.toBe(first);
  });

  it('reuses the user token client of one identity', async () => {
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://x.example/'), '');
    const a = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(a);
  });
});
