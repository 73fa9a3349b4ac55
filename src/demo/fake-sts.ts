// A loopback STS speaking the real awsQuery protocol (form POST, XML, ErrorResponse) that
// verifies SigV4 signatures against the keys it knows and accepts only session credentials it
// issued. Failures can be injected per action. Used by the tests and by `authui demo`; it only
// ever listens on 127.0.0.1.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyIdToken } from './id-token.js';
import { FaultQueue, type Fault, type FaultDialect } from './faults.js';
import { listenOnLoopback, type LoopbackServer } from './loopback.js';

export interface FakeUser {
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
  account: string;
  /** When set, GetSessionToken requires SerialNumber = this and TokenCode = mfaCode. */
  mfaSerial?: string;
  mfaCode?: string;
}

export interface FakeRole {
  arn: string;
  /** ARN prefixes (user or assumed-role), or web identity issuers, allowed to assume it; absent = anyone the server knows. */
  trusted?: string[];
  externalId?: string;
}

/** AWS's own refusals, answered as STS words them; transport faults are the shared `Fault`s. */
export type AwsRefusal = 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'ExpiredToken' | 'AccessDenied';

interface Principal {
  arn: string;
  /** For IAM users' keys: when the key was made, and when STS starts taking it (IAM's propagation). */
  createdAt?: number;
  activeAt?: number;
  account: string;
  userId: string;
  kind: 'user' | 'session' | 'role' | 'federated';
  /** For session credentials. */
  expiresAt?: number;
  secretAccessKey: string;
  sessionToken?: string;
}

const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ERRORS: Record<string, { status: number; type: string; message: string }> = {
  InvalidClientTokenId: {
    status: 403,
    type: 'Sender',
    message: 'The security token included in the request is invalid.',
  },
  SignatureDoesNotMatch: {
    status: 403,
    type: 'Sender',
    message: 'The request signature we calculated does not match the signature you provided.',
  },
  ExpiredToken: { status: 400, type: 'Sender', message: 'The security token included in the request is expired' },
  AccessDenied: { status: 403, type: 'Sender', message: 'User is not authorized to perform: sts:AssumeRole' },
  Throttling: { status: 400, type: 'Sender', message: 'Rate exceeded' },
  InternalError: { status: 500, type: 'Receiver', message: 'An internal error occurred' },
  ServiceUnavailable: { status: 503, type: 'Receiver', message: 'Service is unable to handle request' },
  MissingAuthenticationToken: { status: 403, type: 'Sender', message: 'Request is missing Authentication Token' },
  InvalidParameterValue: { status: 400, type: 'Sender', message: 'Invalid parameter' },
  LimitExceeded: { status: 409, type: 'Sender', message: 'Cannot exceed quota' },
  NoSuchEntity: { status: 404, type: 'Sender', message: 'The entity cannot be found' },
  InvalidIdentityToken: {
    status: 400,
    type: 'Sender',
    message: "Couldn't retrieve verification key from your identity provider",
  },
};

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const errorXml = (type: string, code: string, message: string) =>
  `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`;

