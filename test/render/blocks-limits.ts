/**
 * Slack's Block Kit limits, checked independently of the renderer's own constants (numbers from
 * Slack's reference for messages: blocks, section, context, actions, button, text fallback).
 */
interface Text {
  type: string;
  text: string;
}
interface AnyBlock {
  type: string;
  block_id?: string;
  text?: Text;
  fields?: Text[];
  elements?: { type: string; text: Text | string; action_id?: string; value?: string }[];
}
export interface AnyMessage {
  text: string;
  /** Checked as plain JSON, whatever type the renderer gives its blocks. */
  blocks: readonly object[];
}

const ACTION_TYPES = new Set(['answer', 'pick', 'none-of-these', 'reset', 'feedback']);
/** Every < in mrkdwn must open a link we made (<http...|label>); the rest must be escaped. */
const STRAY_LT = /<(?!https?:\/\/[^<>]*>)/;

const textOf = (t: Text | string): string => (typeof t === 'string' ? t : t.text);

/** Problems, one line each; empty when the message would be accepted by chat.postMessage. */
export const slackProblems = (message: AnyMessage): string[] => {
  const problems: string[] = [];
  const fail = (p: string) => problems.push(p);
  if (!message.text || message.text.length > 4000)
    fail(`text fallback length ${message.text.length}`);
  if (message.blocks.length < 1 || message.blocks.length > 50)
    fail(`${message.blocks.length} blocks`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  let total = 0;
  (message.blocks as AnyBlock[]).forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      if (b.block_id.length > 255 || blockIds.has(b.block_id)) fail(`${at}: block_id`);
      blockIds.add(b.block_id);
    }
    const mrkdwn: string[] = [];
    switch (b.type) {
      case 'header':
        if (b.text?.type !== 'plain_text' || !b.text.text || b.text.text.length > 150)
          fail(`${at}: header text`);
        total += b.text?.text.length ?? 0;
        break;
      case 'section': {
        if (!b.text && !b.fields?.length) fail(`${at}: neither text nor fields`);
        if (b.text && (!b.text.text || b.text.text.length > 3000))
          fail(`${at}: text length ${b.text.text.length}`);
        if ((b.fields?.length ?? 0) > 10) fail(`${at}: ${b.fields?.length} fields`);
        for (const f of b.fields ?? [])
          if (!f.text || f.text.length > 2000) fail(`${at}: field length ${f.text.length}`);
        if (b.text) mrkdwn.push(b.text.text);
        mrkdwn.push(...(b.fields ?? []).map((f) => f.text));
        break;
      }
      case 'context': {
        const n = b.elements?.length ?? 0;
        if (n < 1 || n > 10) fail(`${at}: ${n} elements`);
        for (const e of b.elements ?? []) {
          const t = textOf(e.text ?? '');
          if (!t || t.length > 3000) fail(`${at}: element length ${t.length}`);
          mrkdwn.push(t);
        }
        break;
      }
      case 'actions': {
        const n = b.elements?.length ?? 0;
        if (n < 1 || n > 25) fail(`${at}: ${n} elements`);
        for (const e of b.elements ?? []) {
          const label = textOf(e.text);
          if (e.type !== 'button' || !label || label.length > 75)
            fail(`${at}: button text ${JSON.stringify(label)}`);
          const id = e.action_id ?? '';
          if (!id || id.length > 255 || actionIds.has(id)) fail(`${at}: action_id ${id}`);
          actionIds.add(id);
          const value = e.value ?? '';
          if (!value || value.length > 2000) fail(`${at}: value length ${value.length}`);
          else {
            const action = JSON.parse(value) as { type?: unknown };
            if (typeof action.type !== 'string' || !ACTION_TYPES.has(action.type))
              fail(`${at}: value ${value.slice(0, 80)}`);
          }
          total += label.length + value.length;
        }
        break;
      }
      case 'divider':
        break;
      default:
        fail(`${at}: unexpected block type`);
    }
    for (const t of mrkdwn) {
      total += t.length;
      if (STRAY_LT.test(t)) fail(`${at}: unescaped < in ${JSON.stringify(t.slice(0, 80))}`);
    }
  });
  if (total > 12_000) fail(`total block text ${total}`);
  return problems;
};
