// kubectl's exec credential plugin (client.authentication.k8s.io): `authui kube token NAME
// [--cluster C]` prints an ExecCredential in the API version kubectl asks for — an AWS identity's
// EKS token, or an OpenID Connect provider's ID token (what kubelogin hands over) — renewed first
// when inside the refresh lead. A hot path: kubectl runs it before every request it has no valid
// token for. `authui kube config` (cli/kube-config.ts) writes the kubeconfig entries that run it.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { AuthError } from '../auth/errors.js';
import { shellWord } from '../auth/names.js';
import { execCredential, idTokenExpiresAt, requestedApiVersion } from './exec-credential.js';

export interface KubeTokenOptions {
  name: string;
  cluster?: string;
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
    return { token, expiresAt: idTokenExpiresAt(token, session, now) };
  });
  printWarnings(io, workspace.warnings);
  io.stdout.write(execCredential(apiVersion, credential.token, credential.expiresAt));
  return 0;
}
