import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/match/text.js';

describe('tokenize', () => {
  it.each([
    ['fails over HTTP/2, works with --http1.1', ['http2', 'http11']],
    ['only since TLS 1.3 was enabled', ['tls13']],
    ['IIS 6 on Windows Server 2003', ['iis6', 'server2003']],
    ['IIS 7.5', ['iis75']],
    ['the client sends NTLMv2', ['ntlm2']],
  ])('reads a name with its version as one token too: %s', (text, tokens) => {
    const got = tokenize(text);
    for (const t of tokens) expect(got).toContain(t);
    // the bare name stays, for messages that give no version
    for (const t of tokens) expect(got).toContain(t.replace(/\d+$/, ''));
  });

  it('keeps bare numbers out (codes are read by the reader) and does not undouble digits', () => {
    expect(tokenize('error 401 after 2011 on HTTP/1.1')).toEqual(['error', 'http', 'http11']);
  });
});
