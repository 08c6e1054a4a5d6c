import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

// Facts read with their direction and negation: two messages with the same words and the
// opposite meaning must not get the same answer. Each pair: [message, entry it ranks first,
// the mirrored message, an entry it must not rank first].
const knowledge = await loadKnowledge();
const top = (message: string) => analyse(message, knowledge).causes[0]?.id;

describe('the ranking reads direction and negation', () => {
  it.each([
    [
      'fails on the server, works from other machines',
      'On the web server itself I get a password prompt for our intranet site; from other PCs it works fine.',
      'loopback-check',
      'Users on other PCs get a password prompt on our intranet site; on the server itself it works fine.',
      'loopback-check',
    ],
    [
      'behind a reverse proxy, or not',
      'Windows authentication does not work behind our nginx reverse proxy: the login box keeps coming back.',
      'proxy-breaks-ntlm',
      'Windows authentication keeps showing the login box; there is no proxy or load balancer, clients connect directly.',
      'proxy-breaks-ntlm',
    ],
    [
      'a script fails and browsers work, or the other way round',
      'Our Python script using requests gets 401 from the Windows-auth API; in the browser the same URL works.',
      'client-lacks-auth-protocol',
      'Browsers get 401 from the Windows-auth API; our Python script using requests works.',
      'client-lacks-auth-protocol',
    ],
    [
      'a site calling a site on its own server, or on another',
      'Site A calls site B with HttpClient and default credentials; both are on the same IIS server and B answers 401.',
      'loopback-check',
      'Site A on one server calls site B on another server with HttpClient and default credentials; B answers 401.',
      'loopback-check',
    ],
  ])('%s', (_, message, first, mirrored, notFirst) => {
    expect(top(message)).toBe(first);
    expect(top(mirrored)).not.toBe(notFirst);
  });
});
