// `authui kube config NAME --cluster C --server URL [--ca FILE] [--kubeconfig FILE] [--context X]`:
// adds or updates one cluster, one user and one context in a kubeconfig so that kubectl runs
// `authui kube token` for its credentials (an exec plugin, `interactiveMode: Never`: a login is
// asked for by the dashboard's broker or said on stderr, never on kubectl's terminal). The file
// keeps every other entry, its comments and order (the YAML document API), is written atomically
// and 0600, and becomes current-context's file as `aws eks update-kubeconfig` does.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import type { CommandDeps } from '../app/app.js';
import { AuthError } from '../auth/errors.js';
import { readIfPresent, writeFileAtomic } from '../auth/fs-atomic.js';
import { visible } from '../auth/visible.js';

export interface KubeConfigOptions {
  name: string;
  cluster: string;
  server: string;
  ca?: string;
  kubeconfig?: string;
  context?: string;
}

/** v1beta1: every kubectl since 1.11 reads it (v1 needs 1.22; Debian 12's is 1.20); kube token answers either. */
const API_VERSION = 'client.authentication.k8s.io/v1beta1';

/** Entry names authui writes (an EKS cluster's name fits; nothing a terminal or a shell would read twice). */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/** The file kubectl reads first: --kubeconfig, the first of KUBECONFIG, else ~/.kube/config. */
function kubeconfigPath(opts: KubeConfigOptions, env: CommandDeps['io']['env'], cwd: string): string {
  const chosen = opts.kubeconfig ?? env.KUBECONFIG?.split(':').find(Boolean);
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
  if (!env.HOME)
    throw new AuthError('usage', 'No kubeconfig to write: HOME is not set', { hint: 'Pass --kubeconfig FILE.' });
  return join(env.HOME, '.kube', 'config');
}

function serverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AuthError('usage', `--server ${JSON.stringify(raw)} is not a URL`, {
      hint: 'Give the API server as https://HOST[:PORT].',
    });
  }
  // The token is a bearer credential: it goes to the API server over TLS only.
  if (url.protocol !== 'https:')
    throw new AuthError('usage', `--server must be an https:// URL, not ${JSON.stringify(raw)}`, {
      hint: 'kubectl would send the token unencrypted.',
    });
  return url.href.replace(/\/$/, '');
}

function caData(path: string, cwd: string): string {
  let pem: string;
  try {
    pem = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new AuthError('usage', `Cannot read --ca ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: "Give the cluster's CA certificate as a PEM file.",
    });
  }
  if (!/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/m.test(pem))
    throw new AuthError('usage', `--ca ${path} holds no PEM certificate`, {
      hint: "Give the cluster's CA certificate as a PEM file.",
    });
  return Buffer.from(pem).toString('base64');
}

/** The exec plugin's arguments: the config authui was given (unless it is the user's own), the command. */
function tokenArgs(opts: KubeConfigOptions, aws: boolean, config: { origin: string; path: string }): string[] {
  return [
    ...(config.origin === 'user' ? [] : ['--config', config.path]),
    'kube',
    'token',
    opts.name,
    ...(aws ? ['--cluster', opts.cluster] : []),
  ];
}

export async function runKubeConfig(opts: KubeConfigOptions, { io, app }: CommandDeps): Promise<number> {
  const { engine } = await app.workspace();
  const provides = engine.provides(opts.name);
  const aws = provides.includes('aws');
  if (!aws && !provides.includes('idToken'))
    throw new AuthError('usage', `"${opts.name}" yields neither AWS credentials nor an ID token`, {
      hint: 'kubectl takes its token from an AWS identity (EKS) or an oidc provider.',
    });
  for (const [flag, value] of [
    ['--cluster', opts.cluster],
    ['--context', opts.context],
  ] as const)
    if (value !== undefined && !ENTRY_NAME.test(value))
      throw new AuthError('usage', `${flag} ${JSON.stringify(value)} is not a kubeconfig entry name authui writes`, {
        hint: 'Letters, digits and . _ : @ - (up to 100), a letter or digit first.',
      });
  const server = serverUrl(opts.server);
  const ca = opts.ca === undefined ? undefined : caData(opts.ca, io.cwd);
  const path = kubeconfigPath(opts, io.env, io.cwd);
  const text = readIfPresent(path);
  const doc = parseDocument(text || 'apiVersion: v1\nkind: Config\n');
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents)))
    throw new AuthError('usage', `${path} is not a kubeconfig authui can read: it is left as it is`, {
      hint: 'Fix the file, or pass --kubeconfig FILE to write another one.',
    });
  const user = `authui-${opts.name}${aws ? `@${opts.cluster}` : ''}`;
  const context = opts.context ?? `${opts.name}@${opts.cluster}`;
  /** Puts `{name, [key]: value}` in the list under `list`, in place of the entry of that name. */
  const upsert = (list: string, key: string, value: Record<string, unknown>, name: string) => {
    const entries = doc.get(list);
    if (entries === undefined || entries === null) doc.set(list, doc.createNode([]));
    else if (!isSeq(entries))
      throw new AuthError('usage', `${path}: "${list}" is not a list: the file is left as it is`, {
        hint: 'Fix the file, or pass --kubeconfig FILE to write another one.',
      });
    const seq = doc.get(list) as YAMLSeq;
    const node = doc.createNode({ name, [key]: value });
    const at = seq.items.findIndex((item) => isMap(item) && item.get('name') === name);
    if (at >= 0) seq.items[at] = node;
    else seq.items.push(node);
  };
  upsert('clusters', 'cluster', { server, ...(ca ? { 'certificate-authority-data': ca } : {}) }, opts.cluster);
  upsert(
    'users',
    'user',
    {
      exec: {
        apiVersion: API_VERSION,
        command: 'authui',
        args: tokenArgs(opts, aws, engine.config.source),
        interactiveMode: 'Never',
        provideClusterInfo: false,
      },
    },
    user,
  );
  upsert('contexts', 'context', { cluster: opts.cluster, user }, context);
  doc.set('current-context', context);
  writeFileAtomic(path, doc.toString());
  io.stderr.write(
    visible(
      `Wrote cluster ${opts.cluster}, user ${user} and context ${context} to ${path} (now the current context).`,
    ) + '\n',
  );
  return 0;
}
