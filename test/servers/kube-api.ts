// A stand-in for a Kubernetes API server on loopback HTTPS that authenticates bearer tokens as
// real clusters do: an EKS token by calling its presigned GetCallerIdentity URL at STS with the
// `x-k8s-aws-id` header it must have signed (as aws-iam-authenticator does), an ID token by its
// signature, issuer and audience (as the API server's OIDC authenticator does). It answers
// `/version` to whoever it authenticated and 401 to anyone else.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { verifyIdToken } from '../../src/demo/id-token.js';
import { EKS_TOKEN_ACCEPTED_MS, presignedUrlOf } from '../../src/auth/kinds/aws/eks-token.js';

export interface KubeApiOptions {
  cert: string;
  key: string;
  /** The cluster's name: EKS tokens must be signed for it. */
  cluster: string;
  /** The STS the EKS tokens must point at (the fake STS's URL). */
  sts?: string;
  /** The OIDC issuer and client id the cluster trusts. */
  oidc?: { issuer: string; audience: string };
}

export class FakeKubeApi {
  private server: Server | undefined;
  url = '';
  /** Who each authenticated request was from (an ARN or an ID token's subject), and each refusal's reason. */
  readonly seen: string[] = [];
  readonly refused: string[] = [];

  constructor(private readonly options: KubeApiOptions) {}

  async start(): Promise<string> {
    this.server = createServer({ cert: this.options.cert, key: this.options.key }, (req, res) => {
      void this.authenticate(String(req.headers.authorization ?? '')).then((who) => {
        if (who.refused !== undefined) {
          this.refused.push(who.refused);
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', code: 401 }),
          );
          return;
        }
        this.seen.push(who.user);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-authui-test', platform: 'linux/amd64' }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async authenticate(
    authorization: string,
  ): Promise<{ user: string; refused?: undefined } | { refused: string }> {
    const token = /^Bearer (.+)$/.exec(authorization)?.[1];
    if (!token) return { refused: 'no bearer token' };
    const presigned = presignedUrlOf(token);
    if (presigned !== undefined) return this.eks(presigned);
    const oidc = this.options.oidc;
    if (!oidc) return { refused: 'not an EKS token' };
    const verified = await verifyIdToken(token, (iss) => (iss === oidc.issuer ? oidc.audience : undefined), Date.now());
    return typeof verified === 'string' ? { refused: verified } : { user: verified.sub };
  }

  private async eks(presigned: string): Promise<{ user: string } | { refused: string }> {
    let url: URL;
    try {
      url = new URL(presigned);
    } catch {
      return { refused: 'not a URL' };
    }
    const q = url.searchParams;
    // aws-iam-authenticator's checks before it calls STS.
    if (!this.options.sts || url.origin !== new URL(this.options.sts).origin)
      return { refused: `not STS: ${url.origin}` };
    if (q.get('Action') !== 'GetCallerIdentity') return { refused: 'not GetCallerIdentity' };
    if (!(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('x-k8s-aws-id'))
      return { refused: 'x-k8s-aws-id is not signed' };
    const signed = Date.parse(
      (q.get('X-Amz-Date') ?? '').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    if (!(Date.now() - signed < EKS_TOKEN_ACCEPTED_MS)) return { refused: 'the token is older than 15 minutes' };
    const answer = await fetch(url, { headers: { 'x-k8s-aws-id': this.options.cluster } });
    const body = await answer.text();
    if (answer.status !== 200)
      return { refused: `STS said ${answer.status}: ${/<Code>(.*?)<\/Code>/.exec(body)?.[1]}` };
    const arn = /<Arn>(.*?)<\/Arn>/.exec(body)?.[1];
    return arn ? { user: arn } : { refused: 'no ARN' };
  }
}
