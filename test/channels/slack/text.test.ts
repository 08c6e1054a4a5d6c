import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, mentions, normaliseSlackText } from '../../../src/channels/slack/text.js';

describe('normaliseSlackText', () => {
  it.each([
    ['<@U012AB3CD> why 401.2?', 'why 401.2?'],
    ['<@U012AB3CD|iis-triage> hi <@W999>', 'hi'],
    [
      'see <https://intranet.contoso.com/app|intranet.contoso.com/app> now',
      'see intranet.contoso.com/app now',
    ],
    ['raw <http://10.0.0.5/iisstart.htm>', 'raw http://10.0.0.5/iisstart.htm'],
    ['mail <mailto:ops@contoso.com|ops@contoso.com>', 'mail ops@contoso.com'],
    ['in <#C024BE7LR|it-help> <!here>', 'in #it-help'],
    [
      '&lt;authentication mode=&quot;Windows&quot;&gt; &amp;amp;',
      '<authentication mode=&quot;Windows&quot;> &amp;',
    ],
    ['a &lt; b and c &gt; d', 'a < b and c > d'],
  ])('reads %j as %j', (raw, text) =>
    expect(normaliseSlackText(raw)).toEqual({ text, truncated: false }),
  );

  it('keeps log lines intact, spaces and all', () => {
    const line =
      '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 2 5 15';
    expect(normaliseSlackText(`<@UBOT>\n${line}`).text).toBe(line);
  });

  it('reads only the first 40,000 characters of an oversized text and says so', () => {
    const r = normaliseSlackText('x'.repeat(MAX_TEXT_CHARS + 10));
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(MAX_TEXT_CHARS);
  });

  it('stays linear on pathological input', () => {
    const started = performance.now();
    normaliseSlackText('<'.repeat(20_000) + '|'.repeat(20_000));
    normaliseSlackText('<a|'.repeat(13_000));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('recognises a mention of a given user id', () => {
    expect(mentions('hey <@UBOT> look', 'UBOT')).toBe(true);
    expect(mentions('hey <@UBOT|bot> look', 'UBOT')).toBe(true);
    expect(mentions('hey <@UBOTX> look', 'UBOT')).toBe(false);
  });
});
