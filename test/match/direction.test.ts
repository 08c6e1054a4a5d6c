import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

// Facts read with their direction and negation: two messages with nearly the same words and the
// opposite meaning must not get the same answer. Each pair: a message, the entry it ranks first,
// and its mirror (same words, the fact turned round), where that entry must lose a clear share of
// its confidence; where the mirror's facts leave nothing for the entry, it must not stay first.
const knowledge = await loadKnowledge();
const ranked = (message: string) => analyse(message, knowledge).causes;
const scoreOf = (message: string, id: string) =>
  ranked(message).find((c) => c.id === id)?.score ?? 0;

describe('the ranking reads direction and negation', () => {
  it.each([
    [
      'fails on the server, works from other machines',
      'On the web server itself I get a password prompt for our intranet site; from other PCs it works fine.',
      'Users on other PCs get a password prompt on our intranet site; on the server itself it works fine.',
      'loopback-check',
      true,
    ],
    [
      'only Firefox prompts, or only IE',
      'Only Firefox users get a password box on the intranet; IE and Edge log in silently.',
      'Only IE users get a password box on the intranet; Firefox and Chrome log in silently.',
      'browser-autologon-zone',
      true,
    ],
    [
      'behind a reverse proxy, or not',
      'Windows authentication does not work behind our nginx reverse proxy: the login box keeps coming back.',
      'Windows authentication keeps showing the login box; there is no proxy or load balancer, clients connect directly.',
      'proxy-breaks-ntlm',
      false,
    ],
    [
      'a script fails and browsers work, or the other way round',
      'Our Python script using requests gets 401 from the Windows-auth API; in the browser the same URL works.',
      'Browsers get 401 from the Windows-auth API; our Python script using requests works.',
      'client-lacks-auth-protocol',
      false,
    ],
    [
      'a site calling a site on its own server, or on another',
      'Site A calls site B with HttpClient and default credentials; both are on the same IIS server and B answers 401.',
      'Site A on one server calls site B on another server with HttpClient and default credentials; B answers 401.',
      'loopback-check',
      false,
    ],
  ])('%s', (_, message, mirrored, id, flips) => {
    expect(ranked(message)[0]?.id).toBe(id);
    expect(scoreOf(mirrored, id)).toBeLessThan(0.75 * scoreOf(message, id));
    if (flips) expect(ranked(mirrored)[0]?.id).not.toBe(id);
  });
});
