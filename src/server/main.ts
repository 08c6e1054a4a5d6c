import { isLocalOnly, isLoopbackHost, loadConfig, type Config } from '../config.js';
import { errorInfo, isAppError } from '../errors.js';
import { launchSlack } from '../channels/slack/index.js';
import { startServer, TRIAGE_API_LINES } from './start.js';

/** What `npm start` prints: where the bot is and how to talk to it. */
const banner = (config: Config, url: string): string => {
  const endpoint = `${url}/api/messages`;
  const lines = [
    '',
    `iis-triage is listening on ${endpoint}`,
    `  state: ${config.state.connectionString ? `Azure Blob Storage (${config.state.container})` : 'in memory'}`,
    `  health: ${url}/healthz`,
  ];
  if (isLocalOnly(config)) {
    lines.push(
      isLoopbackHost(config.host)
        ? '  no MicrosoftAppId: local clients only (set the variables in .env.example to connect Teams)'
        : `  no MicrosoftAppId, and HOST=${config.host}: any client that reaches the port is trusted`,
      '',
      'Talk to it in the Microsoft 365 Agents Playground (another terminal):',
      `  npx agentsplayground -e ${endpoint} -c msteams`,
      '',
      'Or ask the HTTP API:',
      `  curl -s ${url}/api/triage -H 'content-type: application/json' -d '{"message":"GET /intranet/ 401 1 1326"}'`,
    );
  } else {
    lines.push(
      `  Bot Framework app id ${config.bot.appId} (${config.bot.appType}); requests need a valid token`,
      `  ${TRIAGE_API_LINES[config.triageApi]}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
};

const main = async (): Promise<void> => {
  const config = loadConfig(process.env);
  const running = await startServer(config);
  // Slack: on with SLACK_BOT_TOKEN + SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET), logged either way
  const slack = launchSlack(config, {
    knowledge: () => running.app.knowledgeStatus(),
    logger: running.logger,
    store: running.store,
    ...(config.experts.slack ? { expertChannel: config.experts.slack } : {}),
  });
  // a Slack that could not start (and is being tried again) shows in /healthz
  running.app.watch('slack', () => slack.health());
  process.stdout.write(banner(config, running.url));
  // drain: no new connections, requests in flight answered (up to the grace period), then exit;
  // a second signal of the same kind ends the process at once (the handlers are `once`)
  const stop = (signal: string): void => {
    const grace = config.shutdownGraceMs;
    running.logger.info(
      { signal, inFlight: running.app.inFlight(), graceMs: grace },
      'shutting down: draining requests in flight',
    );
    void Promise.all([running.close(grace), slack.stop()]).then(([{ cut }]) => {
      if (cut > 0) running.logger.warn({ cut }, 'grace period over; requests in flight were cut');
      running.logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => process.exit(1), grace + 5_000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // a promise nobody awaited must not end a bot that runs for months: logged (no user text), kept up
  process.on('unhandledRejection', (e: unknown) => {
    running.logger.error({ err: errorInfo(e) }, 'unhandled rejection');
  });
};

main().catch((e: unknown) => {
  process.stderr.write(
    `${isAppError(e) ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
