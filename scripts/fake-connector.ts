/**
 * A stand-in for Teams' Bot Connector service on a loopback port, to try the expert loop with
 * curl and a local bot (activities sent with "serviceUrl": "http://127.0.0.1:PORT/"). Prints one
 * line per call the bot makes: a ticket posted, a card updated, a message to a conversation.
 *
 *   npx tsx scripts/fake-connector.ts [PORT] [MEMBER_ID...]   (members of the experts' team)
 */
import type { Activity } from 'botbuilder';
import { startFakeConnector, type ConnectorCall } from '../test/channels/teams/fake-connector.js';

const [port = '3990', ...members] = process.argv.slice(2);

/** The words a person would see: the text, or a card's text blocks. */
const words = (a: Partial<Activity> | undefined): string => {
  const card = a?.attachments?.[0]?.content as { body?: unknown } | undefined;
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
      if (o.type === 'FactSet' && Array.isArray(o.facts))
        for (const f of o.facts as { title: string; value: string }[])
          texts.push(`${f.title}: ${f.value}`);
      if (typeof o.title === 'string' && String(o.type).startsWith('Action.'))
        texts.push(`[${o.title}]`);
      for (const k of ['body', 'items', 'columns', 'actions', 'card']) walk(o[k]);
    }
  };
  walk(card);
  return [a?.text ?? '', ...texts].filter(Boolean).join(' | ');
};

const show = (c: ConnectorCall): void => {
  const what =
    c.path === '/v3/conversations'
      ? `POSTED IN CHANNEL ${JSON.stringify(c.body.channelData)}: ${words(c.body.activity as Partial<Activity>)}`
      : c.method === 'PUT'
        ? `CARD UPDATED ${c.path}: ${words(c.body)}`
        : c.method === 'GET'
          ? `MEMBER LOOK-UP ${c.path}`
          : `SENT TO ${c.path}: ${words(c.body)}`;
  process.stdout.write(`${what}\n`);
};

const connector = await startFakeConnector(members, { port: Number(port), onCall: show });
process.stdout.write(`fake Bot Connector on ${connector.url} (members: ${members.join(', ')})\n`);
