// A git server over smart HTTPS on loopback: `git http-backend` (git's own CGI) behind a small
// HTTPS server that lets a request through only with HTTP Basic credentials whose password is
// the expected token, and answers 401 (Basic challenge) otherwise, as a forge does.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export class GitHttpServer {
  private server: Server | undefined;
  /** The password a request must carry; the user name is not checked. */
  token = '';
  /** The Authorization headers seen (for tests that check what git sent). */
  readonly seen: string[] = [];

  constructor(
    private readonly root: string,
    private readonly tls: { key: string; cert: string },
  ) {}

  /** A bare repository `name` with one commit holding README (content given). */
  static makeRepo(root: string, name: string, content: string): void {
    const work = join(root, `${name}-work`);
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, {
        cwd,
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          HOME: root,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
        stdio: 'ignore',
      });
    git(root, 'init', '--bare', '--initial-branch=main', `${name}.git`);
    git(root, 'init', '--initial-branch=main', work);
    execFileSync('sh', ['-c', `printf '%s' "$1" > README`, 'sh', content], { cwd: work });
    git(work, 'add', 'README');
    git(work, 'commit', '-m', 'first');
    git(work, 'push', join(root, `${name}.git`), 'main');
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer(this.tls, (req, res) => {
      const auth = req.headers.authorization ?? '';
      this.seen.push(auth);
      const password = auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':')
        : undefined;
      if (!this.token || password !== this.token) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="forge"' });
        res.end('authentication required');
        return;
      }
      const url = new URL(req.url ?? '/', 'https://x');
      const cgi = spawn('git', ['http-backend'], {
        env: {
          PATH: process.env.PATH,
          GIT_PROJECT_ROOT: this.root,
          GIT_HTTP_EXPORT_ALL: '1',
          REQUEST_METHOD: req.method ?? 'GET',
          PATH_INFO: decodeURIComponent(url.pathname),
          QUERY_STRING: url.search.slice(1),
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          REMOTE_USER: 'git',
          REMOTE_ADDR: '127.0.0.1',
          ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
          ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        },
      });
      req.pipe(cgi.stdin);
      // The CGI answer: headers, a blank line, the body.
      let head = Buffer.alloc(0);
      let headersDone = false;
      cgi.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) return void res.write(chunk);
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        let status = 200;
        const headers: Record<string, string> = {};
        for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
          const at = line.indexOf(':');
          const name = line.slice(0, at).trim();
          const value = line.slice(at + 1).trim();
          if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
          else headers[name] = value;
        }
        res.writeHead(status, headers);
        res.write(head.subarray(end + 4));
      });
      cgi.on('close', () => res.end());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
