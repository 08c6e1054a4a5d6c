import type { Reply, StepBlock } from '../dialog/types.js';
import { flatSteps, win32Words } from './card-text.js';
import { percent } from './words.js';

/** Contract: a reply is at most 4000 characters of Markdown. */
export const MAX_MARKDOWN = 4000;

/** How much detail a rendering keeps; each try keeps less. */
interface Detail {
  /** Steps shown per block before "…and N more". */
  maxSteps: number;
  maxNotes: number;
  /** Show the "why" lines of causes. */
  why: boolean;
}

const TRIES: Detail[] = [
  { maxSteps: 8, maxNotes: 4, why: true },
  { maxSteps: 5, maxNotes: 2, why: true },
  { maxSteps: 3, maxNotes: 1, why: false },
  { maxSteps: 2, maxNotes: 0, why: false },
];

const stepLines = (b: StepBlock, max: number): string[] => {
  const lines: string[] = [];
  const items = flatSteps(b);
  items.slice(0, max).forEach((s, i) => lines.push(`${i + 1}. ${s}`));
  if (items.length > max) lines.push(`   …and ${items.length - max} more`);
  return lines;
};

const compose = (r: Reply, o: Detail): string => {
  const out: string[] = [`**${r.headline}**`];
  if (r.codes.length) {
    out.push('', '**What the code means**');
    for (const c of r.codes) {
      const head = `- \`${c.label}\`${c.benign ? ' (normal challenge leg)' : ''}`;
      // explained earlier in this conversation: the label is enough
      if (c.repeat) {
        out.push(`${head} (explained above)`);
        continue;
      }
      out.push(`${head}: ${c.meaning}`);
      if (c.win32Meaning) out.push(`  - ${win32Words(c)}`);
    }
  }
  if (r.causes.length) {
    const ranked = r.causes.some((c) => c.score > 0);
    out.push('', ranked ? '**Likely causes**' : '**Usual causes**');
    r.causes.forEach((c, i) => {
      out.push(
        `${i + 1}. **${c.title}**${c.score > 0 ? ` (${percent(c.score)})` : ''} \`${c.id}\``,
      );
      if (o.why && c.why.length) out.push(`   - ${ranked ? 'why' : 'what'}: ${c.why.join('; ')}`);
    });
  }
  for (const b of r.steps) {
    const lines = stepLines(b, o.maxSteps);
    if (lines.length) out.push('', `**${b.title}**`, ...lines);
  }
  if (r.question) {
    out.push('', `**${r.question.text}**`);
    if (r.question.how) out.push(`_${r.question.how}_`);
    out.push(`Answer: ${r.question.choices.map((c) => c.label).join(' · ')}`);
  }
  if (r.didYouMean?.length)
    out.push('', `Did you mean: ${r.didYouMean.map((c) => c.label).join(' · ')}?`);
  const notes = r.notes.slice(0, o.maxNotes);
  if (notes.length) out.push('', ...notes.map((n) => `> ${n}`));
  return out.join('\n');
};

/** Reply -> Markdown within MAX_MARKDOWN characters, dropping detail before cutting text. */
export const renderMarkdown = (r: Reply): string => {
  let text = '';
  for (const t of TRIES) {
    text = compose(r, t);
    if (text.length <= MAX_MARKDOWN) return text;
  }
  return `${text.slice(0, MAX_MARKDOWN - 2)}…`;
};

/** The follow-up questions as plain strings (the contract's `followUps`). */
export const followUps = (r: Reply): string[] => {
  const out: string[] = [];
  if (r.question) out.push(r.question.text);
  if (r.didYouMean?.length)
    out.push(`Did you mean: ${r.didYouMean.map((c) => c.label).join(', ')}?`);
  return out;
};
