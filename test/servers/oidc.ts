// A real OpenID Provider (oidc-provider) on loopback: device flow, authorization code with PKCE
// to a loopback redirect (any port, as RFC 8252 §7.3 lets native clients), client credentials,
// refresh-token rotation, revocation, optional DPoP with nonces, and ID tokens signed with its own
// keys (published at its JWKS endpoint). It can be mounted under a path ("/{tenant}/v2.0") as
// Entra ID is. approveDevice() and signIn() play the user's browser through its own pages.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'authui';
export const MACHINE_CLIENT_ID = 'authui-machine';
export const MACHINE_CLIENT_SECRET = 'machine-secret-canary-5f1d0c';
/** A confidential desktop client (Google's kind: a secret that is sent, PKCE all the same). */
export const DESKTOP_CLIENT_ID = 'authui-desktop';
export const DESKTOP_CLIENT_SECRET = 'desktop-secret-canary-77e2a1';

export interface FakeOidcOptions {
  /** Mount the provider under a path, as Entra ID does with "/{tenant}/v2.0". */
  path?: string;
  /** DPoP (RFC 9449) offered, with server nonces required. */
  dpop?: boolean;
  /** Offer the revocation endpoint (RFC 7009); on by default. */
  revocation?: boolean;
  /** Authorization code lifetime in seconds. */
  codeTtl?: number;
  /** Access token lifetime in seconds (an hour unless set). */
  accessTokenTtl?: number;
  /** Claims every account carries besides sub and email (hd, tid, oid, roles…). */
  claims?: Record<string, unknown>;
  /**
   * Also serve Entra's multi-tenant document at /common/v2.0: this tenant's metadata with the
   * issuer as the template "…/{tenantid}/v2.0" (the path must be "/<tenant>/v2.0").
   */
  common?: boolean;
}

interface Page {
  status: number;
  location?: string;
  body: string;
}

export class FakeOidc {
  private server: Server | undefined;
  issuer = '';
  /** Requests that reached the provider, by path (without the mount path). */
  readonly requests: string[] = [];

