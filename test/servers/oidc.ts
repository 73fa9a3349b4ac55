// A real OpenID Provider (oidc-provider) on loopback: device flow, refresh-token rotation, ID
// tokens signed with its own keys (published at its JWKS endpoint). approveDevice() plays the
// user's browser through the provider's own pages (code entry, confirmation, login, consent).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'authui';

export class FakeOidc {
  private server: Server | undefined;
  issuer = '';

  async start(): Promise<string> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          token_endpoint_auth_method: 'none',
          grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
          response_types: [],
          redirect_uris: [],
        },
      ],
      features: { deviceFlow: { enabled: true }, devInteractions: { enabled: true } },
      scopes: ['openid', 'offline_access', 'email'],
      claims: { openid: ['sub'], email: ['email'] },
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@example.com` }),
      }),
      // Every device grant may get a refresh token; each one works once (rotation).
      issueRefreshToken: async () => true,
      rotateRefreshToken: true,
      ttl: {
        AccessToken: 3600,
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
        grant.addOIDCScope('openid offline_access email');
        await grant.save();
        return grant;
      },
    });
    this.server.on('request', provider.callback());
    return this.issuer;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The user's browser: enter the code, confirm, log in as `login`. Returns the final page. */
  async approveDevice(verificationUri: string, userCode: string, login = 'ada'): Promise<string> {
    const jar = new Map<string, string>();
    const go = async (
      url: string,
      form?: Record<string, string>,
    ): Promise<{ status: number; location?: string; body: string }> => {
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
    const xsrf = (html: string) => /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    let page = await go(verificationUri);
    page = await go('/device', { xsrf: xsrf(page.body), user_code: userCode });
    page = await go('/device', { xsrf: xsrf(page.body), user_code: userCode, confirm: 'yes' });
    // Follow redirects through the login interaction until the success page.
    for (let hops = 0; hops < 10; hops++) {
      if (page.location) {
        page = await go(page.location);
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
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
    return page.body;
  }
}
