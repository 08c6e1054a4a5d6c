import { describe, expect, it } from 'vitest';
import { cleanTeamsText, looksLikeHtml } from '../../../src/channels/teams/text.js';

describe('cleanTeamsText', () => {
  it.each([
    ['<at>iis-triage</at> 401.2 after the move', '401.2 after the move'],
    ['<p>first line</p><p>second&nbsp;line</p>', 'first line\nsecond line'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    [
      '<div>GET /app 401 2 5</div><div>GET /app 401 1 2148074254</div>',
      'GET /app 401 2 5\nGET /app 401 1 2148074254',
    ],
    [
      'if x &lt; 5 &amp;&amp; y &gt; 2 say &quot;hi&quot; &#39;ok&#39; &#x41;',
      'if x < 5 && y > 2 say "hi" \'ok\' A',
    ],
    [
      '<pre><code>#Fields: date time\n2024-01-01 10:00:00 401 2 5</code></pre>',
      '#Fields: date time\n2024-01-01 10:00:00 401 2 5',
    ],
    ['plain 401.1 text', 'plain 401.1 text'],
    ['   spaced \t out  ', 'spaced out'],
    ['&#0; &#xD800; &bogus; kept', '&#0; &#xD800; &bogus; kept'],
  ])('cleans %j', (raw, clean) => expect(cleanTeamsText(raw)).toBe(clean));

  it('keeps angle brackets that are not markup when the message has no HTML', () => {
    expect(looksLikeHtml('a <b c')).toBe(false);
    expect(cleanTeamsText('x <= y and 1 < 2')).toBe('x <= y and 1 < 2');
  });

  it('stays fast on hostile input', () => {
    const hostile = `${'<at'.repeat(60_000)}${'<p'.repeat(30_000)}${'&#'.repeat(30_000)}`;
    const started = performance.now();
    cleanTeamsText(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
