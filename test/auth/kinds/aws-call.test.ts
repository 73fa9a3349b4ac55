// AWS's APIs without the SDK (src/auth/kinds/aws/call.ts, sts.ts, ecr.ts): the POST signed as the
// SDK's signer signs it, and what a hostile or broken endpoint can and cannot do with an answer.
// Retries, throttles, timeouts and the clock are proven against the fake STS (fault-matrix.test.ts,
// clock-skew.test.ts, aws.test.ts), IAM by key rotation (cli/rotate.test.ts), ECR by skopeo
// (integrations/registry.test.ts).
import fc from 'fast-check';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAuthError, type AuthError } from '../../../src/auth/errors.js';
import { fetch } from '../../../src/auth/fetch.js';
import { signedPostHeaders } from '../../../src/auth/kinds/aws/sigv4.js';
import { serviceEndpoint, xmlText } from '../../../src/auth/kinds/aws/call.js';
import { ecrLogin } from '../../../src/auth/kinds/aws/ecr.js';
import { assumeRole, getCallerIdentity } from '../../../src/auth/kinds/aws/sts.js';
import type { TestContext } from '../../../src/auth/kind.js';
import { redirectSafeFetch } from '../../../src/auth/redirects.js';
import { renderError } from '../../../src/cli/errors.js';
import { anyCredentials, anySigningTime, anyStsEndpoint, sdkSigner } from '../../helpers/sdk-signer.js';

