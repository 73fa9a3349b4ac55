// The AWS container-credentials endpoint the SDKs and the aws CLI already speak
// (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), as aws-vault's
// `--ecs-server` does: on loopback, an ephemeral port, a random token required on every request
// (compared in constant time), and the identity's credentials renewed as they near expiry, so a
// process that runs for hours keeps working. `authui serve NAME` prints the two variables and
// serves until stopped; `authui exec --serve NAME -- CMD` runs it for the command alone.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandDeps } from '../app/app.js';
import type { Engine } from '../auth/engine.js';
import { AuthError, isAuthError } from '../auth/errors.js';
import { visible } from '../auth/visible.js';
import { shellWord } from '../auth/names.js';
import { requireAws } from './aws-credentials.js';

const crypto = () => process.getBuiltinModule('node:crypto');

export interface CredentialServer {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN */
  token: string;
  close(): Promise<void>;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto().timingSafeEqual(a, b);
}

/** Serves `name`'s AWS credentials (renewed by the engine when they near expiry) to whoever has the token. */
export async function credentialServer(engine: Engine, name: string, port = 0): Promise<CredentialServer> {
  const token = crypto().randomBytes(32).toString('base64url');
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || !sameToken(req.headers.authorization, token))
      return answer(401, { message: 'unauthorized' });
    engine.credentials(name).then(
      (credentials) => {
        const aws = requireAws(credentials);
        answer(200, {
          AccessKeyId: aws.accessKeyId,
          SecretAccessKey: aws.secretAccessKey,
          ...(aws.sessionToken ? { Token: aws.sessionToken } : {}),
          ...(credentials.meta.expiresAt ? { Expiration: credentials.meta.expiresAt } : {}),
        });
      },
      // What went wrong, in authui's words (never a secret); the SDK reports it to its caller.
      (error: unknown) =>
        answer(500, {
          code: isAuthError(error) ? error.code : 'error',
          message: visible(error instanceof Error ? error.message : String(error)),
        }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new AuthError('usage', `Cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`, {
          hint: 'choose another --port, or leave it out for any free one',
        }),
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/credentials`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ServeOptions {
  name: string;
  port?: number;
}

export async function runServe(opts: ServeOptions, { io, app }: CommandDeps): Promise<number> {
  const { engine } = await app.workspace();
  // A node without AWS credentials is said now, not on the first request.
  requireAws(await engine.credentials(opts.name));
  const served = await credentialServer(engine, opts.name, opts.port);
  io.stdout.write(
    `export AWS_CONTAINER_CREDENTIALS_FULL_URI=${shellWord(served.url)}\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN=${shellWord(served.token)}\n`,
  );
  io.stderr.write(`Serving the credentials of ${opts.name} until you stop it (ctrl-c).\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  await served.close();
  return 0;
}
