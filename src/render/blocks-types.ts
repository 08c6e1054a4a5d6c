/** The Block Kit subset the Slack renderer emits (structurally compatible with @slack/types). */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: PlainText;
  /** The Action as JSON: what the click sends into the next turn. */
  value: string;
  style?: 'primary' | 'danger';
}

export type SlackBlock =
  | { type: 'header'; block_id?: string; text: PlainText }
  | { type: 'section'; block_id?: string; text?: MrkdwnText; fields?: MrkdwnText[] }
  | { type: 'context'; block_id?: string; elements: MrkdwnText[] }
  | { type: 'actions'; block_id: string; elements: SlackButton[] }
  | { type: 'divider'; block_id?: string };

/** One chat.postMessage payload (channel and thread are the adapter's business). */
export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits, plus our own budget under the undocumented total-text cap. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** Slack recommends at most 4,000 characters of fallback text. */
  fallbackText: 4000,
  /** Total text in one message's blocks: Slack rejects near ~13k (msg_blocks_too_long). */
  messageTextBudget: 11_000,
} as const;

/** Prefix of every action_id we emit: the adapter routes clicks by it. */
export const ACTION_ID_PREFIX = 'iis-triage:';
