// A server for bench/load.ts, run as a child process: `ours` (the real iis-triage server, memory
// state, no credentials) or `echo` (a bare botbuilder echo bot on the same stack: restify 11 +
// CloudAdapter + ActivityHandler, plus a bare restify JSON route as the /api/triage baseline).
// It tells the parent its port over IPC and answers 'rss' with its memory after a full GC.
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import restify, { type Next, type Request, type Response } from 'restify';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server/index.js';

const kind = process.argv[2];

const startEcho = async (): Promise<number> => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  class EchoBot extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context: TurnContext, next) => {
        await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
        await next();
      });
    }
  }
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.post('/api/triage', (req: Request, res: Response, next: Next) => {
    const message = (req.body as { message?: unknown } | undefined)?.message;
    res.send(200, { message: typeof message === 'string' ? message : '' });
    next();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
};

const startOurs = async (): Promise<number> => {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? 'info',
  });
  const running = await startServer(config);
  const status = await running.app.ready;
  if (status.state !== 'ready')
    throw new Error(`knowledge did not load: ${JSON.stringify(status)}`);
  return running.port;
};

const port = kind === 'echo' ? await startEcho() : await startOurs();
const gc = (globalThis as { gc?: () => void }).gc;
// Resident memory read straight after a run says more about when it was read than about the
// server: freed ArrayBuffers leave it about half a second later, and V8's memory reducer gives
// back heap pages some 10 s into a quiet spell (measured here: 337 MB at once, 288 MB after
// 1.5 s, 247 MB from 10 s on, then flat to 30 s). A server that idled while the other one ran
// was read lower than one read at once, which swung 'growth after warm-up' from -40% to +76%
// between runs. So every reading comes after the same quiet: a full GC, 12 s, a full GC.
const SETTLE_MS = 12_000;
process.on('message', (m) => {
  // a normal exit writes the --cpu-prof profile when one was asked for
  if (m === 'exit') process.exit(0);
  if (m !== 'rss') return;
  gc?.();
  setTimeout(() => {
    gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    process.send?.({ rss, heapUsed, external });
  }, SETTLE_MS);
});
process.send?.({ port });
