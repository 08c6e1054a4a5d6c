import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/extract/index.js';

describe('normalise', () => {
  it.each([
    ['<p>HTTP Error 401.2</p><p>second</p>', '\nHTTP Error 401.2\n\nsecond\n'],
    ['line one<br>line two<br/>three', 'line one\nline two\nthree'],
    ['<div>a</div><div><span>b</span></div>', '\na\n\nb\n'],
    ['<at>Triage Bot</at> why 401.1?', ' why 401.1?'],
    ['a&nbsp;b &amp; c &lt;d&gt; &#8211; &#x2014; &quot;q&quot;', 'a b & c <d> - - "q"'],
    ['&lt;p&gt;kept as text', '<p>kept as text'],
    [
      'HTTP Error 401.2 \u2013 Unauthorized \u2014 x \u2212 y',
      'HTTP Error 401.2 - Unauthorized - x - y',
    ],
    ['\u201cquoted\u201d and \u2018single\u2019', '"quoted" and \'single\''],
    ['a\u00a0b\u202fc\u200bd\ufeff', 'a b cd'],
    ['one\r\ntwo\rthree', 'one\ntwo\nthree'],
    ['text\n```\n401 2 5\n```\nafter', 'text\n\n401 2 5\n\nafter'],
    ['```log\nline\n~~~', '\nline\n'],
    ['[10.100.220.70](http://10.100.220.70) GET', '10.100.220.70 GET'],
    ['if a<b and c>d', 'if a<b and c>d'],
  ])('normalises %j', (input, output) => {
    expect(normalise(input).text).toBe(output);
  });

  it('keeps a lone "<" run as text and stays linear', () => {
    const input = '<'.repeat(50_000) + 'a'.repeat(10) + '<p';
    expect(normalise(input).text).toBe(input);
  });

  it('cuts the input at maxChars and says so', () => {
    expect(normalise('abcdef', 3)).toEqual({ text: 'abc', truncated: true });
    expect(normalise('abc', 3)).toEqual({ text: 'abc', truncated: false });
  });

  it('treats a non-string as empty', () => {
    expect(normalise(undefined as unknown as string)).toEqual({ text: '', truncated: false });
  });
});
