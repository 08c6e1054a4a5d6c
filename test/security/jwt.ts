import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local RSA signing key, as Bot Framework's key service would publish it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: 'RSA'; kid: string; use: 'sig'; n: string; e: string };
}

export const makeKey = (kid: string): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kid, privateKey, jwk: { kty: 'RSA', kid, use: 'sig', n, e } };
};

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWT signed with `key`, its header naming `kid` (a forger may name a real key id). */
export const signToken = (
  claims: Record<string, unknown>,
  key: SigningKey,
  kid: string = key.kid,
): string => {
  const data = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  const signature = createSign('RSA-SHA256').update(data).sign(key.privateKey);
  return `${data}.${signature.toString('base64url')}`;
};

/** Claims of a channel token for `appId`, valid from a minute ago for an hour, unless overridden. */
export const channelClaims = (
  appId: string,
  serviceUrl: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> => {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://api.botframework.com',
    aud: appId,
    serviceurl: serviceUrl,
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...over,
  };
};

export interface KeyServer {
  /** The OpenID metadata URL to configure. */
  metadataUrl: string;
  /** Requests seen (metadata and keys). */
  hits: () => number;
  close(): Promise<void>;
}

/**
 * A local stand-in for login.botframework.com: OpenID metadata pointing at a JWKS of `keys`.
 * `mode: 'hang'` accepts connections and never answers (a network black hole).
 */
export const startKeyServer = async (
  keys: SigningKey[],
  mode: 'serve' | 'hang' = 'serve',
): Promise<KeyServer> => {
  let hits = 0;
  let base = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits += 1;
    if (mode === 'hang') return;
    // restify (loaded in this worker) patches writeHead: no chaining
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/openid`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
