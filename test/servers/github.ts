// A loopback peer shaped like GitHub's OAuth (docs.github.com, "Authorizing OAuth apps"), as a
// GitHub Enterprise Server is laid out: the web flow and the device flow under /login, the REST
// API under /api/v3. It keeps GitHub's quirks: token-endpoint errors come with HTTP 200 and an
// `error` body (device polls included), tokens never expire and there is no refresh token, the
// user comes from GET /user and the primary verified email from GET /user/emails (only with the
// user:email scope), and revocation is DELETE /applications/{client_id}/grant with the client's
// Basic credentials. No discovery document: clients name the endpoints by hand.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GITHUB_CLIENT_ID = 'Iv1.authuitest';
export const GITHUB_CLIENT_SECRET = 'github-client-secret-canary-93ab';

interface DeviceGrant {
  userCode: string;
  scope: string;
  approved: boolean;
}

interface CodeGrant {
  challenge?: string;
  redirectUri: string;
  scope: string;
}

export class FakeGithub {
  private server: Server | undefined;
  url = '';
  readonly tokens = new Map<string, { scope: string; login: string }>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly codes = new Map<string, CodeGrant>();
  /** Requests by "METHOD path". */
  readonly requests: string[] = [];
  /** Whether the app has PKCE (some Enterprise Server versions do not check it). */
  requirePkce = true;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The user approves a device code at /login/device. */
  approve(userCode: string): void {
    for (const grant of this.devices.values()) if (grant.userCode === userCode) grant.approved = true;
  }

  private issue(scope: string): Record<string, string> {
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, { scope, login: 'octo-ada' });
    // No expires_in and no refresh_token: classic OAuth app tokens live until revoked.
    return { access_token: token, token_type: 'bearer', scope };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(req.headers['content-type']?.includes('json') ? '' : raw);
    const json = (status: number, body: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    // GitHub's token endpoint answers errors with 200.
    const oauthError = (error: string) => json(200, { error, error_description: `${error} (fake GitHub)` });

    if (req.method === 'POST' && url.pathname === '/login/device/code') {
      if (form.get('client_id') !== GITHUB_CLIENT_ID) return json(404, { error: 'Not Found' });
      const deviceCode = randomBytes(20).toString('hex');
      const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
      this.devices.set(deviceCode, { userCode, scope: form.get('scope') ?? '', approved: false });
      return json(200, {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: `${this.url}/login/device`,
        expires_in: 900,
        interval: 1,
      });
    }
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      // The signed-in user approves at once; the browser is sent back with a code.
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      const code = randomBytes(10).toString('hex');
      this.codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? undefined,
        redirectUri: redirect.href,
        scope: url.searchParams.get('scope') ?? '',
      });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
      return void res.writeHead(302, { location: redirect.href }).end();
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      if (form.get('client_id') !== GITHUB_CLIENT_ID && !basicClient(req))
        return oauthError('incorrect_client_credentials');
      const grantType = form.get('grant_type');
      if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
        const grant = this.devices.get(form.get('device_code') ?? '');
        if (!grant) return oauthError('expired_token');
        if (!grant.approved) return oauthError('authorization_pending');
        this.devices.delete(form.get('device_code') ?? '');
        return json(200, this.issue(grant.scope));
      }
      if (grantType === 'authorization_code') {
        const grant = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        if (!grant || grant.redirectUri !== form.get('redirect_uri')) return oauthError('bad_verification_code');
        const verifier = form.get('code_verifier');
        if (this.requirePkce || grant.challenge) {
          const expected = verifier ? createHash('sha256').update(verifier).digest('base64url') : undefined;
          if (!grant.challenge || expected !== grant.challenge) return oauthError('bad_verification_code');
        }
        return json(200, this.issue(grant.scope));
      }
      return oauthError('unsupported_grant_type');
    }
    const token = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const holder = token ? this.tokens.get(token) : undefined;
    if (req.method === 'GET' && url.pathname === '/api/v3/user') {
      if (!holder) return json(401, { message: 'Bad credentials' });
      return json(200, { login: holder.login, id: 4242, name: 'Ada Octo', email: null });
    }
    if (req.method === 'GET' && url.pathname === '/api/v3/user/emails') {
      if (!holder) return json(401, { message: 'Bad credentials' });
      if (!holder.scope.split(/[ ,]/).includes('user:email')) return json(404, { message: 'Not Found' });
      return json(200, [
        { email: 'old@example.com', primary: false, verified: true },
        { email: 'ada@octo.example.com', primary: true, verified: true },
      ]);
    }
    const grantPath = `/api/v3/applications/${encodeURIComponent(GITHUB_CLIENT_ID)}/grant`;
    if (req.method === 'DELETE' && url.pathname === grantPath) {
      if (!basicClient(req)) return json(401, { message: 'Requires authentication' });
      const body = JSON.parse(raw || '{}') as { access_token?: string };
      if (!body.access_token || !this.tokens.delete(body.access_token))
        return json(422, { message: 'Validation Failed' });
      return void res.writeHead(204).end();
    }
    return json(404, { message: 'Not Found' });
  }
}

function basicClient(req: IncomingMessage): boolean {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!basic) return false;
  const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
  return decodeURIComponent(id ?? '') === GITHUB_CLIENT_ID && decodeURIComponent(secret ?? '') === GITHUB_CLIENT_SECRET;
}