/** Transport faults as AWS words them: InternalError, ServiceUnavailable, 400 Throttling. */
const AWS_DIALECT: FaultDialect = {
  error: ({ status, throttled }) => {
    const code = throttled ? 'Throttling' : status === 500 ? 'InternalError' : 'ServiceUnavailable';
    const e = ERRORS[code] ?? { status, type: 'Receiver', message: 'Service unavailable' };
    return { status: e.status, contentType: 'text/xml', body: errorXml(e.type, code, e.message) };
  },
  sample: {
    contentType: 'text/xml',
    body: `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/sample</Arn><UserId>AIDASAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>sample</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  },
};
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class FakeSts {
  private server: LoopbackServer | undefined;
  private readonly principals = new Map<string, Principal>();
  private readonly roles = new Map<string, FakeRole>();
  /** Transport faults queued for the next requests (failNext adds one). */
  readonly faults = new FaultQueue();
  private readonly refusals: { action?: string; code: AwsRefusal }[] = [];
  /** Every request's action and the access key that signed it, for assertions. */
  readonly calls: { action: string; accessKeyId?: string; status: number }[] = [];
  url = '';
  /** Server time; tests move it to expire sessions. */
  /** How far this server's clock is from the machine's: its Date header and signature window use it. */
  clockSkewMs = 0;
  /** The time sessions expire by (tests move it on to expire them without touching the clock). */
  now = () => Date.now() + this.clockSkewMs;

  addUser(user: FakeUser): void {
    this.principals.set(user.accessKeyId, {
      arn: `arn:aws:iam::${user.account}:user/${user.userName}`,
      account: user.account,
      userId: `AIDA${user.accessKeyId.slice(4)}`,
      kind: 'user',
      secretAccessKey: user.secretAccessKey,
    });
    this.mfa.set(user.accessKeyId, user);
  }
  private readonly mfa = new Map<string, FakeUser>();

  removeUser(accessKeyId: string): void {
    this.principals.delete(accessKeyId);
  }

  addRole(role: FakeRole): void {
    this.roles.set(role.arn, role);
  }

  /** The next request (for `action`, when given) meets this fault, once. */
  failNext(fault: Fault, action?: string): void {
    this.faults.push(fault, action);
  }

  /** The next request (for `action`, when given) is refused with this AWS error, once. */
  refuseNext(code: AwsRefusal, action?: string): void {
    this.refusals.push({ action, code });
  }

  async start(): Promise<string> {
    this.server = await listenOnLoopback((req, res, body) => void this.handle(req, res, body));
    this.url = this.server.url;
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private send(res: ServerResponse, status: number, body: string, action: string, accessKeyId?: string): void {
    this.calls.push({ action, accessKeyId, status });
    // The Date header from the server's own clock: the SDK corrects a skewed client by it.
    res.writeHead(status, {
      'content-type': 'text/xml',
      'x-amzn-requestid': randomBytes(8).toString('hex'),
      date: new Date(Date.now() + this.clockSkewMs).toUTCString(),
    });
    res.end(body);
  }

  private error(res: ServerResponse, code: string, action: string, accessKeyId?: string, message?: string): void {
    const e = ERRORS[code] ?? { status: 400, type: 'Sender', message: code };
    this.send(res, e.status, errorXml(e.type, code, message ?? e.message), action, accessKeyId);
  }

  /** Sign-in tokens the federation endpoint issued, with the session they stand for. */
  readonly signins = new Map<string, string>();

  /**
   * The console federation endpoint (signin.aws.amazon.com/federation): getSigninToken takes the
   * JSON session credentials of a role or federated user (not of an IAM user's GetSessionToken
   * session, as AWS refuses them); login redirects to the destination for a valid token.
   */
  private federation(url: URL, res: ServerResponse): void {
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const action = url.searchParams.get('Action');
    this.calls.push({ action: `federation:${action}`, status: 0 });
    if (action === 'getSigninToken') {
      let session: { sessionId?: string; sessionKey?: string; sessionToken?: string };
      try {
        session = JSON.parse(url.searchParams.get('Session') ?? '') as typeof session;
      } catch {
        return json(400, { message: 'Session is not JSON' });
      }
      const principal = this.principals.get(session.sessionId ?? '');
      if (
        !principal ||
        principal.secretAccessKey !== session.sessionKey ||
        principal.sessionToken !== session.sessionToken ||
        (principal.expiresAt ?? 0) <= this.now()
      )
        return json(400, { message: 'The session credentials are invalid or expired' });
      if (principal.kind !== 'role' && principal.kind !== 'federated')
        return json(400, { message: 'Session credentials of an IAM user cannot sign in to the console' });
      const token = randomBytes(24).toString('base64url');
      this.signins.set(token, principal.arn);
      return json(200, { SigninToken: token });
    }
    if (action === 'login') {
      if (!this.signins.has(url.searchParams.get('SigninToken') ?? '')) return json(400, { message: 'bad token' });
      return void res.writeHead(302, { location: url.searchParams.get('Destination') ?? '/' }).end();
    }
    return json(400, { message: `unknown Action ${action}` });
  }

  /** The registry passwords GetAuthorizationToken issued (12 hours each), with whom they stand for. */
  readonly ecrLogins = new Map<string, { arn: string; expiresAt: number }>();

  /** Whether a registry login is one ECR issued and still valid (what the registry's front end checks). */
  ecrAccepts(username: string, password: string): boolean {
    const login = this.ecrLogins.get(password);
    return username === 'AWS' && login !== undefined && login.expiresAt > this.now();
  }

  /** ECR's JSON API (service "ecr"): GetAuthorizationToken, SigV4-verified like every other call. */
  private ecr(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = `ecr:${target.split('.').pop()}`;
    const json = (status: number, value: unknown, accessKeyId?: string) => {
      this.calls.push({ action, accessKeyId, status });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(value));
    };
    const auth = this.authenticate(req, body);
    if ('error' in auth) {
      const type = auth.error === 'ExpiredToken' ? 'ExpiredTokenException' : 'UnrecognizedClientException';
      return json(400, { __type: type, message: auth.message ?? auth.error }, auth.accessKeyId);
    }
    if (target !== 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken')
      return json(400, { __type: 'UnknownOperationException', message: target }, auth.accessKeyId);
    const password = randomBytes(48).toString('base64');
    const expiresAt = this.now() + 12 * 3600_000;
    this.ecrLogins.set(password, { arn: auth.principal.arn, expiresAt });
    json(
      200,
      {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
            expiresAt: expiresAt / 1000,
            proxyEndpoint: `https://${auth.principal.account}.dkr.ecr.us-east-1.amazonaws.com`,
          },
        ],
      },
      auth.accessKeyId,
    );
  }

  /** How long a key made by CreateAccessKey takes to work at STS (IAM is eventually consistent). */
  keyPropagationMs = 0;

  /**
   * The IAM access-key API of the signing user (SigV4, service "iam"): ListAccessKeys,
   * CreateAccessKey (at most two keys per user, as AWS enforces) and DeleteAccessKey.
   */
  private iam(res: ServerResponse, params: URLSearchParams, caller: Principal, akid: string): void {
    const action = params.get('Action') ?? '';
    const reply = (inner: string) =>
      this.send(
        res,
        200,
        `<${action}Response xmlns="${IAM_XMLNS}">${inner ? `<${action}Result>${inner}</${action}Result>` : ''}<ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></${action}Response>`,
        `iam:${action}`,
        akid,
      );
    const userArn = caller.kind === 'session' || caller.kind === 'user' ? caller.arn : undefined;
    if (!userArn)
      return this.error(res, 'AccessDenied', `iam:${action}`, akid, 'Only IAM users manage their keys here');
    const userName = userArn.split('/').pop() as string;
    const keys = [...this.principals].filter(([, p]) => p.kind === 'user' && p.arn === userArn);
    const date = (ms = Date.now()) => new Date(ms).toISOString();
    switch (action) {
      case 'ListAccessKeys':
        return reply(
          `<UserName>${esc(userName)}</UserName><AccessKeyMetadata>${keys
            .map(
              ([id, p]) =>
                `<member><UserName>${esc(userName)}</UserName><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><CreateDate>${date(p.createdAt)}</CreateDate></member>`,
            )
            .join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`,
        );
      case 'CreateAccessKey': {
        if (keys.length >= 2)
          return this.error(
            res,
            'LimitExceeded',
            `iam:${action}`,
            akid,
            'Cannot exceed quota for AccessKeysPerUser: 2',
          );
        const id = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
        const secret = randomBytes(30).toString('base64');
        const now = Date.now();
        this.principals.set(id, {
          ...(keys[0]?.[1] ?? { arn: userArn, account: caller.account, userId: caller.userId, kind: 'user' }),
          secretAccessKey: secret,
          createdAt: now,
          activeAt: now + this.keyPropagationMs,
        });
        return reply(
          `<AccessKey><UserName>${esc(userName)}</UserName><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><SecretAccessKey>${esc(secret)}</SecretAccessKey><CreateDate>${date(now)}</CreateDate></AccessKey>`,
        );
      }
      case 'DeleteAccessKey': {
        const id = params.get('AccessKeyId') ?? '';
        if (!keys.some(([k]) => k === id))
          return this.error(
            res,
            'NoSuchEntity',
            `iam:${action}`,
            akid,
            `The Access Key with id ${id} cannot be found.`,
          );
        this.principals.delete(id);
        return reply('');
      }
      default:
        return this.error(res, 'InvalidAction', `iam:${action}`, akid, `Could not find operation ${action}`);
    }
  }

  /** The IAM keys of a user, as IAM lists them (tests check what rotation left behind). */
  accessKeysOf(userName: string): string[] {
    return [...this.principals]
      .filter(([, p]) => p.kind === 'user' && p.arn.endsWith(`:user/${userName}`))
      .map(([id]) => id);
  }

  /** Answers with the next fault or refusal queued for `action`, if any; true when it answered. */
  private async injectFailure(req: IncomingMessage, res: ServerResponse, action: string): Promise<boolean> {
    const served = await this.faults.serve(action, req, res, AWS_DIALECT);
    if (served !== undefined) {
      this.calls.push({ action, status: typeof served === 'number' ? served : 0 });
      return true;
    }
    const refused = this.refusals.findIndex((r) => r.action === undefined || r.action === action);
    if (refused < 0) return false;
    const [{ code }] = this.refusals.splice(refused, 1) as [{ code: AwsRefusal }];
    this.error(res, code, action);
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sts');
    if (req.method === 'GET' && url.pathname === '/federation') return this.federation(url, res);
    const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    if (service === 'iam') {
      const params = new URLSearchParams(body.toString('utf8'));
      if (await this.injectFailure(req, res, params.get('Action') ?? '')) return;
      if (params.get('Version') !== '2010-05-08')
        return this.error(res, 'InvalidParameterValue', 'iam', undefined, 'Version must be 2010-05-08');
      const auth = this.authenticate(req, body);
      if ('error' in auth)
        return this.error(res, auth.error, `iam:${params.get('Action')}`, auth.accessKeyId, auth.message);
      return this.iam(res, params, auth.principal, auth.accessKeyId);
    }
    if (service === 'ecr') return this.ecr(req, res, body);
    const params = new URLSearchParams(
      req.method === 'POST' ? body.toString('utf8') : ((req.url ?? '').split('?')[1] ?? ''),
    );
    const action = params.get('Action') ?? '';
    if (await this.injectFailure(req, res, action)) return;
    if (params.get('Version') !== '2011-06-15')
      return this.error(res, 'InvalidParameterValue', action, undefined, 'Version must be 2011-06-15');
    // The one unsigned action: the caller proves itself with the identity provider's token.
    if (action === 'AssumeRoleWithWebIdentity') return this.assumeRoleWithWebIdentity(res, params);
    const auth = this.authenticate(req, body);
    if ('error' in auth) return this.error(res, auth.error, action, auth.accessKeyId, auth.message);
    const caller = auth.principal;
    const akid = auth.accessKeyId;
    switch (action) {
      case 'GetCallerIdentity':
        return this.send(
          res,
          200,
          this.result(
            action,
            `<Arn>${esc(caller.arn)}</Arn><UserId>${caller.userId}</UserId><Account>${caller.account}</Account>`,
          ),
          action,
          akid,
        );
      case 'GetSessionToken': {
        if (caller.kind !== 'user')
          return this.error(res, 'AccessDenied', action, akid, 'Cannot call GetSessionToken with session credentials');
        const user = this.mfa.get(akid);
        if (user?.mfaSerial) {
          if (params.get('SerialNumber') !== user.mfaSerial || !params.get('TokenCode'))
            return this.error(
              res,
              'AccessDenied',
              action,
              akid,
              'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
            );
          if (params.get('TokenCode') !== user.mfaCode)
            return this.error(
              res,
              'AccessDenied',
              action,
              akid,
              'MultiFactorAuthentication failed with invalid MFA one time pass code.',
            );
        }
        const duration = Number(params.get('DurationSeconds') ?? 43200);
        if (duration < 900 || duration > 129600)
          return this.error(res, 'InvalidParameterValue', action, akid, 'DurationSeconds out of range');
        const creds = this.issue({ ...caller, kind: 'session' }, duration);
        return this.send(res, 200, this.result(action, this.credentialsXml(creds)), action, akid);
      }
      case 'GetFederationToken': {
        if (caller.kind !== 'user')
          return this.error(
            res,
            'AccessDenied',
            action,
            akid,
            'Cannot call GetFederationToken with session credentials',
          );
        const name = params.get('Name') ?? '';
        if (!/^[\w+=,.@-]{2,32}$/.test(name))
          return this.error(res, 'InvalidParameterValue', action, akid, 'Name is invalid');
        const duration = Number(params.get('DurationSeconds') ?? 43200);
        if (duration < 900 || duration > 129600)
          return this.error(res, 'InvalidParameterValue', action, akid, 'DurationSeconds out of range');
        const arn = `arn:aws:sts::${caller.account}:federated-user/${name}`;
        const creds = this.issue(
          { arn, account: caller.account, userId: `${caller.account}:${name}`, kind: 'federated', secretAccessKey: '' },
          duration,
        );
        return this.send(
          res,
          200,
          this.result(
            action,
            `${this.credentialsXml(creds)}<FederatedUser><Arn>${esc(arn)}</Arn><FederatedUserId>${esc(creds.principal.userId)}</FederatedUserId></FederatedUser>`,
          ),
          action,
          akid,
        );
      }
      case 'AssumeRole': {
        const roleArn = params.get('RoleArn') ?? '';
        const role = this.roles.get(roleArn);
        const sessionName = params.get('RoleSessionName') ?? '';
        if (!role || (role.trusted && !role.trusted.some((t) => caller.arn.startsWith(t))))
          return this.error(
            res,
            'AccessDenied',
            action,
            akid,
            `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          );
        if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId)
          return this.error(
            res,
            'AccessDenied',
            action,
            akid,
            `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          );
        if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
          return this.error(res, 'InvalidParameterValue', action, akid, 'RoleSessionName is invalid');
        const duration = Number(params.get('DurationSeconds') ?? 3600);
        const max = caller.kind === 'role' ? 3600 : 43200;
        if (duration < 900 || duration > max)
          return this.error(
            res,
            'InvalidParameterValue',
            action,
            akid,
            `The requested DurationSeconds exceeds the ${max === 3600 ? '1 hour session limit for roles assumed by role chaining' : 'MaxSessionDuration set for this role'}.`,
          );
        const account = /iam::(\d{12}):/.exec(roleArn)?.[1] ?? caller.account;
        const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').pop()}/${sessionName}`;
        const creds = this.issue(
          {
            arn: assumedArn,
            account,
            userId: `AROA${randomBytes(6).toString('hex').toUpperCase()}:${sessionName}`,
            kind: 'role',
            secretAccessKey: '',
          },
          duration,
        );
        return this.send(
          res,
          200,
          this.result(
            action,
            `${this.credentialsXml(creds)}<AssumedRoleUser><Arn>${esc(assumedArn)}</Arn><AssumedRoleId>${esc(creds.principal.userId)}</AssumedRoleId></AssumedRoleUser>`,
          ),
          action,
          akid,
        );
      }
      default:
        return this.error(res, 'InvalidAction', action, akid, `Could not find operation ${action}`);
    }
  }

  private result(action: string, inner: string): string {
    return `<${action}Response xmlns="${XMLNS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></${action}Response>`;
  }

  private readonly webIdentityIssuers = new Map<string, string>();

  /** Trusts ID tokens from `issuer` with audience `audience` (keys fetched from its JWKS). */
  trustWebIdentity(issuer: string, audience: string): void {
    this.webIdentityIssuers.set(issuer, audience);
  }

  private verifyIdToken(token: string): Promise<{ iss: string; sub: string } | string> {
    return verifyIdToken(token, (iss) => this.webIdentityIssuers.get(iss), this.now());
  }

  private async assumeRoleWithWebIdentity(res: ServerResponse, params: URLSearchParams): Promise<void> {
    const action = 'AssumeRoleWithWebIdentity';
    const verified = await this.verifyIdToken(params.get('WebIdentityToken') ?? '');
    if (typeof verified === 'string')
      return verified === 'expired'
        ? this.error(res, 'ExpiredToken', action, undefined, 'Token is expired')
        : this.error(res, 'InvalidIdentityToken', action, undefined, `Invalid identity token: ${verified}`);
    const roleArn = params.get('RoleArn') ?? '';
    const role = this.roles.get(roleArn);
    if (!role || (role.trusted && !role.trusted.includes(verified.iss)))
      return this.error(
        res,
        'AccessDenied',
        action,
        undefined,
        `Not authorized to perform sts:AssumeRoleWithWebIdentity on ${roleArn}`,
      );
    const sessionName = params.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
      return this.error(res, 'InvalidParameterValue', action, undefined, 'RoleSessionName is invalid');
    const account = /iam::(\d{12}):/.exec(roleArn)?.[1] ?? '000000000000';
    const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').pop()}/${sessionName}`;
    const creds = this.issue(
      {
        arn: assumedArn,
        account,
        userId: `AROA${randomBytes(6).toString('hex').toUpperCase()}:${sessionName}`,
        kind: 'role',
        secretAccessKey: '',
      },
      Number(params.get('DurationSeconds') ?? 3600),
    );
    return this.send(
      res,
      200,
      this.result(
        action,
        `${this.credentialsXml(creds)}<SubjectFromWebIdentityToken>${esc(verified.sub)}</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>${esc(assumedArn)}</Arn><AssumedRoleId>${creds.principal.userId}</AssumedRoleId></AssumedRoleUser>`,
      ),
      action,
    );
  }

  /** Session credentials for a known user or a role, as the demo seeds them. */
  mint(
    who: { accessKeyId: string } | { roleArn: string; sessionName: string },
    durationSeconds: number,
  ): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string; arn: string } {
    let base: Principal;
    if ('accessKeyId' in who) {
      const user = this.principals.get(who.accessKeyId);
      if (!user) throw new Error(`unknown access key ${who.accessKeyId}`);
      base = { ...user, kind: 'session' };
    } else {
      const account = /iam::(\d{12}):/.exec(who.roleArn)?.[1] ?? '000000000000';
      base = {
        arn: `arn:aws:sts::${account}:assumed-role/${who.roleArn.split('/').pop()}/${who.sessionName}`,
        account,
        userId: `AROADEMO:${who.sessionName}`,
        kind: 'role',
        secretAccessKey: '',
      };
    }
    const { accessKeyId, principal } = this.issue(base, durationSeconds);
    return {
      accessKeyId,
      secretAccessKey: principal.secretAccessKey,
      sessionToken: principal.sessionToken ?? '',
      expiration: new Date(principal.expiresAt ?? 0).toISOString(),
      arn: principal.arn,
    };
  }

  private issue(base: Principal, durationSeconds: number) {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const principal: Principal = {
      ...base,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(60).toString('base64'),
      expiresAt: this.now() + durationSeconds * 1000,
    };
    this.principals.set(accessKeyId, principal);
    return { accessKeyId, principal };
  }

  private credentialsXml({ accessKeyId, principal }: { accessKeyId: string; principal: Principal }): string {
    return `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${esc(principal.secretAccessKey)}</SecretAccessKey><SessionToken>${esc(principal.sessionToken ?? '')}</SessionToken><Expiration>${new Date(principal.expiresAt ?? 0).toISOString()}</Expiration></Credentials>`;
  }

  /** SigV4 verification of the request, as AWS does it. */
  private authenticate(
    req: IncomingMessage,
    body: Buffer,
  ): { principal: Principal; accessKeyId: string } | { error: string; accessKeyId?: string; message?: string } {
    const [path, query = ''] = (req.url ?? '/').split('?');
    const params = new URLSearchParams(query);
    // A presigned URL (an EKS token's) carries in its query what a request carries in headers.
    const presigned = !req.headers.authorization && params.has('X-Amz-Signature');
    const header = presigned
      ? `${params.get('X-Amz-Algorithm')} Credential=${params.get('X-Amz-Credential')}, SignedHeaders=${params.get('X-Amz-SignedHeaders')}, Signature=${params.get('X-Amz-Signature')}`
      : (req.headers.authorization ?? '');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        header,
      );
    if (!m) return { error: 'MissingAuthenticationToken' };
    const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
    const principal = this.principals.get(accessKeyId as string);
    if (!principal) return { error: 'InvalidClientTokenId', accessKeyId };
    const sessionToken = presigned ? params.get('X-Amz-Security-Token') : req.headers['x-amz-security-token'];
    if (principal.sessionToken !== undefined && sessionToken !== principal.sessionToken)
      return { error: 'InvalidClientTokenId', accessKeyId };
    const amzDate = String((presigned ? params.get('X-Amz-Date') : req.headers['x-amz-date']) ?? '');
    const canonicalQuery = query
      .split('&')
      .filter((p) => p && !p.startsWith('X-Amz-Signature='))
      .map((p) =>
        p
          .split('=')
          .map((x) => uriEncode(decodeURIComponent(x ?? '')))
          .join('='),
      )
      .sort()
      .join('&');
    const headerNames = (signedHeaders as string).split(';');
    const canonicalHeaders = headerNames
      .map(
        (h) =>
          `${h}:${String(req.headers[h] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? sha256(presigned ? '' : body));
    const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join(
      '\n',
    );
    const scope = `${date}/${region}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    const key = hmac(
      hmac(hmac(hmac(`AWS4${principal.secretAccessKey}`, date as string), region as string), service as string),
      'aws4_request',
    );
    const expected = hmac(key, stringToSign);
    if (!timingSafeEqual(expected, Buffer.from(signature as string, 'hex')))
      return { error: 'SignatureDoesNotMatch', accessKeyId };
    // AWS refuses a signature more than 15 minutes off its own clock, in these words.
    const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const clock = Date.now() + this.clockSkewMs;
    if (Math.abs(signedAt - clock) > 15 * 60_000) {
      const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '');
      return {
        error: 'SignatureDoesNotMatch',
        accessKeyId,
        message:
          signedAt < clock
            ? `Signature expired: ${amzDate} is now earlier than ${stamp(clock - 15 * 60_000)} (${stamp(clock)} - 15 min.)`
            : `Signature not yet current: ${amzDate} is still later than ${stamp(clock + 15 * 60_000)} (${stamp(clock)} + 15 min.)`,
      };
    }
    if (principal.expiresAt !== undefined && principal.expiresAt <= this.now())
      return { error: 'ExpiredToken', accessKeyId };
    if (principal.activeAt !== undefined && principal.activeAt > Date.now())
      return { error: 'InvalidClientTokenId', accessKeyId };
    return { principal, accessKeyId: accessKeyId as string };
  }
}
