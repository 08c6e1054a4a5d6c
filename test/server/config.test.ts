import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLocalOnly, loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('runs locally with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      logLevel: 'info',
      state: { container: 'iis-triage-state' },
      bot: { appType: 'MultiTenant' },
      fileMaxBytes: 20 * 1024 * 1024,
    });
    expect(config.state.connectionString).toBeUndefined();
    expect(config.enginePoolThreads).toBeUndefined();
    expect(isLocalOnly(config)).toBe(true);
  });

  it('treats empty values from a copied .env.example as unset', () => {
    const env = Object.fromEntries(
      readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Za-z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'MicrosoftAppId',
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
        'MicrosoftAppType',
        'PORT',
        'STATE_CONNECTION_STRING',
        'STATE_CONTAINER',
        'LOG_LEVEL',
        'TRIAGE_API_KEY',
      ]),
    );
    const config = loadConfig(env);
    expect(isLocalOnly(config)).toBe(true);
    expect(config.port).toBe(3978);
  });

  it('reads a Teams registration, blob state and an API key', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      PORT: '8080',
      STATE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      STATE_CONTAINER: 'bot-state',
      LOG_LEVEL: 'debug',
      TRIAGE_API_KEY: 'k',
      ENGINE_POOL_THREADS: '2',
    });
    expect(config.bot).toEqual({
      appId: '11111111-2222-3333-4444-555555555555',
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: 'tenant',
    });
    expect(config).toMatchObject({
      port: 8080,
      logLevel: 'debug',
      triageApiKey: 'k',
      state: { container: 'bot-state' },
      enginePoolThreads: 2,
    });
    expect(isLocalOnly(config)).toBe(false);
  });

  it('takes a tenant id without an app type as a single-tenant registration', () => {
    const config = loadConfig({
      MicrosoftAppId: 'a',
      MicrosoftAppPassword: 'p',
      MicrosoftAppTenantId: 't',
    });
    expect(config.bot.appType).toBe('SingleTenant');
  });

  it("reads the experts' channels and the retention, with a default of 180 days", () => {
    expect(loadConfig({})).toMatchObject({ experts: {}, retentionDays: 180 });
    expect(
      loadConfig({
        EXPERT_TEAMS_CHANNEL: '19:abc123@thread.tacv2',
        EXPERT_SLACK_CHANNEL: 'C0123ABCD',
        RETENTION_DAYS: '30',
      }),
    ).toMatchObject({
      experts: { teams: { id: '19:abc123@thread.tacv2' }, slack: 'C0123ABCD' },
      retentionDays: 30,
    });
  });

  it("takes the Teams channel's link (Get link to channel) for its id and name", () => {
    const link =
      'https://teams.microsoft.com/l/channel/19%3Aabc123%40thread.tacv2/IIS%20experts?groupId=1&tenantId=2';
    expect(loadConfig({ EXPERT_TEAMS_CHANNEL: link }).experts.teams).toEqual({
      id: '19:abc123@thread.tacv2',
      name: 'IIS experts',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ENGINE_POOL_THREADS: '0' }, /ENGINE_POOL_THREADS: at least 1/],
    [{ ENGINE_POOL_THREADS: '65' }, /ENGINE_POOL_THREADS: at most 64/],
    [{ STATE_CONTAINER: 'Bad_Name' }, /STATE_CONTAINER/],
    [{ EXPERT_SLACK_CHANNEL: '#iis-experts' }, /EXPERT_SLACK_CHANNEL: a Slack channel id/],
    [{ EXPERT_TEAMS_CHANNEL: 'iis experts' }, /EXPERT_TEAMS_CHANNEL/],
    [{ EXPERT_TEAMS_CHANNEL: 'https://teams.microsoft.com/l/channel/%E0%A4%A/x' }, /URL-encoded/],
    [{ RETENTION_DAYS: '0' }, /RETENTION_DAYS/],
    [{ RETENTION_DAYS: 'forever' }, /RETENTION_DAYS/],
    [{ MicrosoftAppId: 'x' }, /MicrosoftAppPassword/],
    [
      { MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppType: 'SingleTenant' },
      /MicrosoftAppTenantId/,
    ],
  ])('refuses %j with E_CONFIG', (env, message) => {
    const thrown = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('E_CONFIG');
    expect((thrown as AppError).message).toMatch(message);
  });
});
