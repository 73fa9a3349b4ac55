// The demo's sample setup in a throwaway directory (file store with a random password, XDG dirs
// in a temp dir), with sessions expiring at different times, and its loopback peers. Secrets
// seeded here are obviously fake. `authui demo` (src/cli/demo.ts) runs the dashboard on it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../auth/clock.js';
import { nodeId } from '../auth/config/types.js';
import { SessionIndex, type IndexedSession } from '../auth/session-index.js';
import { entryName } from '../auth/stores/types.js';
import { createApp, type App } from '../app/app.js';
import type { IO } from '../app/io.js';
import { FakeOidcProvider } from './fake-oidc.js';
import { FakeSso } from './fake-sso.js';
import { FakeSts } from './fake-sts.js';
import { FakeSmtp } from './fake-smtp.js';
import { FakeTokenService } from './fake-token-service.js';
import { FakeVendors } from './fake-vendors.js';

const DEMO_CONFIG = `# The authui demo configuration (written to a temp dir by "authui demo").
auth:
  keyring: { type: file }
  providers:
    acme-sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://acme.awsapps.com/start }
    corp:     { kind: oidc, issuer: "OIDC_URL", client_id: authui-demo, flow: device, scopes: [openid, offline_access, email] }
    kitty:    { kind: token-service, base_url: "KITTY_URL", username: ada, fallback: { provider: kitty-key } }
    kitty-key: { kind: api-key/generic, base_url: "KITTY_URL", description: kitty fallback key }
    openai:   { kind: api-key/openai, organization: org-demo, base_url: "VENDORS_URL/openai/v1" }
    claude:   { kind: api-key/anthropic, workspace: research, base_url: "VENDORS_URL/anthropic" }
    hf:       { kind: api-key/huggingface, base_url: "VENDORS_URL/hf", rotate_after: 90d }
    mail:     { kind: smtp, host: 127.0.0.1, port: SMTP_PORT, tls: none, username: alerts@example.com, from: alerts@example.com }
  identities:
    dev:           { kind: aws/user, default: true, credentials: { region: us-east-1, mfa_arn: "arn:aws:iam::111122223333:mfa/dev" }, session: { duration: 12h } }
    dev-admin:     { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin", session_name: dev } }
    dev-audit:     { kind: aws/assume-role, via: { identity: dev-admin }, principal: { assume_role: "arn:aws:iam::999988887777:role/Audit", region: eu-west-1 } }
    ci-bot:        { kind: aws/user, credentials: { region: us-west-2 } }
    "team/data.eng": { kind: aws/assume-role, via: { identity: ci-bot }, principal: { assume_role: "arn:aws:iam::222233334444:role/DataEng" } }
    prod-ro:       { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: ReadOnly, account: { id: "444455556666" } } }
    prod-admin:    { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: AdministratorAccess, account: { id: "444455556666" } } }
    staging-dev:   { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: Developer, account: { id: "555566667777" } } }
`;

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Offsets from now for each seeded session; null = no expiry (API key, SMTP password). */
const DEMO_SESSIONS: Record<string, number | null> = {
  'identity:dev': 11 * HOUR + 42 * MIN,
  'identity:dev-admin': 52 * MIN,
  'identity:dev-audit': 9 * MIN,
  'identity:ci-bot': -5 * MIN,
  'identity:prod-ro': 7 * HOUR + 3 * MIN,
  'identity:staging-dev': 15 * MIN + 40_000,
  'provider:acme-sso': 7 * HOUR + 58 * MIN,
  'provider:corp': 70_000,
  // Inside the 15-minute window and renewed by itself at the first minute check (5 minutes ahead).
  'provider:kitty': 5 * MIN + 40_000,
  'provider:kitty-key': null,
  'provider:openai': null,
  'provider:mail': null,
};

