// Loopback stand-ins for the API-key vendors, shaped like their documented endpoints: OpenAI
// (`GET /v1/models`, its error object, organization/project headers), Anthropic (`GET
// /v1/models` with x-api-key and anthropic-version, `authentication_error`), Hugging Face
// (`GET /api/whoami-v2` with orgs and the token's role) and a generic API (`GET /me`). Each
// vendor lives under its own prefix: `${url}/openai/v1`, `${url}/anthropic`, `${url}/hf`,
// `${url}/generic`. Faults can be queued. The demo ships it; tests use the same peer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback.js';

type Fault = { status: number; retryAfter?: number };

export class FakeVendors {
  private server: LoopbackServer | undefined;
  readonly openai = new Map<string, { organization?: string; projects?: string[]; models?: boolean }>();
  readonly anthropic = new Set<string>();
  readonly hf = new Map<string, { user: string; orgs: string[]; role: 'read' | 'write' | 'fineGrained' }>();
  /** Generic API keys, with the header they must come in (name lower-cased, full value). */
  readonly generic = new Map<string, { header: string; value: string }>();
  private readonly faults: Fault[] = [];
  readonly calls: { path: string; status: number }[] = [];
  url = '';

  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  async start(): Promise<void> {
    this.server = await listenOnLoopback((req, res) => this.handle(req, res));
    this.url = this.server.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ path, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const fault = this.faults.shift();
    if (fault)
      return send(
        fault.status,
        { error: 'injected' },
        fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {},
      );
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.method === 'GET' && path === '/openai/v1/models') return this.openaiModels(req, bearer, send);
    if (req.method === 'GET' && path === '/anthropic/v1/models') {
      if (req.headers['anthropic-version'] !== '2023-06-01')
        return send(400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'anthropic-version header is required' },
        });
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || !this.anthropic.has(key))
        return send(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return send(200, {
        data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5' }],
        has_more: false,
      });
    }
    if (req.method === 'GET' && path === '/hf/api/whoami-v2') {
      const token = bearer ? this.hf.get(bearer) : undefined;
      if (!token) return send(401, { error: 'Invalid credentials in Authorization header' });
      return send(200, {
        type: 'user',
        name: token.user,
        fullname: token.user,
        orgs: token.orgs.map((name) => ({ type: 'org', name, fullname: name })),
        auth: { type: 'access_token', accessToken: { displayName: 'authui', role: token.role } },
      });
    }
    if (req.method === 'GET' && path === '/generic/me') {
      const ok = [...this.generic.values()].some((g) => req.headers[g.header] === g.value);
      return ok ? send(200, { ok: true }) : send(401, { message: 'unauthorized' });
    }
    send(404, { error: 'not found' });
  }

  private openaiModels(req: IncomingMessage, bearer: string | undefined, send: (s: number, b: unknown) => void) {
    const error = (status: number, code: string, message: string) =>
      send(status, { error: { message, type: 'invalid_request_error', param: null, code } });
    const key = bearer ? this.openai.get(bearer) : undefined;
    // The real message quotes part of the key; so does this one, so tests prove authui never shows it.
    if (!key)
      return error(
        401,
        'invalid_api_key',
        `Incorrect API key provided: ${bearer?.slice(0, 6)}***${bearer?.slice(-4)}.`,
      );
    const org = req.headers['openai-organization'];
    if (org !== undefined && org !== key.organization)
      return error(401, 'mismatched_organization', 'OpenAI-Organization header should match organization for API key');
    const project = req.headers['openai-project'];
    if (project !== undefined && !key.projects?.includes(project as string))
      return error(401, 'mismatched_project', 'OpenAI-Project header should match project for API key');
    if (key.models === false)
      return error(403, 'insufficient_permissions', 'You have insufficient permissions for this operation.');
    send(200, {
      object: 'list',
      data: [
        { id: 'gpt-4o', object: 'model' },
        { id: 'gpt-4o-mini', object: 'model' },
      ],
    });
  }
}
