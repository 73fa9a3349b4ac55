// kubectl's side of the exec credential plugin (client.authentication.k8s.io): the API version it
// asks for and the ExecCredential it reads. `kube token` (cli/kube.ts) and its session-cache
// answer (src/answer-main.ts) print through these.
import { AuthError } from '../auth/errors.js';
import { isoTime } from '../auth/iso-time.js';
import { jwtExpiry } from '../auth/jwt.js';

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
  const expirationTimestamp = isoTime(expiresAt).replace(/\.\d+Z$/, 'Z');
  return `${JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: {}, status: { expirationTimestamp, token } })}\n`;
}

/** When kubectl is told an ID token ends: its own expiry or its session's, whichever is first; 5 minutes when neither is known. */
export function idTokenExpiresAt(token: string, sessionEnds: number | undefined, now: number): number {
  const expiresAt = Math.min(jwtExpiry(token, now) ?? Infinity, sessionEnds ?? Infinity);
  return Number.isFinite(expiresAt) ? expiresAt : now + 5 * 60_000;
}
