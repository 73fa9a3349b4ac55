// docker's credential helper protocol (docker-credential-helpers), run as
// `docker-credential-authui get|list|store|erase` by docker, skopeo, podman and buildah for the
// registries `authui registry config` gave it. `get` reads the registry from stdin and answers
// with the login an integration (`auth.integrations`) makes for exactly that host — a node's
// token, or an ECR login — renewed first when needed; for any other host, the protocol's "not
// found". `store` and `erase` change nothing: the login lives in authui, and a `docker login` or
// `docker logout` is answered with what to run instead.
import type { CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { AuthError } from '../auth/errors.js';
import { tokenUsername } from '../auth/engine/handout.js';
import { isNoConfiguration } from '../auth/config/load.js';

export interface DockerCredentialOptions {
  operation: 'get' | 'list' | 'store' | 'erase';
}

/** What the protocol says for a registry the helper has nothing for (docker treats it as "none"). */
const NOT_FOUND = 'credentials not found in native keychain';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** The registry host a server URL names: "https://HOST[:PORT]/v1/" or "HOST[:PORT]" → "host[:port]". */
export function registryHost(serverUrl: string): string {
  const trimmed = serverUrl.trim();
  const withoutScheme = trimmed.includes('://') ? trimmed.slice(trimmed.indexOf('://') + 3) : trimmed;
  return (withoutScheme.split('/')[0] ?? '').toLowerCase();
}

export async function runDockerCredential(opts: DockerCredentialOptions, { io, app }: CommandDeps): Promise<number> {
  if (opts.operation === 'store' || opts.operation === 'erase') {
    // The protocol reports an error as text on stdout with a failing exit code.
    io.stdout.write(
      opts.operation === 'store'
        ? 'authui keeps this login itself: run "authui login NAME" instead of docker login.\n'
        : 'authui keeps this login itself: run "authui logout NAME" to remove it.\n',
    );
    return 1;
  }
  // No configuration at all is no registry (docker asks every helper it has; this one knows none).
  const config = await app.config().catch((error: unknown) => {
    if (isNoConfiguration(error)) return { integrations: [], nodes: [] };
    throw error;
  });
  if (opts.operation === 'list') {
    const list: Record<string, string> = {};
    for (const i of config.integrations) {
      const node = config.nodes.find((n) => n.name === i.via.name);
      list[i.host] = i.kind === 'aws/ecr' ? 'AWS' : (i.username ?? (node ? tokenUsername(node) : 'oauth2'));
    }
    io.stdout.write(`${JSON.stringify(list)}\n`);
    return 0;
  }
  const serverUrl = (await readAll(io.stdin)).trim();
  const host = registryHost(serverUrl);
  const integration = config.integrations.find((i) => i.host === host);
  if (!integration) {
    io.stdout.write(`${NOT_FOUND}\n`);
    return 1;
  }
  const workspace = await app.workspace();
  const login = await withBroker(app, workspace, integration.via.name, 'docker-credential-authui', () =>
    workspace.engine.registryLogin(host),
  );
  if (!login) throw new AuthError('unknown_target', `No integration for ${host}`);
  io.stdout.write(`${JSON.stringify({ ServerURL: serverUrl, Username: login.username, Secret: login.password })}\n`);
  return 0;
}
