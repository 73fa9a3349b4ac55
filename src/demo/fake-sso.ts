// A loopback AWS IAM Identity Center: the SSO OIDC device flow (RegisterClient,
// StartDeviceAuthorization, CreateToken with authorization_pending / slow_down / expired_token /
// access_denied, refresh tokens) and the portal's GetRoleCredentials / ListAccounts, speaking the
// real REST-JSON shapes. Role credentials are minted by the FakeSts it is given, so tools can use
// them against that STS. Reached through AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.
// The demo ships it; tests use the same peer.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonDialect, type Fault } from './faults.js';
import { listenOnLoopback, type LoopbackServer } from './loopback.js';
import type { FakeSts } from './fake-sts.js';

export interface FakeAssignment {
  accountId: string;
  accountName: string;
  roleName: string;
}

interface DeviceGrant {
  clientId: string;
  userCode: string;
  expiresAt: number;
  state: 'pending' | 'approved' | 'denied';
  lastPoll: number;
}

interface Token {
  expiresAt: number;
}

/** Faults in the portal's words: `{ "message": … }`, 429 for a throttle. */
const SSO_DIALECT = jsonDialect('message', {
  roleCredentials: { accessKeyId: 'ASIASAMPLE', secretAccessKey: 'sample', sessionToken: 'sample', expiration: 0 },
});

export class FakeSso {
  private server: LoopbackServer | undefined;
  private readonly clients = new Map<string, string>();
  private readonly grants = new Map<string, DeviceGrant>();
  private readonly tokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly assignments: FakeAssignment[] = [];
  /** Transport faults queued for the next requests (failNext adds one). */
  readonly faults = new FaultQueue();
  readonly calls: { path: string; status: number }[] = [];
  url = '';
  /** Seconds between polls the server asks for (fractions speed tests up). */
  interval = 1;
  /** Lifetime of device codes and access tokens, in seconds. */
  deviceCodeSeconds = 600;
  tokenSeconds = 8 * 3600;
  /** Approve every device code this many ms after it is issued (the demo's "browser"). */
  autoApproveMs: number | undefined;
  /** Issue refresh tokens (AWS does when the client registers with sso:account:access). */
  refreshTokensEnabled = true;
  now = () => Date.now();

  constructor(private readonly sts: FakeSts) {}

  assign(assignment: FakeAssignment): void {
    this.assignments.push(assignment);
  }

  /** Takes an assignment away (an administrator removed it). */
  unassign(accountId: string, roleName: string): void {
    const at = this.assignments.findIndex((a) => a.accountId === accountId && a.roleName === roleName);
    if (at >= 0) this.assignments.splice(at, 1);
  }

  /** The most a list page holds, whatever max_result asks (AWS pages at its own limits too). */
  pageSize = 100;

  /** One page of `items` from `next_token` (an offset here; opaque to clients), and the next token. */
  private page<T>(items: T[], url: URL): { items: T[]; nextToken?: string } {
    const from = Number(url.searchParams.get('next_token') ?? 0) || 0;
    const size = Math.min(this.pageSize, Number(url.searchParams.get('max_result') ?? this.pageSize) || this.pageSize);
    const to = from + size;
    return { items: items.slice(from, to), ...(to < items.length ? { nextToken: String(to) } : {}) };
  }

  /** What the user's browser does at the verification page. */
  approve(userCode: string): void {
    const grant = [...this.grants.values()].find((g) => g.userCode === userCode);
    if (!grant) throw new Error(`no device code for user code ${userCode}`);
    grant.state = 'approved';
  }

  deny(userCode: string): void {
    const grant = [...this.grants.values()].find((g) => g.userCode === userCode);
    if (grant) grant.state = 'denied';
  }

  /** Invalidates every access token (as signing out of the portal does). */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** The next request (to `path`, when given) meets this fault, once. */
  failNext(fault: Fault, path?: string): void {
    this.faults.push(fault, path);
  }

