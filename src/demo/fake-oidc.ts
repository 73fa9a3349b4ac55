// The demo's OpenID Provider on loopback: discovery, an ES256 JWKS, the device flow (its
// "browser" approves each code after a few seconds, or at once when the link is opened), the
// authorization code flow with PKCE (the signed-in demo user approves at once, so opening the
// link in a real browser completes a sign-in), rotating refresh tokens, userinfo and revocation.
// Tests use oidc-provider, the real thing; this small peer keeps it out of the product's
// dependencies. Everything here is obviously fake.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Grant {
  sub: string;
  scope: string;
  nonce?: string;
}

const USER = { sub: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' };

export class FakeOidcProvider {
  private server: Server | undefined;
  issuer = '';
  /** Devices approve by themselves after this long (the demo's "browser"). */
  autoApproveMs = 3000;
  accessSeconds = 3600;
  private readonly key: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  private readonly kid = randomBytes(6).toString('hex');
  private readonly devices = new Map<string, { userCode: string; approved: boolean; scope: string }>();
  private readonly codes = new Map<string, Grant & { challenge: string; redirectUri: string }>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant & { expiresAt: number }>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this.issuer;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A token set as a sign-in would return it (the demo seeds its session with one). */
  issue(clientId: string, scope = 'openid offline_access email', nonce?: string): Record<string, unknown> {
    const grant: Grant = { sub: USER.sub, scope, ...(nonce ? { nonce } : {}) };
    const access = `demo-at-${randomBytes(16).toString('hex')}`;
    const refresh = `demo-rt-${randomBytes(16).toString('hex')}`;
    this.accessTokens.set(access, { ...grant, expiresAt: Date.now() + this.accessSeconds * 1000 });
    this.refreshTokens.set(refresh, grant);
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: this.accessSeconds,
      refresh_token: refresh,
      scope,
      id_token: this.idToken(clientId, grant),
    };
  }

  private idToken(clientId: string, grant: Grant): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = {
      iss: this.issuer,
      aud: clientId,
      iat: now,
      exp: now + 3600,
      ...USER,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    };
    const input = `${encode({ alg: 'ES256', typ: 'JWT', kid: this.kid })}.${encode(claims)}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  private metadata(): Record<string, unknown> {
    const at = (path: string) => `${this.issuer}${path}`;
    return {
      issuer: this.issuer,
      authorization_endpoint: at('/authorize'),
      token_endpoint: at('/token'),
      device_authorization_endpoint: at('/device/code'),
      userinfo_endpoint: at('/userinfo'),
      revocation_endpoint: at('/revoke'),
      jwks_uri: at('/jwks'),
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['none'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    const json = (status: number, body: unknown) =>
      void res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    const error = (code: string, status = 400) => json(status, { error: code });

    if (url.pathname === '/.well-known/openid-configuration') return json(200, this.metadata());
    if (url.pathname === '/jwks')
      return json(200, {
        keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' }],
      });
    if (req.method === 'POST' && url.pathname === '/device/code') {
      const deviceCode = randomBytes(16).toString('hex');
      const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
      const grant = { userCode, approved: false, scope: form.get('scope') ?? 'openid' };
      this.devices.set(deviceCode, grant);
      setTimeout(() => (grant.approved = true), this.autoApproveMs).unref();
      return json(200, {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: `${this.issuer}/device`,
        verification_uri_complete: `${this.issuer}/device?user_code=${userCode}`,
        expires_in: 600,
        interval: 1,
      });
    }
    if (req.method === 'GET' && url.pathname === '/device') {
      for (const grant of this.devices.values())
        if (grant.userCode === url.searchParams.get('user_code')) grant.approved = true;
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Approved</h1><p>Return to authui.</p>');
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      const challenge = url.searchParams.get('code_challenge');
      if (!challenge || url.searchParams.get('code_challenge_method') !== 'S256') {
        redirect.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(12).toString('hex');
        this.codes.set(code, {
          sub: USER.sub,
          scope: url.searchParams.get('scope') ?? 'openid',
          nonce: url.searchParams.get('nonce') ?? undefined,
          challenge,
          redirectUri: redirect.href,
        });
        redirect.searchParams.set('code', code);
      }
      redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
      redirect.searchParams.set('iss', this.issuer);
      return void res.writeHead(302, { location: redirect.href }).end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const clientId = form.get('client_id') ?? '';
      switch (form.get('grant_type')) {
        case 'urn:ietf:params:oauth:grant-type:device_code': {
          const grant = this.devices.get(form.get('device_code') ?? '');
          if (!grant) return error('expired_token');
          if (!grant.approved) return error('authorization_pending');
          this.devices.delete(form.get('device_code') ?? '');
          return json(200, this.issue(clientId, grant.scope));
        }
        case 'authorization_code': {
          const grant = this.codes.get(form.get('code') ?? '');
          this.codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (!grant || grant.redirectUri !== form.get('redirect_uri')) return error('invalid_grant');
          if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
            return error('invalid_grant');
          return json(200, this.issue(clientId, grant.scope, grant.nonce));
        }
        case 'refresh_token': {
          const token = form.get('refresh_token') ?? '';
          const grant = this.refreshTokens.get(token);
          if (!grant) return error('invalid_grant');
          this.refreshTokens.delete(token); // rotation: each refresh token works once
          return json(200, this.issue(clientId, grant.scope));
        }
        default:
          return error('unsupported_grant_type');
      }
    }
    if (url.pathname === '/userinfo') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const grant = this.accessTokens.get(token);
      if (!grant || grant.expiresAt < Date.now())
        return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return json(200, USER);
    }
    if (req.method === 'POST' && url.pathname === '/revoke') {
      const token = form.get('token') ?? '';
      this.refreshTokens.delete(token);
      this.accessTokens.delete(token);
      return void res.writeHead(200).end();
    }
    return error('not_found', 404);
  }
}
