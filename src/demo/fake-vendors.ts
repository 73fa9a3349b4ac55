// Loopback stand-ins for the API-key vendors, shaped like their documented endpoints: OpenAI
// (`GET /v1/models`, its error object, organization/project headers), Anthropic (`GET
// /v1/models` with x-api-key and anthropic-version, `authentication_error`), Hugging Face
// (`GET /api/whoami-v2` with orgs and the token's role) and a generic API (`GET /me`). Each
// vendor lives under its own prefix: `${url}/openai/v1`, `${url}/anthropic`, `${url}/hf`,
// `${url}/generic`. Faults can be queued. The demo ships it; tests use the same peer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonDialect, type Fault } from './faults.js';
import { listenOnLoopback, type LoopbackServer } from './loopback.js';

/** Faults as the vendors word them: `{ "error": … }`, 429 for a throttle. */
const VENDOR_DIALECT = jsonDialect('error', { object: 'list', data: [{ id: 'sample-model', object: 'model' }] });

export class FakeVendors {
  private server: LoopbackServer | undefined;
  readonly openai = new Map<string, { organization?: string; projects?: string[]; models?: boolean }>();
  readonly anthropic = new Set<string>();
  readonly hf = new Map<string, { user: string; orgs: string[]; role: 'read' | 'write' | 'fineGrained' }>();
  /** Generic API keys, with the header they must come in (name lower-cased, full value). */
  readonly generic = new Map<string, { header: string; value: string }>();
  /** Transport faults queued for the next requests (failNext adds one). */
  readonly faults = new FaultQueue();
  readonly calls: { path: string; status: number }[] = [];
  url = '';

  /** The next request (to `path`, when given) meets this fault, once. */
  failNext(fault: Fault, path?: string): void {
    this.faults.push(fault, path);
  }

  async start(): Promise<void> {
    this.server = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = this.server.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ path, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const served = await this.faults.serve(path, req, res, VENDOR_DIALECT);
    if (served !== undefined) return void this.calls.push({ path, status: typeof served === 'number' ? served : 0 });
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
      // The Hub states its limits in the IETF RateLimit header fields.
      return send(
        200,
        {
          type: 'user',
          name: token.user,
          fullname: token.user,
          orgs: token.orgs.map((name) => ({ type: 'org', name, fullname: name })),
          auth: { type: 'access_token', accessToken: { displayName: 'authui', role: token.role } },
        },
        { 'ratelimit-policy': '"fixed window";"api";q=1000;w=300', ratelimit: '"api";r=999;t=300' },
      );
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
