/** Typed commands of the expert loop, read by the channels before the dialogue sees the text. */
export type ExpertCommand = 'ask-expert' | 'forget-me';

export const parseExpertCommand = (text: string): ExpertCommand | null => {
  const t = text.trim().toLowerCase().replace(/^\/+/, '').replace(/\s+/g, ' ');
  if (t.length > 60) return null;
  const plain = t.replace(/[.!?]+$/, '');
  if (
    /^(ask (an |the )?experts?|escalate|talk to (an? |the )?(expert|human|person))$/.test(plain)
  ) {
    return 'ask-expert';
  }
  if (/^(forget me|forget my data|delete my (data|records))$/.test(plain)) return 'forget-me';
  return null;
};
