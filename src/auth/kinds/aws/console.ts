// AWS console sign-in through the federation endpoint (docs: "Enable custom identity broker
// access to the AWS console"): session credentials → getSigninToken → a login URL with Issuer
// and Destination. Role and permission-set sessions sign in directly; an aws/user first gets
// federated credentials with its long-term keys (GetFederationToken), because AWS refuses an
// IAM user's GetSessionToken session at the console. The URL is a bearer credential for the
// console: it is returned to the caller only, never logged or audited.
import { AuthError } from '../../errors.js';
import { request } from '../../http.js';
import type { Env } from '../../paths.js';
import type { TestContext } from '../../kind.js';
import type { Yields } from '../../credential-types.js';
import type { AwsCredentials } from '../../credential-types.js';
import { DEFAULT_REGION, getFederationToken } from './sts.js';
import { requireKeys } from './user/keys.js';
import { shellWord } from '../../names.js';

const FEDERATION = 'https://signin.aws.amazon.com/federation';
/** A federated console session's length (GetFederationToken allows 15m–36h). */
const FEDERATED_SECONDS = 12 * 3600;

/** AWS_ENDPOINT_URL_SIGNIN (tests, the demo, other partitions), else the public endpoint. */
function federationEndpoint(env: Env): string {
  return env.AWS_ENDPOINT_URL_SIGNIN || FEDERATION;
}

function destinationFor(ctx: TestContext, region: string): string {
  const chosen = ctx.options?.destination;
  if (chosen !== undefined) {
    let url: URL;
    try {
      url = new URL(chosen);
    } catch {
      throw new AuthError('usage', `--destination ${chosen} is not a URL`, {
        hint: 'Give a console URL such as https://console.aws.amazon.com/s3/home.',
      });
    }
    if (url.protocol !== 'https:')
      throw new AuthError('usage', '--destination must be an https:// URL', {
        hint: 'Give a console URL such as https://console.aws.amazon.com/s3/home.',
      });
    return url.href;
  }
  return `https://${region}.console.aws.amazon.com/console/home?region=${region}`;
}

async function signinUrl(credentials: AwsCredentials, ctx: TestContext, region: string): Promise<string> {
  const endpoint = federationEndpoint(ctx.env);
  const context = { identity: ctx.node.name, endpoint: new URL(endpoint).origin };
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const ask = new URL(endpoint);
  ask.searchParams.set('Action', 'getSigninToken');
  ask.searchParams.set('Session', session);
  const reply = await request({ fetch: ctx.fetch, env: ctx.env, context, now: Date.now }, ask.href, {
    method: 'GET',
    headers: { accept: 'application/json' },
  });
  let token: unknown;
  try {
    token = (JSON.parse(reply.text) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (reply.status !== 200 || typeof token !== 'string' || token === '')
    throw new AuthError('access_denied', 'The AWS federation endpoint refused the session', {
      explanation: `It answered HTTP ${reply.status}.`,
      hint: `Run "authui login ${shellWord(ctx.node.name)}" for a fresh session, then try again.`,
      context,
    });
  const login = new URL(endpoint);
  login.searchParams.set('Action', 'login');
  login.searchParams.set('Issuer', 'authui');
  login.searchParams.set('Destination', destinationFor(ctx, region));
  login.searchParams.set('SigninToken', token);
  return login.href;
}

function regionOf(ctx: TestContext): string {
  return ctx.options?.region ?? ctx.meta.region ?? DEFAULT_REGION;
}

/** Role and permission-set sessions: their own credentials sign in. */
export async function sessionConsole(yields: Yields, ctx: TestContext): Promise<string> {
  return signinUrl(yields.aws as AwsCredentials, ctx, regionOf(ctx));
}

/** An aws/user: federated credentials from the long-term keys in the store, then sign in. */
export async function userConsole(_yields: Yields, ctx: TestContext): Promise<string> {
  const keys = await requireKeys(ctx);
  const region = regionOf(ctx);
  const federated = await getFederationToken({
    fetch: ctx.fetch,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    region,
    env: ctx.env,
    context: { identity: ctx.node.name, region },
    // Shown in CloudTrail and the console's user menu; [\w+=,.@-]{2,32}.
    name: `authui-${ctx.node.name}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 32),
    durationSeconds: FEDERATED_SECONDS,
  });
  return signinUrl(federated, ctx, region);
}
