import { chmodSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { resolvePaths } from '../../src/auth/paths.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/auth/config/load.js';
import { parseConfigText } from '../../src/auth/config/parse.js';
import { AuthError } from '../../src/auth/errors.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const BASE = `auth:
  providers:
    acme-sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://acme.awsapps.com/start }
  identities:
    dev: { kind: aws/user, default: true, credentials: { region: us-east-1, mfa_arn: "arn:aws:iam::111122223333:mfa/dev" } }
    dev-admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
    "team.a/prod-ro": { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: ReadOnly, account: { id: "444455556666" } } }
`;

async function errorsOf(text: string) {
  return (await parseConfigText(text, 'c.yaml', 'authui')).issues.filter((i) => i.severity === 'error');
}

describe('config parsing', () => {
  it('loads providers and identities, quoted names with dots and slashes included', async () => {
    const { config, issues } = await parseConfigText(BASE, 'c.yaml', 'authui');
    expect(issues).toEqual([]);
    expect(config?.nodes.map((n) => n.id)).toEqual([
      'provider:acme-sso',
      'identity:dev',
      'identity:dev-admin',
      'identity:team.a/prod-ro',
    ]);
    const ro = config?.nodes.find((n) => n.name === 'team.a/prod-ro');
    expect(ro?.via).toEqual({ type: 'provider', name: 'acme-sso' });
    expect(config?.nodes.find((n) => n.name === 'dev')?.sessionDuration).toBe(12 * 3600);
  });

  it('reports malformed YAML with its line and column', async () => {
    const issues = await errorsOf('auth:\n  identities:\n    dev: { kind: aws/user\n');
    expect(issues[0]?.message).toMatch(/YAML syntax error/);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
    expect(issues[0]?.hint).toBeTruthy();
  });

  it('names an unknown kind at its position and lists the supported ones', async () => {
    const [issue] = await errorsOf('auth:\n  identities:\n    x: { kind: aws/usr }\n');
    expect(issue).toMatchObject({ line: 3, column: 16, key: 'auth.identities.x.kind' });
    expect(issue?.hint).toContain('aws/user');
  });

  it('suggests moving a provider kind written under identities', async () => {
    const [issue] = await errorsOf(
      'auth:\n  identities:\n    x: { kind: oidc, issuer: https://a.example, client_id: c }\n',
    );
    expect(issue?.hint).toMatch(/provider kind/);
  });

  it('rejects via pointing at a missing node, listing what exists', async () => {
    const [issue] = await errorsOf(BASE.replace('via: { identity: dev }', 'via: { identity: ghost }'));
    expect(issue?.message).toContain('"ghost", which is not defined');
    expect(issue?.hint).toContain('dev');
    expect(issue?.key).toBe('auth.identities.dev-admin.via.identity');
  });

  it('rejects a via cycle once, naming the loop', async () => {
    const text = `auth:
  identities:
    a: { kind: aws/assume-role, via: { identity: b }, principal: { assume_role: "arn:aws:iam::111122223333:role/A" } }
    b: { kind: aws/assume-role, via: { identity: a }, principal: { assume_role: "arn:aws:iam::111122223333:role/B" } }