const KEYS = { accessKeyId: 'AKIASTSQUERY00000001', secretAccessKey: 'CANARY-sts-query-secret-000000000000000' };

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server answering with `handle`; its URL, and what it was sent. */
async function peer(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      handle(req, body, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

const call = (url: string) => ({
  fetch: redirectSafeFetch(fetch),
  credentials: { ...KEYS, sessionToken: 'CANARY-sts-query-session-token' },
  region: 'eu-west-1',
  env: { AWS_ENDPOINT_URL_STS: url, AUTHUI_NETWORK_TIMEOUT_MS: '2000' },
  context: { identity: 'dev' },
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => {
      expect(isAuthError(error), String(error)).toBe(true);
      return error as AuthError;
    },
  );

describe('AWS request signing', () => {
  it('signs a form POST as the AWS SDK does, for any credentials, region, body and time', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyCredentials,
        fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'),
        fc.string(),
        anySigningTime,
        anyStsEndpoint,
        async (credentials, region, body, now, endpoint) => {
          const url = new URL(endpoint);
          const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' };
          const ours = signedPostHeaders({ credentials, region, service: 'sts', now }, url, body, headers);
          const theirs = await sdkSigner(credentials, region, 'sts').sign(
            {
              method: 'POST',
              protocol: url.protocol,
              hostname: url.hostname,
              port: url.port ? Number(url.port) : undefined,
              path: url.pathname,
              headers: { ...headers, host: url.host },
              body,
            },
            { signingDate: new Date(now) },
          );
          expect(ours.authorization).toBe(theirs.headers.authorization);
          expect(ours['x-amz-date']).toBe(theirs.headers['x-amz-date']);
          expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads XML text with its entities, and leaves a reference to no character as it was', () => {
    expect(xmlText('<Message>a &lt;b&gt; &amp; &quot;c&apos; &#65;&#x42;</Message>', 'Message')).toBe(
      'a <b> & "c\' AB',
    );
    expect(xmlText('<Message>&#x110000; &bogus;</Message>', 'Message')).toBe('&#x110000; &bogus;');
    expect(xmlText('<Message><b>x</b></Message>', 'Message')).toBeUndefined();
    expect(xmlText('<Other>x</Other>', 'Message')).toBeUndefined();
  });
});

describe("AWS's endpoints", () => {
  it('as the SDK resolves them: the override, else the partition, FIPS and dual-stack hosts', () => {
    const host = (service: 'sts' | 'iam' | 'ecr', region: string, env: Record<string, string> = {}) => {
      const { url, region: signedFor } = serviceEndpoint(service, region, env);
      return `${new URL(url).host} ${signedFor}`;
    };
    expect(host('sts', 'eu-west-1')).toBe('sts.eu-west-1.amazonaws.com eu-west-1');
    expect(host('sts', 'cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn cn-north-1');
    expect(host('sts', 'us-east-1', { AWS_USE_FIPS_ENDPOINT: 'true' })).toBe(
      'sts-fips.us-east-1.amazonaws.com us-east-1',
    );
    expect(host('sts', 'us-east-1', { AWS_USE_DUALSTACK_ENDPOINT: 'TRUE' })).toBe('sts.us-east-1.api.aws us-east-1');
    expect(host('sts', 'us-iso-east-1')).toBe('sts.us-iso-east-1.c2s.ic.gov us-iso-east-1');
    expect(host('ecr', 'eu-west-1')).toBe('api.ecr.eu-west-1.amazonaws.com eu-west-1');
    expect(host('ecr', 'us-west-2', { AWS_USE_FIPS_ENDPOINT: 'true' })).toBe(
      'ecr-fips.us-west-2.amazonaws.com us-west-2',
    );
    expect(host('iam', 'eu-west-1')).toBe('iam.amazonaws.com us-east-1');
    expect(host('iam', 'us-east-1', { AWS_USE_FIPS_ENDPOINT: 'true' })).toBe('iam-fips.amazonaws.com us-east-1');
    expect(host('iam', 'cn-northwest-1')).toBe('iam.cn-north-1.amazonaws.com.cn cn-north-1');
    expect(host('iam', 'us-gov-east-1')).toBe('iam.us-gov.amazonaws.com us-gov-west-1');
    expect(serviceEndpoint('sts', 'eu-west-1', { AWS_USE_FIPS_ENDPOINT: 'false' }).url).toBe(
      'https://sts.eu-west-1.amazonaws.com/',
    );
    expect(serviceEndpoint('ecr', 'eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9/' })).toEqual({
      url: 'http://127.0.0.1:9/',
      region: 'eu-west-1',
      overridden: true,
    });
    expect(
      serviceEndpoint('sts', 'eu-west-1', { AWS_ENDPOINT_URL: 'http://a/', AWS_ENDPOINT_URL_STS: 'http://b/' }).url,
    ).toBe('http://b/');
  });
});

describe('a hostile or broken STS endpoint', () => {
  it('sends nothing on to where a redirect points: the signed request stays with the endpoint', async () => {
    const elsewhere = await peer((_req, _body, res) => res.end());
    const sts = await peer((_req, _body, res) => res.writeHead(307, { location: elsewhere.url }).end());
    const error = await failure(getCallerIdentity(call(sts.url)));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTTP 307');
    expect(sts.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('an endpoint variable that is no http(s) URL is a configuration problem naming it, never a crash', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/', 'file:///etc/passwd']) {
      const error = await failure(getCallerIdentity(call(url)));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('AWS_ENDPOINT_URL_STS');
      expect(renderError(error)).toContain(url);
    }
  });

  it('the secret key never travels; the session token only in its header, to the endpoint', async () => {
    const sts = await peer((_req, _body, res) => res.writeHead(403).end());
    await failure(getCallerIdentity(call(sts.url)));
    const [sent] = sts.received;
    expect(JSON.stringify(sent)).not.toContain(KEYS.secretAccessKey);
    expect(sent?.headers['x-amz-security-token']).toBe('CANARY-sts-query-session-token');
    expect(sent?.body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
  });

  it('an error code of any length and bytes is cut short; what is shown has no escape or stack', async () => {
    const code = `Evil\u001b]0;owned\u0007${'x'.repeat(10_000)}`;
    const sts = await peer((_req, _body, res) =>
      res
        .writeHead(400, { 'content-type': 'text/xml' })
        .end(
          `<ErrorResponse><Error><Code>${code}</Code><Message>${'m'.repeat(10_000)}</Message></Error></ErrorResponse>`,
        ),
    );
    const error = await failure(getCallerIdentity(call(sts.url)));
    expect(error.code).toBe('server_error');
    expect(error.message.length).toBeLessThan(200);
    const shown = renderError(error);
    expect(shown).not.toContain('\u001b]0;');
    expect(shown).not.toMatch(/\n\s+at /);
    expect(shown.length).toBeLessThan(2_000);
  });

  it('an answer without credentials, or with an expiry that is no date, issues nothing', async () => {
    for (const credentials of [
      '',
      '<Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><Expiration>soon</Expiration></Credentials>',
    ]) {
      const sts = await peer((_req, _body, res) =>
        res
          .writeHead(200)
          .end(`<AssumeRoleResponse><AssumeRoleResult>${credentials}</AssumeRoleResult></AssumeRoleResponse>`),
      );
      const error = await failure(
        assumeRole({ ...call(sts.url), roleArn: 'arn:aws:iam::1:role/R', sessionName: 's', durationSeconds: 900 }),
      );
      expect(error.message).toBe('STS answered without credentials');
    }
  });

  it('an answer for another action, or one cut short, is not read as this one', async () => {
    for (const body of [
      '<GetSessionTokenResponse><GetSessionTokenResult><Account>1</Account></GetSessionTokenResult></GetSessionTokenResponse>',
      '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult>',
    ]) {
      const sts = await peer((_req, _body, res) => res.writeHead(200).end(body));
      const error = await failure(getCallerIdentity(call(sts.url)));
      expect(error.code).toBe('server_error');
      expect(error.message).toContain('not an answer of its API');
    }
  });
});

describe("ECR's JSON API", () => {
  const login = (url: string) =>
    ecrLogin({ aws: { ...KEYS } }, {
      fetch: redirectSafeFetch(fetch),
      env: { AWS_ENDPOINT_URL_ECR: url, AUTHUI_NETWORK_TIMEOUT_MS: '2000' },
      node: { name: 'dev' },
      options: { region: 'eu-west-1' },
    } as unknown as TestContext);

  it('names an error by its type, in the body ("…#Name") or only in the header', async () => {
    const byBody = await peer((_req, _body, res) =>
      res
        .writeHead(400)
        .end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message: 'no' })),
    );
    expect((await failure(login(byBody.url))).code).toBe('access_denied');
    const byHeader = await peer((_req, _body, res) =>
      res.writeHead(400, { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/' }).end('{}'),
    );
    expect((await failure(login(byHeader.url))).code).toBe('invalid_credentials');
    expect(byBody.received[0]?.headers['x-amz-target']).toBe(
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
    );
  });

  it('a login without a token, or with an expiry that is not seconds, is refused; an HTML page is not read', async () => {
    for (const data of [{}, { authorizationToken: Buffer.from('AWS:pw').toString('base64'), expiresAt: 'soon' }]) {
      const ecr = await peer((_req, _body, res) =>
        res.writeHead(200).end(JSON.stringify({ authorizationData: [data] })),
      );
      expect((await failure(login(ecr.url))).message).toBe('ECR answered without an authorization token');
    }
    const html = await peer((_req, _body, res) => res.writeHead(200).end('<html>portal</html>'));
    expect((await failure(login(html.url))).message).toContain('not an answer of its API');
    const good = await peer((_req, _body, res) =>
      res.writeHead(200).end(
        JSON.stringify({
          authorizationData: [
            { authorizationToken: Buffer.from('AWS:pw:x').toString('base64'), expiresAt: 1_900_000_000.5 },
          ],
        }),
      ),
    );
    expect(await login(good.url)).toEqual({
      username: 'AWS',
      password: 'pw:x',
      expiresAt: new Date(1_900_000_000_500).toISOString(),
    });
  });
});
