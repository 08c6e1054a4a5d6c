import { adaptiveCard, measureCard, text } from './card-elements.js';
import type { CardElement, SubmitAction } from './card-types.js';
import type { CardAnswer } from './card.js';

export interface WelcomeOptions {
  /** 'personal' adds the file hint; other scopes the @mention hint. */
  scope: 'personal' | 'groupChat' | 'channel';
  botName: string;
  fileMaxBytes: number;
  /** A log line to try. */
  example: string;
}

const megabytes = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

/** The card sent when the bot is added to a chat or team. */
export const renderWelcomeCard = (o: WelcomeOptions): CardAnswer => {
  const where =
    o.scope === 'personal'
      ? `You can also send me a W3C log file (u_ex*.log, up to ${megabytes(o.fileMaxBytes)}) and I will summarise it.`
      : `In this ${o.scope === 'channel' ? 'channel' : 'chat'}, @mention me: "@${o.botName} 401.2 after we moved the site".`;
  const lines = [
    'I explain IIS **401 Unauthorized** errors (and their neighbours) and find the likely cause. Paste any of these:',
    '- a line from the IIS log (u_ex*.log), or several',
    '- the error page ("HTTP Error 401.2 - Unauthorized")',
    '- a code: 401.1, 401 2 5, 0x8009030e, win32 1326',
  ];
  const privacy =
    'Passwords, Authorization headers and connection strings are masked before I read anything.';
  const body: CardElement[] = [
    text(`Hi, I am ${o.botName}`, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(lines.join('\n')),
    text(where),
    text(privacy, { isSubtle: true, size: 'Small' }),
  ];
  const say = (title: string, value: string): SubmitAction => ({
    type: 'Action.Submit',
    title,
    data: { text: value },
  });
  const card = adaptiveCard([`Hi, I am ${o.botName}.`, ...lines, where, privacy].join('\n'), body, [
    say('Try an example', o.example),
    say('What can you do?', 'help'),
    say('List codes', 'codes'),
  ]);
  const summary = `${o.botName} explains IIS 401 errors`;
  return {
    card,
    text: card.fallbackText,
    summary,
    trimmed: false,
    bytes: measureCard(card, summary),
  };
};