/** Keys and passwords the demo's loopback vendors and SMTP server take (the README lists them). */
const DEMO_KEYS = {
  openai: 'sk-demo-openai-not-a-real-key-0001',
  anthropic: 'sk-ant-demo-not-a-real-key-0002',
  hf: 'hf_demoNotARealToken0003',
  smtpUser: 'alerts@example.com',
  smtpPassword: 'demo-smtp-app-password',
};

async function startDemoVendors(): Promise<FakeVendors> {
  const vendors = new FakeVendors();
  await vendors.start();
  vendors.openai.set(DEMO_KEYS.openai, { organization: 'org-demo' });
  vendors.anthropic.add(DEMO_KEYS.anthropic);
  vendors.hf.set(DEMO_KEYS.hf, { user: 'ada', orgs: ['acme'], role: 'write' });
  return vendors;
}

async function startDemoSmtp(): Promise<FakeSmtp> {
  const smtp = new FakeSmtp();
  await smtp.start();
  smtp.users.set(DEMO_KEYS.smtpUser, DEMO_KEYS.smtpPassword);
  return smtp;
}

/** The demo token service's user (the README lists it): `l` on kitty asks for it. */
const DEMO_KITTY = { username: 'ada', password: 'demo-kitty-password', accessSeconds: 10 * 60 };

async function startDemoKitty(): Promise<FakeTokenService> {
  const kitty = new FakeTokenService();
  await kitty.start();
  kitty.addUser(DEMO_KITTY.username, DEMO_KITTY.password);
  kitty.accessSeconds = DEMO_KITTY.accessSeconds;
  return kitty;
}

/** The demo's OpenID Provider: its "browser" approves a device code after a few seconds. */
async function startDemoOidc(): Promise<FakeOidcProvider> {
  const oidc = new FakeOidcProvider();
  await oidc.start();
  oidc.autoApproveMs = DEMO_SSO_APPROVE_MS;
  return oidc;
}

/** Keys the demo's loopback STS accepts (the README lists them): type them after `l`. */
const DEMO_USERS = {
  dev: {
    accessKeyId: 'AKIADEMODEV000000001',
    secretAccessKey: 'demo-dev-secret-not-a-real-key-000001',
    userName: 'dev',
    account: '111122223333',
    mfaSerial: 'arn:aws:iam::111122223333:mfa/dev',
    mfaCode: '123456',
  },
  'ci-bot': {
    accessKeyId: 'AKIADEMOCIBOT0000002',
    secretAccessKey: 'demo-ci-secret-not-a-real-key-0000002',
    userName: 'ci-bot',
    account: '111122223333',
  },
} as const;

const DEMO_ROLES: Record<string, string> = {
  'identity:dev-admin': 'arn:aws:iam::111122223333:role/Admin',
  'identity:dev-audit': 'arn:aws:iam::999988887777:role/Audit',
  'identity:team/data.eng': 'arn:aws:iam::222233334444:role/DataEng',
};

async function startDemoSts(): Promise<FakeSts> {
  const sts = new FakeSts();
  await sts.start();
  for (const user of Object.values(DEMO_USERS)) sts.addUser(user);
  for (const arn of Object.values(DEMO_ROLES)) sts.addRole({ arn });
  return sts;
}

/** The demo's IAM Identity Center: its "browser" approves each sign-in after a few seconds. */
const DEMO_SSO_APPROVE_MS = 4000;
const DEMO_ASSIGNMENTS: Record<string, { accountId: string; accountName: string; roleName: string }> = {
  'identity:prod-ro': { accountId: '444455556666', accountName: 'production', roleName: 'ReadOnly' },
  'identity:prod-admin': { accountId: '444455556666', accountName: 'production', roleName: 'AdministratorAccess' },
  'identity:staging-dev': { accountId: '555566667777', accountName: 'staging', roleName: 'Developer' },
};

