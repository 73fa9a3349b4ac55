// A real container registry (Debian's docker-registry, the CNCF distribution registry) on
// loopback HTTPS, with token authentication as Docker Hub, GHCR and ECR's front ends do it: the
// registry answers 401 with a Bearer challenge, the client asks the token server here with Basic
// credentials (what a credential helper handed it), and the token server checks them with
// `accepts` and issues a JWT the registry verifies (ES256, its certificate in `x5c`, trusted by
// the registry's rootcertbundle). Plus a minimal OCI image layout to push and pull.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createSign, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RegistryOptions {
  /** The directory for its storage, configuration and keys. */
  dir: string;
  /** The TLS certificate and key both servers present (trusted through the test CA). */
  cert: string;
  key: string;
  /** Whether these Basic credentials may pull and push. */
  accepts: (username: string, password: string) => boolean;
}

const SERVICE = 'authui-test-registry';
const ISSUER = 'authui-test-token-issuer';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export class TestRegistry {
  /** HOST:PORT, as image references and credential helpers name it. */
  host = '';
  /** Each token request: who asked (the user name, or "anonymous") and whether it was granted. */
  readonly tokenRequests: { user: string; granted: boolean }[] = [];
  private registry: ChildProcess | undefined;
  private tokenServer: Server | undefined;
  private log = '';

  constructor(private readonly options: RegistryOptions) {}

  async start(): Promise<void> {
    const { dir } = this.options;
    mkdirSync(join(dir, 'storage'), { recursive: true });
    // The token signing key and its self-signed certificate (the registry's rootcertbundle).
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run(
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', 'token.key', '-out', 'token.pem', '-days', '2', '-subj', '/CN=authui test token issuer'],
    );
    const tokenKey = readFileSync(join(dir, 'token.key'), 'utf8');
    const tokenCert = new X509Certificate(readFileSync(join(dir, 'token.pem')));
    writeFileSync(join(dir, 'tls.pem'), this.options.cert);
    writeFileSync(join(dir, 'tls.key'), this.options.key);

    this.tokenServer = createServer({ cert: this.options.cert, key: this.options.key }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://token');
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [user, ...rest] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
      const granted = user !== undefined && this.options.accepts(user, rest.join(':'));
      this.tokenRequests.push({ user: user ?? 'anonymous', granted });
      if (!granted) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'incorrect username or password' }));
        return;
      }
      const access = url.searchParams.getAll('scope').map((scope) => {
        const [type, name, actions] = scope.split(':');
        return { type, name, actions: (actions ?? '').split(',').filter(Boolean) };
      });
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        { alg: 'ES256', typ: 'JWT', x5c: [tokenCert.raw.toString('base64')] },
        {
          iss: ISSUER,
          sub: user,
          aud: url.searchParams.get('service'),
          exp: now + 300,
          nbf: now - 10,
          iat: now,
          jti: randomBytes(8).toString('hex'),
          access,
        },
        tokenKey,
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
    });
    await new Promise<void>((resolve) => this.tokenServer?.listen(0, '127.0.0.1', resolve));
    const tokenPort = (this.tokenServer.address() as AddressInfo).port;

    const port = await freePort();
    this.host = `127.0.0.1:${port}`;
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      `version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: ${join(dir, 'storage')} }
http:
  addr: 127.0.0.1:${port}
  tls: { certificate: ${join(dir, 'tls.pem')}, key: ${join(dir, 'tls.key')} }
auth:
  token:
    realm: https://127.0.0.1:${tokenPort}/token
    service: ${SERVICE}
    issuer: ${ISSUER}
    rootcertbundle: ${join(dir, 'token.pem')}
`,
    );
    this.registry = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.registry.stdout?.on('data', (d: Buffer) => (this.log += d));
    this.registry.stderr?.on('data', (d: Buffer) => (this.log += d));
    // Ready when it answers (401: it is up and wants a token).
    for (let i = 0; ; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const probe = spawnProbe(this.host);
        probe.on('exit', (code) => resolve(code === 0));
      });
      if (up) return;
      if (i > 200 || this.registry.exitCode !== null) throw new Error(`docker-registry did not start: ${this.log}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    this.registry?.kill();
    await new Promise<void>((resolve) => (this.tokenServer ? this.tokenServer.close(() => resolve()) : resolve()));
  }
}

/** A TCP connect to the registry's port (its TLS listener), as a child process so no socket lingers here. */
function spawnProbe(host: string): ChildProcess {
  const [hostname, port] = host.split(':');
  return spawn(process.execPath, [
    '-e',
    `require('net').connect(${port}, '${hostname}').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`,
  ]);
}

function signJwt(header: object, claims: object, key: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const data = `${encode(header)}.${encode(claims)}`;
  const signature = createSign('sha256').update(data).sign({ key, dsaEncoding: 'ieee-p1363' });
  return `${data}.${signature.toString('base64url')}`;
}

/** A one-layer OCI image layout in `dir` (tag `latest`), for `skopeo copy oci:DIR:latest …`. */
export function ociImage(dir: string, text: string): void {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  mkdirSync(join(dir, 'rootfs'), { recursive: true });
  writeFileSync(join(dir, 'rootfs', 'hello.txt'), text);
  const tar = execFileSync('tar', ['-C', join(dir, 'rootfs'), '-cf', '-', 'hello.txt']);
  const layer = put(gzipSync(tar));
  const diffId = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [diffId] },
        config: {},
      }),
    ),
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    ),
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
}
