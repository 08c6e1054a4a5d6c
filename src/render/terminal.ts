import { createColors } from 'picocolors';
import type { Reply } from '../dialog/types.js';
import { flatSteps, win32Words } from './card-text.js';
import { percent } from './words.js';

/** Columns the text is wrapped to. */
const WIDTH = 100;

const wrap = (text: string, indent: string): string[] => {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > WIDTH - indent.length) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines;
};

/** Reply -> text for a terminal, numbered choices so the chat can take "2" as an answer. */
export const renderTerminal = (r: Reply, o: { color: boolean }): string => {
  const c = createColors(o.color);
  const out: string[] = [c.bold(r.headline)];
  if (r.codes.length) {
    out.push('', c.cyan('What the code means'));
    for (const x of r.codes) {
      const head = `${c.bold(x.label)}${x.benign ? c.green(' (normal challenge leg)') : ''}`;
      // explained earlier in this conversation: the label is enough
      if (x.repeat) {
        out.push(...wrap(`${head} (explained above)`, '  '));
        continue;
      }
      out.push(...wrap(`${head}: ${x.meaning}`, '  '));
      if (x.win32Meaning) out.push(...wrap(win32Words(x), '    '));
    }
  }
  if (r.causes.length) {
    const ranked = r.causes.some((x) => x.score > 0);
    out.push('', c.cyan(ranked ? 'Likely causes' : 'Usual causes'));
    r.causes.forEach((x, i) => {
      const conf = x.score > 0 ? c.yellow(` ${percent(x.score)}`) : '';
      out.push(`  ${i + 1}. ${c.bold(x.title)}${conf} ${c.dim(x.id)}`);
      if (x.why.length) out.push(...wrap(c.dim(x.why.join('; ')), '     '));
    });
  }
  for (const b of r.steps) {
    const items = flatSteps(b);
    if (!items.length) continue;
    out.push('', c.cyan(b.title));
    items.forEach((s, i) => out.push(...wrap(`${i + 1}. ${s}`, '  ')));
  }
  // a note's own lines (a timeline's series) stay lines: only each is wrapped
  for (const n of r.notes)
    out.push('', ...n.split(/\n+/).flatMap((line) => wrap(c.dim(line), '  ')));
  let k = 0;
  if (r.question) {
    out.push('', c.magenta(c.bold(r.question.text)));
    if (r.question.how) out.push(...wrap(c.dim(r.question.how), '  '));
    for (const ch of r.question.choices) out.push(`  [${++k}] ${ch.label}`);
  }
  if (r.didYouMean?.length) {
    out.push('', c.magenta('Did you mean'));
    for (const ch of r.didYouMean) out.push(`  [${++k}] ${ch.label}`);
  }
  for (const ch of r.actions) out.push(`  [${++k}] ${ch.label}`);
  return out.join('\n');
};

/** The buttons of a reply in the order renderTerminal numbers them. */
export const terminalChoices = (r: Reply) => [
  ...(r.question?.choices ?? []),
  ...(r.didYouMean ?? []),
  ...r.actions,
];
