import type { Sample } from './schema.js';

/**
 * An address or citation as one group: a thread's URL without scheme, "www.", query, fragment or
 * trailing slash (a GitHub issue, pull request or discussion cut to its number), or a seed comment.
 */
export const groupOf = (source: string): string => {
  const comment = /^(?:seed )?comment (\d+)$/i.exec(source.trim());
  if (comment) return `seed comment ${comment[1]}`;
  let u = source
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '');
  u = u.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const gh = /^github\.com\/([^/]+)\/([^/]+)\/(issues|pull|discussions)\/(\d+)/.exec(u);
  if (gh) u = `github.com/${gh[1]}/${gh[2]}/${gh[3] === 'pull' ? 'issues' : gh[3]}/${gh[4]}`;
  return u;
};

/** The group of an entry's sample: its source, or the sample alone when it names none. */
export const sampleGroup = (entry: string, index: number, sample: Sample): string =>
  sample.source ? groupOf(sample.source) : `sample ${entry}#${index + 1}`;