async function startDemoSso(sts: FakeSts): Promise<FakeSso> {
  const sso = new FakeSso(sts);
  await sso.start();
  sso.autoApproveMs = DEMO_SSO_APPROVE_MS;
  for (const assignment of Object.values(DEMO_ASSIGNMENTS)) sso.assign(assignment);
  return sso;
}

/** A config with `count` extra synthetic identities, for the bench and load tests. */
function syntheticConfig(count: number): string {
  const lines = [DEMO_CONFIG.trimEnd()];
  for (let i = 0; i < count; i++) {
    const account = String(100000000000 + i).padStart(12, '0');
    lines.push(
      `    load-${String(i).padStart(5, '0')}: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: Role${i % 7}, account: { id: "${account}" } } }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface DemoOptions {
  identities?: number;
  /** Keep the directory (tests inspect it); otherwise it is removed at exit. */
  dir?: string;
}

export async function prepareDemo(
  io: IO,
  opts: DemoOptions,
): Promise<{ app: App; dir: string; peers: { stop(): Promise<void> }[] }> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'authui-demo-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'run'), { recursive: true, mode: 0o700 });
  const sts = await startDemoSts();
  const sso = await startDemoSso(sts);
  const kitty = await startDemoKitty();
  const vendors = await startDemoVendors();
  const smtp = await startDemoSmtp();
  const oidc = await startDemoOidc();
  const env = {
    ...io.env,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_DATA_HOME: join(dir, 'data'),
    // The session cache and the prompt broker's socket too: the demo must not read or answer
    // for the user's real sessions, nor leave files in the real runtime directory.
    XDG_RUNTIME_DIR: join(dir, 'run'),
    AUTHUI_KEYRING: 'file',
    // The throwaway store uses the machine-bound key, so `--dir` workspaces (bench) stay readable.
    AUTHUI_KEYRING_PASSWORD: '',
    AUTHUI_AWS_FILES_BASE_PATH: join(dir, 'aws'),
    // Every AWS call of the demo goes to its own loopback STS.
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
    AWS_ENDPOINT_URL_SSO: sso.url,
  };
  const configPath = join(dir, 'authui.yaml');
  const text = opts.identities ? syntheticConfig(opts.identities) : DEMO_CONFIG;
  writeFileSync(
    configPath,
    text
      .replaceAll('KITTY_URL', kitty.url)
      .replaceAll('VENDORS_URL', vendors.url)
      .replaceAll('SMTP_PORT', String(smtp.port))
      .replaceAll('OIDC_URL', oidc.issuer),
    { mode: 0o600 },
  );
  const demoIO = { ...io, env };
  const app = createApp({ io: demoIO, global: { config: configPath } });
  const workspace = await app.workspace();
  const now = systemClock.now();
  const { paths } = app;
  const index = new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {});
  const seeded: Record<string, IndexedSession> = {};
  const offsets: [string, number | null][] = Object.entries(DEMO_SESSIONS);
  for (let i = 0; i < (opts.identities ?? 0); i++) {
    // Synthetic rows spread from expired to ~8h left, so every state shows up.
    offsets.push([nodeId('identity', `load-${String(i).padStart(5, '0')}`), ((i * 7919) % (8 * 60)) * MIN - 30 * MIN]);
  }
  for (const [id, offset] of offsets) {
    seeded[id] = {
      obtainedAt: new Date(now).toISOString(),
      expiresAt: offset === null ? undefined : new Date(now + offset).toISOString(),
      backend: workspace.store.backend,
    };
  }
  // Live AWS and IAM Identity Center sessions are minted by the demo's STS and SSO peers, so
  // chains built on them really work; the rest get obviously fake secrets. Synthetic rows only have metadata.
  for (const [id, offset] of Object.entries(DEMO_SESSIONS)) {
    const user = id === 'identity:dev' ? DEMO_USERS.dev : undefined;
    const role = DEMO_ROLES[id];
    const assignment = DEMO_ASSIGNMENTS[id];
    let secret: Record<string, unknown> = { note: 'demo session, not a real secret' };
    if (id === 'provider:kitty' && offset !== null) {
      // A real token pair of the demo's token service, so renewal and ws tokens work.
      const pair = kitty.issue(DEMO_KITTY.username);
      secret = { ...pair, accessExpiresAt: now + offset, refreshExpiresAt: now + 7 * 24 * HOUR };
      Object.assign(seeded[id] as IndexedSession, {
        subject: DEMO_KITTY.username,
        server: new URL(kitty.url).host,
        renewableUntil: new Date(now + 7 * 24 * HOUR).toISOString(),
      });
    } else if (id === 'provider:corp' && offset !== null) {
      // A real token set of the demo's OpenID Provider: the refresh manager renews it by itself.
      const tokens = oidc.issue('authui-demo');
      secret = {
        accessToken: tokens.access_token,
        tokenType: 'Bearer',
        idToken: tokens.id_token,
        refreshToken: tokens.refresh_token,
      };
      Object.assign(seeded[id] as IndexedSession, { subject: 'ada@example.com', server: new URL(oidc.issuer).host });
    } else if (id === 'provider:kitty-key') {
      secret = { key: 'demo-kitty-fallback-key-not-real' };
      Object.assign(seeded[id] as IndexedSession, { unvalidated: true });
    } else if (id === 'provider:openai') {
      // A key the demo's loopback OpenAI takes, seeded as checked; claude and hf wait for `l`.
      secret = { key: DEMO_KEYS.openai };
      Object.assign(seeded[id] as IndexedSession, { validatedAt: new Date(now).toISOString(), subject: 'org-demo' });
    } else if (id === 'provider:mail') {
      secret = { username: DEMO_KEYS.smtpUser, password: DEMO_KEYS.smtpPassword };
      Object.assign(seeded[id] as IndexedSession, {
        validatedAt: new Date(now).toISOString(),
        subject: DEMO_KEYS.smtpUser,
        server: `127.0.0.1:${smtp.port}`,
      });
    } else if (id === 'provider:acme-sso' && offset !== null) {
      // A real token of the demo's IAM Identity Center (no refresh token: renewal signs in again).
      secret = {
        accessToken: sso.mintToken(Math.round(offset / 1000)),
        refreshToken: '',
        clientId: '',
        clientSecret: '',
        clientExpiresAt: '0',
      };
    } else if (assignment && offset !== null && offset > 0) {
      const minted = sso.roleCredentials(assignment.accountId, assignment.roleName, Math.round(offset / 1000));
      secret = {
        accessKeyId: minted.accessKeyId,
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
      };
    } else if (offset !== null && offset > 0 && (user || role)) {
      const minted = sts.mint(
        user ? { accessKeyId: user.accessKeyId } : { roleArn: role as string, sessionName: 'dev' },
        Math.round(offset / 1000),
      );
      secret = {
        accessKeyId: minted.accessKeyId,
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
      };
      Object.assign(seeded[id] as IndexedSession, {
        account: /::(\d{12}):/.exec(minted.arn)?.[1],
        subject: minted.arn.replace(/^.*:(user|assumed-role)\//, '$1/'),
      });
    } else if (id.startsWith('identity:')) {
      secret = {
        accessKeyId: `ASIADEMO${randomBytes(6).toString('hex').toUpperCase()}`,
        secretAccessKey: 'demo-not-a-real-secret',
        sessionToken: 'demo-not-a-real-token',
      };
    }
    await workspace.store.set(entryName.session(id), JSON.stringify(secret));
  }
  await index.update((sessions) => Object.assign(sessions, seeded));
  // The AWS files too, as a login writes them: `eval "$(authui env dev)"; aws …` works at once.
  for (const id of Object.keys(DEMO_SESSIONS))
    if (id.startsWith('identity:')) await workspace.engine.writeOutputs(id.slice('identity:'.length));
  return { app, dir, peers: [sts, sso, kitty, vendors, smtp, oidc] };
}
