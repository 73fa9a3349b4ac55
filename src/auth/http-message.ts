// Headers and Response as authui reads them, without Node's fetch: loading undici costs a process
// 10–20 MB (docs/architecture.md, "HTTP").
// oauth4webapi's bundle is built against these two classes (scripts/build.mjs); it recognises a
// Response by its toStringTag, as it does across realms, so Node's own pass as well in tests.

/** A header name: an HTTP token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What no header value may hold: a line break would start another header. */
const UNSAFE_VALUE = /[\r\n\0]/;

export type HeadersInit = Headers | Record<string, string> | Iterable<readonly [string, string]>;

export class Headers {
  /** Lower-case name → value (repeated headers joined with ", ", as fetch joins them). */
  readonly #values = new Map<string, string>();
  /** Set-Cookie values one by one: joined, a cookie's own commas would blur them. */
  #cookies: string[] = [];

  constructor(init?: HeadersInit) {
    if (init === undefined) return;
    if (init instanceof Headers) {
      for (const [name, value] of init.#values) this.#values.set(name, value);
      this.#cookies = [...init.#cookies];
      return;
    }
    const pairs = Symbol.iterator in init ? (init as Iterable<readonly [string, string]>) : Object.entries(init);
    for (const [name, value] of pairs) this.append(name, value);
  }

  append(name: string, value: string): void {
    const key = checkedName(name);
    const clean = checkedValue(value);
    const before = this.#values.get(key);
    this.#values.set(key, before === undefined ? clean : `${before}, ${clean}`);
    if (key === 'set-cookie') this.#cookies.push(clean);
  }

  set(name: string, value: string): void {
    this.delete(name);
    this.append(name, value);
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    this.#values.delete(key);
    if (key === 'set-cookie') this.#cookies = [];
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  /** Sorted by name, as the Fetch standard lists them. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) yield [name, this.#values.get(name) as string];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(fn: (value: string, name: string, headers: Headers) => void): void {
    for (const [name, value] of this.entries()) fn(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

function checkedName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`"${name.replace(/[^\x20-\x7e]/g, '?')}" is not a header name`);
  return name.toLowerCase();
}

function checkedValue(value: string): string {
  const text = String(value);
  if (UNSAFE_VALUE.test(text)) throw new TypeError('A header value may not hold a line break or NUL');
  return text.trim();
}

export interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

/** An answer whose body has been read whole (fetch.ts reads it, with a limit) before it is handed on. */
export class Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly #body: Uint8Array;
  #used = false;

  constructor(body?: string | Uint8Array | null, init: ResponseInit = {}, url = '') {
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new Headers(init.headers);
    this.url = url;
    this.#body = typeof body === 'string' ? Buffer.from(body) : (body ?? new Uint8Array());
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** UTF-8, as fetch decodes it: a byte-order mark dropped, malformed bytes replaced. */
  async text(): Promise<string> {
    if (this.#used) throw new TypeError('The body has been read already');
    this.#used = true;
    return new TextDecoder().decode(this.#body);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  clone(): Response {
    if (this.#used) throw new TypeError('The body has been read already');
    return new Response(this.#body, this, this.url);
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}

/** The statuses that send a request elsewhere (a `location`). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** What a request may carry: authui sends text, forms and bytes, never streams. */
export interface FetchInit {
  method?: string;
  headers?: Headers | Record<string, string>;
  body?: string | URLSearchParams | Uint8Array | null;
  /** Redirects are never followed by the transport (redirects.ts follows them); "error" refuses one. */
  redirect?: 'manual' | 'error';
  signal?: AbortSignal | null;
}

/** What authui reads of an answer; Node's own Response has all of it, so tests may hand in its fetch. */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Iterable<[string, string]> & { get(name: string): string | null; has(name: string): boolean };
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export type Fetch = (url: string | URL, init?: FetchInit) => Promise<HttpAnswer>;