  /** A valid access token, as the demo seeds its provider session. */
  mintToken(seconds = this.tokenSeconds): string {
    const token = `aoa${randomBytes(24).toString('hex')}`;
    this.tokens.set(token, { expiresAt: this.now() + seconds * 1000 });
    return token;
  }

  /** Credentials of a permission set, minted by the STS so tools can use them. */
  roleCredentials(
    accountId: string,
    roleName: string,
    seconds: number,
  ): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number } {
    const minted = this.sts.mint(
      {
        roleArn: `arn:aws:iam::${accountId}:role/AWSReservedSSO_${roleName}_${accountId.slice(0, 6)}`,
        sessionName: 'sso-user',
      },
      seconds,
    );
    return {
      accessKeyId: minted.accessKeyId,
      secretAccessKey: minted.secretAccessKey,
      sessionToken: minted.sessionToken,
      expiration: Date.parse(minted.expiration),
    };
  }

  async start(): Promise<string> {
    this.server = await listenOnLoopback((req, res, body) => void this.handle(req, res, body.toString('utf8')));
    this.url = this.server.url;
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private json(res: ServerResponse, path: string, status: number, body: unknown): void {
    this.calls.push({ path, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** OIDC errors use `error`; portal errors use AWS's `message` plus an error type header. */
  private oidcError(res: ServerResponse, path: string, status: number, error: string, description: string): void {
    this.json(res, path, status, { error, error_description: description });
  }

  private portalError(res: ServerResponse, path: string, status: number, type: string, message: string): void {
    this.calls.push({ path, status });
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ message }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    const served = await this.faults.serve(path, req, res, SSO_DIALECT);
    if (served !== undefined) return void this.calls.push({ path, status: typeof served === 'number' ? served : 0 });
    let input: Record<string, string>;
    try {
      input = body ? (JSON.parse(body) as Record<string, string>) : {};
    } catch {
      return this.oidcError(res, path, 400, 'invalid_request', 'body is not JSON');
    }
    if (req.method === 'POST' && path === '/client/register') {
      const clientId = `client-${randomBytes(8).toString('hex')}`;
      const clientSecret = randomBytes(32).toString('base64');
      this.clients.set(clientId, clientSecret);
      return this.json(res, path, 200, {
        clientId,
        clientSecret,
        clientIdIssuedAt: Math.floor(this.now() / 1000),
        clientSecretExpiresAt: Math.floor(this.now() / 1000) + 90 * 86400,
      });
    }
    if (req.method === 'POST' && path === '/device_authorization') {
      if (this.clients.get(input.clientId ?? '') !== input.clientSecret)
        return this.oidcError(res, path, 401, 'invalid_client', 'unknown client');
      if (!input.startUrl) return this.oidcError(res, path, 400, 'invalid_request', 'startUrl is required');
      const deviceCode = randomBytes(24).toString('hex');
      const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
      const grant: DeviceGrant = {
        clientId: input.clientId as string,
        userCode,
        expiresAt: this.now() + this.deviceCodeSeconds * 1000,
        state: 'pending',
        lastPoll: 0,
      };
      this.grants.set(deviceCode, grant);
      if (this.autoApproveMs !== undefined)
        setTimeout(
          () => (grant.state = grant.state === 'pending' ? 'approved' : grant.state),
          this.autoApproveMs,
        ).unref();
      return this.json(res, path, 200, {
        deviceCode,
        userCode,
        verificationUri: `${this.url}/start/device`,
        verificationUriComplete: `${this.url}/start/device?user_code=${userCode}`,
        expiresIn: this.deviceCodeSeconds,
        interval: this.interval,
      });
    }
    if (req.method === 'GET' && path === '/start/device') {
      // The verification page: opening the complete URL approves, as a signed-in user would.
      const code = url.searchParams.get('user_code') ?? '';
      try {
        this.approve(code);
      } catch {
        return this.json(res, path, 404, { message: 'unknown code' });
      }
      return this.json(res, path, 200, { approved: code });
    }
    if (req.method === 'POST' && path === '/token') return this.token(res, path, input);
    if (
      req.method === 'GET' &&
      ['/federation/credentials', '/assignment/accounts', '/assignment/roles'].includes(path)
    ) {
      const token = this.tokens.get(String(req.headers['x-amz-sso_bearer_token'] ?? ''));
      if (!token || token.expiresAt <= this.now())
        return this.portalError(res, path, 401, 'UnauthorizedException', 'Session token not found or invalid');
      if (path === '/assignment/accounts') {
        const seen = new Map(this.assignments.map((a) => [a.accountId, a.accountName]));
        const { items, nextToken } = this.page([...seen], url);
        return this.json(res, path, 200, {
          accountList: items.map(([accountId, accountName]) => ({
            accountId,
            accountName,
            emailAddress: `${accountName}@example.com`,
          })),
          ...(nextToken ? { nextToken } : {}),
        });
      }
      if (path === '/assignment/roles') {
        const accountId = url.searchParams.get('account_id') ?? '';
        const roles = this.assignments.filter((a) => a.accountId === accountId);
        const { items, nextToken } = this.page(roles, url);
        return this.json(res, path, 200, {
          roleList: items.map((a) => ({ accountId: a.accountId, roleName: a.roleName })),
          ...(nextToken ? { nextToken } : {}),
        });
      }
      const accountId = url.searchParams.get('account_id') ?? '';
      const roleName = url.searchParams.get('role_name') ?? '';
      if (!this.assignments.some((a) => a.accountId === accountId && a.roleName === roleName))
        return this.portalError(res, path, 403, 'ForbiddenException', 'No access');
      const seconds = Math.max(60, Math.min(3600, Math.floor((token.expiresAt - this.now()) / 1000)));
      return this.json(res, path, 200, { roleCredentials: this.roleCredentials(accountId, roleName, seconds) });
    }
    return this.json(res, path, 404, { message: `no route ${req.method} ${path}` });
  }

  private token(res: ServerResponse, path: string, input: Record<string, string>): void {
    if (this.clients.get(input.clientId ?? '') !== input.clientSecret)
      return this.oidcError(res, path, 401, 'invalid_client', 'unknown client');
    const issue = () => {
      const accessToken = this.mintToken();
      const body: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn: this.tokenSeconds };
      if (this.refreshTokensEnabled) {
        const refreshToken = `aor${randomBytes(24).toString('hex')}`;
        this.refreshTokens.set(refreshToken, input.clientId as string);
        body.refreshToken = refreshToken;
      }
      this.json(res, path, 200, body);
    };
    if (input.grantType === 'refresh_token') {
      // Refresh tokens rotate: each one works once.
      if (this.refreshTokens.get(input.refreshToken ?? '') !== input.clientId)
        return this.oidcError(res, path, 400, 'invalid_grant', 'refresh token is invalid or was already used');
      this.refreshTokens.delete(input.refreshToken as string);
      return issue();
    }
    if (input.grantType !== 'urn:ietf:params:oauth:grant-type:device_code')
      return this.oidcError(res, path, 400, 'unsupported_grant_type', String(input.grantType));
    const grant = this.grants.get(input.deviceCode ?? '');
    if (!grant || grant.clientId !== input.clientId)
      return this.oidcError(res, path, 400, 'invalid_grant', 'unknown device code');
    if (grant.expiresAt <= this.now())
      return this.oidcError(res, path, 400, 'expired_token', 'the device code has expired');
    if (grant.state === 'denied') return this.oidcError(res, path, 400, 'access_denied', 'the user denied the request');
    if (grant.state === 'pending') {
      const tooSoon = this.now() - grant.lastPoll < this.interval * 1000 * 0.8;
      grant.lastPoll = this.now();
      return this.oidcError(res, path, 400, tooSoon ? 'slow_down' : 'authorization_pending', 'waiting for the user');
    }
    this.grants.delete(input.deviceCode as string);
    return issue();
  }
}