  constructor(private readonly options: FakeOidcOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const mount = this.options.path ?? '';
    this.issuer = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${mount}`;
    const extra = this.options.claims ?? {};
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
        },
        {
          client_id: DESKTOP_CLIENT_ID,
          client_secret: DESKTOP_CLIENT_SECRET,
          application_type: 'native',
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: ['http://127.0.0.1/callback'],
        },
        {
          client_id: MACHINE_CLIENT_ID,
          client_secret: MACHINE_CLIENT_SECRET,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
          scope: 'api:read',
        },
      ],
      features: {
        deviceFlow: { enabled: true },
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        revocation: { enabled: this.options.revocation ?? true },
        dPoP: this.options.dpop
          ? { enabled: true, nonceSecret: Buffer.alloc(32, 7), requireNonce: () => true }
          : { enabled: false },
      },
      pkce: { required: () => true },
      // Claims go in the ID token too, as Google and Entra ID do (tid, hd, email).
      conformIdTokenClaims: false,
      scopes: ['openid', 'offline_access', 'email', 'profile', 'api:read'],
      claims: { openid: ['sub'], email: ['email'], profile: ['name', ...Object.keys(extra)] },
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@example.com`, name: `Ada ${sub}`, ...extra }),
      }),
      // Every grant may get a refresh token; each one works once (rotation).
      issueRefreshToken: async () => true,
      rotateRefreshToken: true,
      ttl: {
        AccessToken: this.options.accessTokenTtl ?? 3600,
        AuthorizationCode: this.options.codeTtl ?? 60,
        ClientCredentials: 600,
        IdToken: 3600,
        DeviceCode: 600,
        RefreshToken: 86400,
        Grant: 86400,
        Interaction: 600,
        Session: 86400,
      },
      loadExistingGrant: async (ctx: { oidc: { client?: { clientId: string }; session?: { accountId?: string } } }) => {
        // Consent is implied for the test client, so the browser only logs in.
        const { client, session } = ctx.oidc;
        if (!client || !session?.accountId) return undefined;
        const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
        grant.addOIDCScope('openid offline_access email profile');
        await grant.save();
        return grant;
      },
    });
    const handle = provider.callback();
    const origin = new URL(this.issuer).origin;
    this.server.on('request', (req: IncomingMessage & { originalUrl?: string }, res) => {
      const url = req.url ?? '/';
      if (this.options.common && url === '/common/v2.0/.well-known/openid-configuration') {
        void fetch(`${this.issuer}/.well-known/openid-configuration`)
          .then((r) => r.json() as Promise<Record<string, unknown>>)
          .then((doc) => {
            const template = `${origin}/{tenantid}/v2.0`;
            res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify({ ...doc, issuer: template }));
          });
        return;
      }
      if (mount && !url.startsWith(mount)) return void res.writeHead(404).end();
      // Mounted under a path: the provider reads the mount from originalUrl (as with express).
      req.originalUrl = url;
      req.url = url.slice(mount.length) || '/';
      this.requests.push(req.url.split('?')[0] as string);
      handle(req, res);
    });
    return this.issuer;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A browser with a cookie jar, which never follows redirects by itself. */
  private browser() {
    const jar = new Map<string, string>();
    return async (url: string, form?: Record<string, string>): Promise<Page> => {
      const response = await fetch(new URL(url, this.issuer), {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const [name, ...value] = (pair ?? '').split('=');
        if (name) jar.set(name.trim(), value.join('='));
      }
      return {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        body: await response.text(),
      };
    };
  }

  /**
   * Follows the provider's pages from `page` (login, consent, or refusing) until a redirect
   * leaves the provider (returned without visiting it: authui's loopback URL) or a page asks
   * nothing more (the device flow's success page).
   */
  private async interact(
    go: ReturnType<FakeOidc['browser']>,
    page: Page,
    login: string,
    deny: boolean,
  ): Promise<{ redirect?: string; page: Page }> {
    const origin = new URL(this.issuer).origin;
    for (let hops = 0; hops < 12; hops++) {
      if (page.location) {
        const next = new URL(page.location, this.issuer);
        if (next.origin !== origin) return { redirect: next.href, page };
        page = await go(next.href);
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
      if (deny && action?.includes('/interaction/')) {
        // devInteractions' abort: the user refuses (error=access_denied back to the client).
        page = await go(`${action.replace(/\/(login|confirm)$/, '')}/abort`);
        continue;
      }
      if (page.body.includes('name="login"') && action) {
        page = await go(action, { prompt: 'login', login, password: 'any' });
        continue;
      }
      if (page.body.includes('name="prompt" value="consent"') && action) {
        page = await go(action, { prompt: 'consent' });
        continue;
      }
      break;
    }
    return { page };
  }

  /** The user's browser on an authorization URL: log in (or refuse) and return the redirect to the client. */
  async signIn(authorizationUrl: string, opts: { login?: string; deny?: boolean } = {}): Promise<string> {
    const go = this.browser();
    const { redirect, page } = await this.interact(
      go,
      await go(authorizationUrl),
      opts.login ?? 'ada',
      opts.deny ?? false,
    );
    if (!redirect)
      throw new Error(`the sign-in did not come back to the client: HTTP ${page.status} ${page.body.slice(0, 200)}`);
    return redirect;
  }

  /** The user's browser: enter the code, confirm, log in as `login`. Returns the final page. */
  async approveDevice(verificationUri: string, userCode: string | undefined, login = 'ada'): Promise<string> {
    const go = this.browser();
    const xsrf = (html: string) => /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const device = new URL('device', `${this.issuer}/`).href;
    let page = await go(verificationUri);
    page = await go(device, { xsrf: xsrf(page.body), user_code: userCode ?? '' });
    page = await go(device, { xsrf: xsrf(page.body), user_code: userCode ?? '', confirm: 'yes' });
    return (await this.interact(go, page, login, false)).page.body;
  }
}

/** Delivers the provider's redirect to authui's loopback listener, as the browser would. */
export async function deliver(redirect: string): Promise<{ status: number; body: string }> {
  const response = await fetch(redirect);
  return { status: response.status, body: await response.text() };
}