`;
    const cycles = (await errorsOf(text)).filter((i) => i.message.includes('cycle'));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.message).toMatch(/a → b → a|b → a → b/);
  });

  it('rejects a missing required via and a wrong via kind', async () => {
    const text = `auth:
  providers:
    corp: { kind: oidc, issuer: https://login.example.com, client_id: c }
  identities:
    r: { kind: aws/assume-role, principal: { assume_role: "arn:aws:iam::111122223333:role/A" } }
    p: { kind: aws/permission-set, via: { provider: corp }, principal: { name: X, account: { id: "111122223333" } } }
`;
    const issues = await errorsOf(text);
    const messages = issues.map((i) => i.message);
    expect(issues).toContainEqual(
      expect.objectContaining({
        key: 'auth.identities.r.via',
        message: 'required key is missing',
        hint: 'Add this required key.',
      }),
    );
    expect(messages.some((m) => m.includes('cannot come via oidc'))).toBe(true);
  });

  it('explains that a role is assumed via a permission set, not via the IAM Identity Center provider', async () => {
    const [issue] = await errorsOf(`auth:
  providers:
    sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://acme.awsapps.com/start }
  identities:
    r: { kind: aws/assume-role, via: { provider: sso }, principal: { assume_role: "arn:aws:iam::111122223333:role/A" } }
`);
    expect(issue).toMatchObject({
      key: 'auth.identities.r.via.provider',
      line: 5,
      message: 'aws/assume-role cannot come via aws/iam-identity-center "sso"',
      hint: expect.stringContaining('define an aws/permission-set identity via "sso"'),
    });
  });

  it.each([
    ['"../etc"', 'path traversal'],
    ['"a/../b"', 'path traversal'],
    ['"a\\0b"', 'control character'],
    ['"line\\nbreak"', 'control character'],
  ])('rejects the hostile name %s', async (name, why) => {
    const [issue] = await errorsOf(`auth:\n  identities:\n    ${name}: { kind: aws/user }\n`);
    expect(issue?.message).toContain(why);
    expect(issue?.line).toBe(3);
  });

  it('clamps out-of-range durations with a warning and rejects nonsense', async () => {
    const long = await parseConfigText(
      BASE.replace('credentials: {', 'session: { duration: 40h }, credentials: {'),
      'c.yaml',
      'authui',
    );
    expect(long.config?.nodes.find((n) => n.name === 'dev')?.sessionDuration).toBe(36 * 3600);
    expect(long.issues[0]).toMatchObject({ severity: 'warning', key: 'auth.identities.dev.session.duration' });
    const noMfa = await parseConfigText(
      'auth:\n  identities:\n    u: { kind: aws/user, session: { duration: 20h } }\n',
      'c.yaml',
      'authui',
    );
    expect(noMfa.config?.nodes[0]?.sessionDuration).toBe(12 * 3600);
    const short = await parseConfigText(
      'auth:\n  identities:\n    u: { kind: aws/user, session: { duration: 60 } }\n',
      'c.yaml',
      'authui',
    );
    expect(short.config?.nodes[0]?.sessionDuration).toBe(900);
    expect(
      (await errorsOf('auth:\n  identities:\n    u: { kind: aws/user, session: { duration: soon } }\n'))[0]?.message,
    ).toContain('invalid duration');
  });

  it('refresh timers: a check interval or backoff over a day is a typo reported, not a timer that spins', async () => {
    for (const key of ['check_interval', 'backoff'])
      expect((await errorsOf(`auth:\n  refresh: { ${key}: 60000000000 }\n`))[0]?.message, key).toBe(
        'invalid duration 60000000000 (at most 24h)',
      );
    const { config, issues } = await parseConfigText(
      'auth:\n  refresh: { check_interval: 24h, backoff: 1h }\n',
      'c.yaml',
      'authui',
    );
    expect(issues).toEqual([]);
    expect(config?.refresh).toMatchObject({ checkIntervalMs: 86_400_000, backoffMs: 3_600_000 });
  });

  it('caps a role assumed from role credentials at 1h', async () => {
    const text = `${BASE}    deeper: { kind: aws/assume-role, via: { identity: dev-admin }, principal: { assume_role: "arn:aws:iam::111122223333:role/B" }, session: { duration: 4h } }\n`;
    const { config, issues } = await parseConfigText(text, 'c.yaml', 'authui');
    expect(config?.nodes.find((n) => n.name === 'deeper')?.sessionDuration).toBe(3600);
    expect(issues.some((i) => i.message.includes('role assumed from role credentials'))).toBe(true);
  });

  it('rejects plain http except on loopback', async () => {
    expect(
      (await errorsOf('auth:\n  providers:\n    k: { kind: token-service, base_url: http://kitty.example.com }\n'))[0]
        ?.message,
    ).toMatch(/https/);
    expect(
      await errorsOf('auth:\n  providers:\n    k: { kind: token-service, base_url: http://127.0.0.1:8080 }\n'),
    ).toEqual([]);
  });

  it('reports unknown keys at the key, and duplicate names across providers and identities', async () => {
    const [typo] = await errorsOf(BASE.replace('default: true', 'defualt: true'));
    expect(typo).toMatchObject({ key: 'auth.identities.dev.defualt', line: 5 });
    const dup = await errorsOf(`${BASE}    acme-sso: { kind: aws/user }\n`);
    expect(dup.some((i) => i.message.includes('both a provider and an identity'))).toBe(true);
  });

  it('needs an auth: section in authui.yaml, and skips an atmos.yaml without one', async () => {
    expect((await errorsOf('identities: {}\n'))[0]?.message).toContain('no "auth:" section');
    expect((await parseConfigText('components: {}\n', 'atmos.yaml', 'atmos')).noAuthSection).toBe(true);
  });
});

describe('config discovery', () => {
  function setup() {
    const dir = tempDir();
    const cwd = join(dir, 'work');
    mkdirSync(cwd, { recursive: true });
    return { dir, cwd, env: isolatedEnv(dir) };
  }

  it('follows the search order: --config, AUTHUI_CONFIG, ./authui.yaml, ./atmos.yaml, XDG', async () => {
    const { dir, cwd, env } = setup();
    const xdg = join(dir, 'config', 'authui');
    mkdirSync(xdg, { recursive: true });
    const one = (name: string) => `auth:\n  identities:\n    ${name}: { kind: aws/user }\n`;
    writeFileSync(join(xdg, 'config.yaml'), one('from-xdg'));
    const names = async (extra: Record<string, string> = {}, configPath?: string) =>
      (
        await loadConfig({ env: { ...env, ...extra }, cwd, configPath, paths: resolvePaths({ ...env, ...extra }) })
      ).nodes.map((n) => n.name);
    expect(await names()).toEqual(['from-xdg']);
    writeFileSync(join(cwd, 'atmos.yaml'), `components: {}\n`);
    expect(await names()).toEqual(['from-xdg']); // atmos.yaml without auth: is skipped
    writeFileSync(join(cwd, 'atmos.yaml'), `base_path: .\n${one('from-atmos')}`);
    expect(await names()).toEqual(['from-atmos']);
    writeFileSync(join(cwd, 'authui.yaml'), one('from-cwd'));
    expect(await names()).toEqual(['from-cwd']);
    writeFileSync(join(dir, 'env.yaml'), one('from-env'));
    expect(await names({ AUTHUI_CONFIG: join(dir, 'env.yaml') })).toEqual(['from-env']);
    writeFileSync(join(dir, 'flag.yaml'), one('from-flag'));
    expect(await names({ AUTHUI_CONFIG: join(dir, 'env.yaml') }, join(dir, 'flag.yaml'))).toEqual(['from-flag']);
  });

  it('says where it looked when there is no configuration', async () => {
    const { cwd, env } = setup();
    const error = await loadConfig({ env, cwd, paths: resolvePaths(env) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).explanation).toContain('./authui.yaml');
    expect((error as AuthError).hint).toContain('--config');
  });

  it('reports an unreadable file clearly', async () => {
    const { cwd, env } = setup();
    const path = join(cwd, 'authui.yaml');
    writeFileSync(path, BASE);
    chmodSync(path, 0o000);
    if (process.getuid?.() === 0) {
      // root reads anything; a directory in the file's place is the unreadable case here.
      const error = await loadConfig({ env, cwd, configPath: cwd, paths: resolvePaths(env) }).catch((e: unknown) => e);
      expect((error as AuthError).message).toContain('it is a directory');
    } else {
      const error = await loadConfig({ env, cwd, paths: resolvePaths(env) }).catch((e: unknown) => e);
      expect((error as AuthError).message).toContain('permission denied');
    }
  });

  it('serves the cache until the file changes, then re-validates', async () => {
    const { dir, cwd, env } = setup();
    const path = join(cwd, 'authui.yaml');
    writeFileSync(path, BASE);
    const first = await loadConfig({ env, cwd, paths: resolvePaths(env) });
    expect(readdirSync(join(dir, 'cache', 'authui', 'config'))).toHaveLength(1);
    expect((await loadConfig({ env, cwd, paths: resolvePaths(env) })).nodes).toEqual(first.nodes);
    writeFileSync(path, `${BASE}    broken: { kind: nope }\n`);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const error = await loadConfig({ env, cwd, paths: resolvePaths(env) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.line).toBe(8);
  });
});

describe('type errors', () => {
  it('say what was expected, not that the key is missing (zod 4 leaves the input out of its issues)', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    mail: { kind: smtp, host: smtp.example.com, port: "587" }\n    svc: { kind: api-key/generic, with_secret: 1 }\n    box: { kind: smtp, port: 25 }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => [i.key, i.message, i.hint])).toEqual([
      ['auth.providers.mail.port', 'Invalid input: expected number, received string', 'Expected a number.'],
      ['auth.providers.svc.with_secret', 'Invalid input: expected boolean, received number', 'Expected a boolean.'],
      ['auth.providers.box.host', 'required key is missing', 'Add this required key.'],
    ]);
  });
});

describe('oidc settings', () => {
  const issuesOf = async (providers: string) =>
    (await parseConfigText(`auth:\n  providers:\n${providers}`, 'c.yaml', 'authui')).issues.map((i) => [
      i.key,
      i.line,
      i.column,
      i.message,
    ]);

  it('a preset is checked like any config: a missing client_id or tenant names file:line:col', async () => {
    expect(
      await issuesOf(
        '    az: { kind: oidc, preset: entra, client_id: x }\n    gh:\n      kind: oidc\n      preset: github\n',
      ),
    ).toEqual([
      [
        'auth.providers.az.tenant',
        3,
        9,
        'the entra preset needs a "tenant": common, organizations, consumers, or your tenant id or domain',
      ],
      ['auth.providers.gh.client_id', 5, 7, 'required key is missing'],
    ]);
  });

  it('issuer or endpoints, not neither and not both; preset keys only with their preset; no unknown preset', async () => {
    const issues = await issuesOf(
      [
        '    a: { kind: oidc, client_id: x }',
        '    b: { kind: oidc, client_id: x, issuer: "https://id.example.com", token_endpoint: "https://id.example.com/t" }',
        '    c: { kind: oidc, client_id: x, issuer: "https://id.example.com", tenant: common }',
        '    d: { kind: oidc, client_id: x, preset: okta }',
        '',
      ].join('\n'),
    );
    expect(issues.map(([key, , , message]) => `${key}: ${message}`)).toEqual([
      'auth.providers.a.issuer: needs an "issuer" (for discovery), a "token_endpoint" (endpoints by hand), or a "preset"',
      'auth.providers.b.token_endpoint: give either "issuer" (discovery) or the endpoints by hand, not both',
      'auth.providers.c.tenant: "tenant" applies only to preset: entra',
      expect.stringMatching(/^auth\.providers\.d\.preset: Invalid option: expected one of "google"\|"github"\|"entra"/),
    ]);
  });

  it('a client secret pasted into the config is refused without being repeated', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    m: { kind: oidc, issuer: "https://id.example.com", client_id: x, client_secret: "s3cr3t-canary" }\n',
      'c.yaml',
      'authui',
    );
    expect(issues[0]?.key).toBe('auth.providers.m.client_secret');
    expect(JSON.stringify(issues)).not.toContain('s3cr3t-canary');
  });
});

describe('config: auth.integrations', () => {
  const withIntegrations = (section: string) => `${BASE}  integrations:\n${section}`;

  it("names each registry host once, via a declared node; Atmos's aws/ecr spelling gives ECR's host", async () => {
    const { config, issues } = await parseConfigText(
      withIntegrations(`    dev/ecr/primary:
      kind: aws/ecr
      via: { identity: dev }
      spec: { auto_provision: true, registry: { account_id: "111122223333", region: eu-west-1 } }
    ghcr: { kind: registry, via: { identity: dev-admin }, spec: { registry: { host: GHCR.io }, username: ada } }
    dev/eks: { kind: aws/eks, via: { identity: dev }, spec: { cluster: { name: prod } } }
`),
      'c.yaml',
      'authui',
    );
    expect(config?.integrations).toEqual([
      {
        name: 'dev/ecr/primary',
        kind: 'aws/ecr',
        via: { type: 'identity', name: 'dev' },
        host: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
      },
      {
        name: 'ghcr',
        kind: 'registry',
        via: { type: 'identity', name: 'dev-admin' },
        host: 'ghcr.io',
        username: 'ada',
      },
    ]);
    // An Atmos integration authui does not act on is said and left out, not an error.
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', key: 'auth.integrations.dev/eks.kind' })]);
  });

  it('refuses an unknown node, a second integration for one host, a host with a scheme or path, a malformed account id', async () => {
    const errors = await errorsOf(
      withIntegrations(`    a: { kind: registry, via: { provider: nobody }, spec: { registry: { host: r.example.com } } }
    b: { kind: registry, via: { identity: dev }, spec: { registry: { host: r.example.com } } }
    c: { kind: registry, via: { identity: dev }, spec: { registry: { host: R.example.com } } }
    d: { kind: registry, via: { identity: dev }, spec: { registry: { host: "https://x.example.com/v2" } } }
    e: { kind: aws/ecr, via: { identity: dev }, spec: { registry: { account_id: "12", region: eu-west-1 } } }
    f: { kind: registry, via: { identity: dev }, spec: { registry: { host: s.example.com }, username: "a:b" } }
`),
    );
    expect(errors.map((e) => [e.key, e.message])).toEqual([
      ['auth.integrations.a.via.provider', 'no provider named "nobody"'],
      ['auth.integrations.c.spec.registry', '"c" and "b" are both for r.example.com'],
      ['auth.integrations.d.spec.registry.host', 'a registry host is HOST or HOST:PORT'],
      ['auth.integrations.e.spec.registry.account_id', 'an AWS account id is 12 digits'],
      ['auth.integrations.f.spec.username', 'a user name without spaces or colons'],
    ]);
  });
});
