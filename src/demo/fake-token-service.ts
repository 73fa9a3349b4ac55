// A loopback username/password token service (the contract in the README, "Token services"):
// JWT access tokens with `exp`, rotating refresh tokens grouped in families with reuse detection
// (a rotated token presented again → 401 and the whole family revoked, as careful servers do),
// a ws-token endpoint, configurable lifetimes and switchable faults. The demo ships it; tests
// use the same peer.
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonDialect, type Fault } from './faults.js';
import { listenOnLoopback, type LoopbackServer } from './loopback.js';

interface RefreshGrant {
  family: string;
  username: string;
  expiresAt: number;
  /** Spent by a rotation: presenting it again is reuse. */
  used: boolean;
}

/** Faults in the service's words: `{ "detail": … }`, as Django REST framework answers. */
const TOKEN_SERVICE_DIALECT = jsonDialect('detail', { access: 'sample.access.token', refresh: 'sample.refresh.token' });

const PATHS = { token: '/api/v1/token/', refresh: '/api/v1/token/refresh/', ws: '/api/v1/ws-token/' };

export class FakeTokenService {
  private server: LoopbackServer | undefined;
  private readonly key = randomBytes(32);
  private readonly users = new Map<string, string>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly accessTokens = new Map<string, { family: string; expiresAt: number }>();
  private readonly revokedFamilies = new Set<string>();
  /** Transport faults queued for the next requests (failNext adds one). */
  readonly faults = new FaultQueue();
  /** Every request: path and the status it got ("drop" for a dropped connection). */
  readonly calls: { path: string; status: number | 'drop' | 'hang' }[] = [];
  url = '';
  accessSeconds = 15 * 60;
  refreshSeconds = 7 * 24 * 3600;
  /** Revoke a whole family when a rotated refresh token is presented again (off: only that token fails). */
  revokeOnReuse = true;
  /** Leave `exp` out of access tokens (clients then use their configured TTL). */
  accessWithoutExp = false;
  /** Put `iat` in the tokens (SimpleJWT does); without it a client can only go by the Date header. */
  issuedAtInTokens = true;
  now = () => Date.now();

  addUser(username: string, password: string): void {
    this.users.set(username, password);
  }

  /** Queues a fault for the next request (to `path`, when given). */
  failNext(fault: Fault, path?: string): void {
    this.faults.push(fault, path);
  }

  /** Refresh calls that reached the server (whatever they answered). */
  get refreshCalls(): number {
    return this.calls.filter((c) => c.path === PATHS.refresh).length;
  }

  /** Refuses every token of `username` from now on (a password change, an admin's revoke). */
  revokeUser(username: string): void {
    for (const grant of this.refreshTokens.values())
      if (grant.username === username) this.revokedFamilies.add(grant.family);
  }

  /** Forgets every access token issued so far (a server restart); refresh tokens still work. */
  dropAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Whether an access token is currently accepted. */
  accepts(access: string): boolean {
    const grant = this.accessTokens.get(access);
    return grant !== undefined && grant.expiresAt > this.now() && !this.revokedFamilies.has(grant.family);
  }

  /** A token pair for `username`, as the demo seeds its session. */
  issue(username: string): { access: string; refresh: string } {
    return this.pair(username, randomBytes(8).toString('hex'));
  }

  async start(): Promise<void> {
    this.server = await listenOnLoopback((req, res, body) => void this.handle(req, res, body));
    this.url = this.server.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private jwt(claims: Record<string, unknown>): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
    return `${head}.${createHmac('sha256', this.key).update(head).digest('base64url')}`;
  }

  private pair(username: string, family: string): { access: string; refresh: string } {
    const now = this.now();
    const accessExpiresAt = now + this.accessSeconds * 1000;
    const refreshExpiresAt = now + this.refreshSeconds * 1000;
    const jti = () => randomBytes(8).toString('hex');
    const iat = this.issuedAtInTokens ? { iat: Math.floor(now / 1000) } : {};
    const access = this.jwt({
      token_type: 'access',
      sub: username,
      jti: jti(),
      ...iat,
      ...(this.accessWithoutExp ? {} : { exp: Math.floor(accessExpiresAt / 1000) }),
    });
    const refresh = this.jwt({
      token_type: 'refresh',
      sub: username,
      jti: jti(),
      ...iat,
      exp: Math.floor(refreshExpiresAt / 1000),
    });
    this.accessTokens.set(access, { family, expiresAt: accessExpiresAt });
    this.refreshTokens.set(refresh, { family, username, expiresAt: refreshExpiresAt, used: false });
    return { access, refresh };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const served = await this.faults.serve(path, req, res, TOKEN_SERVICE_DIALECT);
    if (served !== undefined) return void this.calls.push({ path, status: served });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ path, status });
      if (res.destroyed) return;
      // The Date header from the server's own clock (tests set it minutes off the client's).
      res.writeHead(status, {
        'content-type': 'application/json',
        date: new Date(this.now()).toUTCString(),
        ...headers,
      });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, { detail: 'Method not allowed.' });
    let body: Record<string, unknown>;
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { detail: 'JSON parse error.' });
    }
    if (path === PATHS.token) {
      const { username, password } = body;
      if (typeof username !== 'string' || typeof password !== 'string' || this.users.get(username) !== password)
        return reply(401, { detail: 'No active account found with the given credentials' });
      return reply(200, this.pair(username, randomBytes(8).toString('hex')));
    }
    if (path === PATHS.refresh) {
      const grant = typeof body.refresh === 'string' ? this.refreshTokens.get(body.refresh) : undefined;
      if (!grant || this.revokedFamilies.has(grant.family) || grant.expiresAt <= this.now())
        return reply(401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
      if (grant.used) {
        // Reuse of a rotated token: someone else holds the family; revoke all of it.
        if (this.revokeOnReuse) this.revokedFamilies.add(grant.family);
        return reply(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });
      }
      grant.used = true;
      return reply(200, this.pair(grant.username, grant.family));
    }
    if (path === PATHS.ws) {
      const access = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!access || !this.accepts(access))
        return reply(401, { detail: 'Given token not valid for any token type', code: 'token_not_valid' });
      const expiresIn = 15 * 60;
      return reply(200, {
        ws_token: randomBytes(24).toString('base64url'),
        expires_at: new Date(this.now() + expiresIn * 1000).toISOString(),
        expires_in: expiresIn,
      });
    }
    return reply(404, { detail: 'Not found.' });
  }
}
