// Switchable transport faults, one vocabulary for every loopback peer (STS and IAM, IAM Identity
// Center, the token service, the API-key vendors): what real networks and overloaded servers do.
// A peer queues them with failNext and words the ones that carry a body in its own dialect.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Fault =
  /** A server error, with Retry-After when given. */
  | { kind: 'status'; status: 500 | 502 | 503; retryAfter?: number }
  /** The peer's "slow down": HTTP 429, or AWS's 400 `Throttling`. */
  | { kind: 'throttle'; retryAfter?: number }
  /** The connection reset before any answer. */
  | { kind: 'drop' }
  /** The normal answer, `ms` late. */
  | { kind: 'slow'; ms: number }
  /** No answer ever (the socket stays open until the client gives up or the peer stops). */
  | { kind: 'hang' }
  /** An HTML page where the protocol's document belongs (a proxy's or captive portal's page). */
  | { kind: 'html'; status?: number }
  /** The first half of a well-formed answer, then a clean end. */
  | { kind: 'truncated' };

/** How a peer words the faults that carry a body. */
export interface FaultDialect {
  /** The peer's error document for a server error or a throttle. */
  error(fault: { status: number; throttled: boolean }): { status: number; contentType: string; body: string };
  /** A well-formed answer of the peer's, which `truncated` cuts in half. */
  sample: { contentType: string; body: string };
}

export class FaultQueue {
  private readonly queued: { where?: string; fault: Fault }[] = [];

  /** The next request (to `where`, when given: a path or an action) meets `fault`, once. */
  push(fault: Fault, where?: string): void {
    this.queued.push({ where, fault });
  }

  /** Forgets the faults no request met. */
  clear(): void {
    this.queued.length = 0;
  }

  /**
   * Serves the next fault queued for `where`, if any. Resolves to the HTTP status it answered
   * with ('drop' or 'hang' for none), or undefined when the request should go on normally (no
   * fault, or a slow one whose delay is over).
   */
  async serve(
    where: string,
    req: IncomingMessage,
    res: ServerResponse,
    dialect: FaultDialect,
  ): Promise<number | 'drop' | 'hang' | undefined> {
    const index = this.queued.findIndex((q) => q.where === undefined || q.where === where);
    if (index < 0) return undefined;
    const [{ fault }] = this.queued.splice(index, 1) as [{ fault: Fault }];
    const send = (status: number, contentType: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': contentType, ...headers });
      res.end(body);
      return status;
    };
    switch (fault.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return undefined;
      case 'drop':
        req.socket.destroy();
        return 'drop';
      case 'hang':
        return 'hang';
      case 'html':
        return send(fault.status ?? 200, 'text/html', '<html><body><h1>Bad Gateway</h1></body></html>');
      case 'truncated': {
        const { contentType, body } = dialect.sample;
        return send(200, contentType, body.slice(0, Math.floor(body.length / 2)));
      }
      case 'status':
      case 'throttle': {
        const answer = dialect.error({
          status: fault.kind === 'status' ? fault.status : 429,
          throttled: fault.kind === 'throttle',
        });
        const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {};
        return send(answer.status, answer.contentType, answer.body, headers);
      }
    }
  }
}

/** The dialect of JSON services: `{ "<field>": message }` bodies, 429 for a throttle. */
export function jsonDialect(field: string, sample: unknown): FaultDialect {
  return {
    error: ({ status, throttled }) => ({
      status,
      contentType: 'application/json',
      body: JSON.stringify({ [field]: throttled ? 'Request was throttled.' : 'Service unavailable' }),
    }),
    sample: { contentType: 'application/json', body: JSON.stringify(sample) },
  };
}
