// kubectl's exec credential plugin (client.authentication.k8s.io): `authui kube token NAME
// [--cluster C]` prints an ExecCredential in the API version kubectl asks for — an AWS identity's
// EKS token, or an OpenID Connect provider's ID token (what kubelogin hands over) — renewed first
// when inside the refresh lead. A hot path: kubectl runs it before every request it has no valid
// token for. `authui kube config` (cli/kube-config.ts) writes the kubeconfig entries that run it.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { AuthError } from '../auth/errors.js';
import { jwtExpiry } from '../auth/jwt.js';
import { shellWord } from '../auth/names.js';

export interface KubeTokenOptions {
  name: string;
  cluster?: string;
}

/** The versions of the ExecCredential API authui speaks; kubectl names the one it wants. */
const API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
type ApiVersion = (typeof API_VERSIONS)[number];

/**
 * The version kubectl asks for in KUBERNETES_EXEC_INFO (kubectl ≥ 1.20 always sets it); without
 * it, v1beta1, which every kubectl since 1.11 reads.
 */
export function requestedApiVersion(execInfo: string | undefined): ApiVersion {
  if (!execInfo) return 'client.authentication.k8s.io/v1beta1';
  let asked: unknown;
  try {
    asked = (JSON.parse(execInfo) as { apiVersion?: unknown }).apiVersion;
  } catch {
    throw new AuthError('usage', 'KUBERNETES_EXEC_INFO is not JSON', {
      hint: 'authui kube token is run by kubectl; see "authui kube config".',
    });
  }
  const known = API_VERSIONS.find((v) => v === asked);
  if (!known)
    throw new AuthError(
      'usage',
      `kubectl asked for ExecCredential ${typeof asked === 'string' ? JSON.stringify(asked) : 'of no version'}; authui speaks ${API_VERSIONS.join(' and ')}`,
      {
        hint: 'Set apiVersion: client.authentication.k8s.io/v1beta1 in the kubeconfig user (authui kube config does).',
      },
    );
  return known;
}

/** The ExecCredential kubectl reads from the plugin's stdout. */
export function execCredential(apiVersion: ApiVersion, token: string, expiresAt: number): string {
  const expirationTimestamp = new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z');
  return `${JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: {}, status: { expirationTimestamp, token } })}\n`;
}

export async function runKubeToken(opts: KubeTokenOptions, { io, app }: CommandDeps): Promise<number> {
  const apiVersion = requestedApiVersion(io.env.KUBERNETES_EXEC_INFO);
  const workspace = await app.workspace();
  const { engine } = workspace;
  const provides = engine.provides(opts.name);
  const aws = provides.includes('aws');
  if (!aws && !provides.includes('idToken'))
    throw new AuthError('usage', `"${opts.name}" yields neither AWS credentials nor an ID token`, {
      hint: 'kubectl takes its token from an AWS identity (EKS) or an oidc provider.',
    });
  const what = `authui kube token ${shellWord(opts.name)}`;
  const now = app.clock.now();
  const credential = await withBroker(app, workspace, opts.name, what, async () => {
    if (aws) {
      const { EKS_TOKEN_LIFETIME_MS } = await import('../auth/kinds/aws/eks-token.js');
      return engine.mintKept(opts.name, 'EKS token', { cluster: opts.cluster }, EKS_TOKEN_LIFETIME_MS);
    }
    const { token } = await engine.token(opts.name, { idToken: true });
    const session = engine.list().find((n) => n.name === opts.name)?.expiresAt;
    const expiresAt = Math.min(jwtExpiry(token, now) ?? Infinity, session ?? Infinity);
    return { token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : now + 5 * 60_000 };
  });
  printWarnings(io, workspace.warnings);
  io.stdout.write(execCredential(apiVersion, credential.token, credential.expiresAt));
  return 0;
}
