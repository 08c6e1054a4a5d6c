import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';

type Base = ConfigurationBotFrameworkAuthentication;
type AuthResult = Awaited<ReturnType<Base['authenticateRequest']>>;
type Claims = Parameters<Base['createUserTokenClient']>[0];
type UserTokenClient = Awaited<ReturnType<Base['createUserTokenClient']>>;
type ConnectorClient = Awaited<ReturnType<NonNullable<AuthResult['connectorFactory']>['create']>>;

/** Distinct service URLs (and identities) kept; the oldest is dropped beyond this. */
const MAX_CLIENTS = 256;

/** A small insertion-ordered cache: a hit moves to the back, the front is dropped when full. */
class Recent<T> {
  private readonly items = new Map<string, T>();
  get(key: string, make: () => T): T {
    const hit = this.items.get(key);
    if (hit !== undefined) {
      this.items.delete(key);
      this.items.set(key, hit);
      return hit;
    }
    const made = make();
    this.items.set(key, made);
    if (this.items.size > MAX_CLIENTS) this.items.delete(this.items.keys().next().value!);
    return made;
  }
  delete(key: string): void {
    this.items.delete(key);
  }
}

const identityOf = (claims: Claims | undefined): string =>
  ['aud', 'appid', 'azp', 'ver'].map((t) => String(claims?.getClaimValue(t) ?? '')).join('|');

/**
 * botbuilder's authentication, with the clients it builds for every turn reused: CloudAdapter
 * makes a ConnectorClient and a UserTokenClient (each a new HTTP pipeline) per activity, even when
 * the replies go back in the HTTP answer (expectReplies) and no user token is ever asked for.
 * Both are stateless apart from their credentials, which botbuilder caches by app id anyway.
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Recent<Promise<ConnectorClient>>();
  private readonly userTokens = new Recent<Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const identity = identityOf(result.claimsIdentity);
    return {
      ...result,
      connectorFactory: {
        create: (serviceUrl: string, audience?: string) => {
          const key = `${identity}\n${audience ?? ''}\n${serviceUrl}`;
          const client = this.connectors.get(key, () => factory.create(serviceUrl, audience));
          // a failed creation is not kept
          client.catch(() => this.connectors.delete(key));
          return client;
        },
      },
    };
  }

  override createUserTokenClient(claimsIdentity: Claims): Promise<UserTokenClient> {
    const key = identityOf(claimsIdentity);
    const client = this.userTokens.get(key, () => super.createUserTokenClient(claimsIdentity));
    client.catch(() => this.userTokens.delete(key));
    return client;
  }
}
