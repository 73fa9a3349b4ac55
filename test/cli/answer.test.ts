// The session-cache answers (src/answer-main.ts) through the built binary: where they answer,
// they print, exit and record exactly what the engine's path does for the same line (that path
// is forced with AUTHUI_DEBUG, whose lines go to a file); where any rule of the engine's could
// make a difference, they decline and the hot paths' bundle runs. Which of the two ran is read
// from the code caches the run left: the bundle saves one when it runs.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWERED_COMMANDS, plainLine } from '../../src/answer-main.js';
import { systemClock } from '../../src/auth/clock.js';
import { keptStatusPath } from '../../src/auth/config/find.js';
import { loadConfig } from '../../src/auth/config/load.js';
import { bindingOf } from '../../src/auth/engine/binding.js';
import type { KeptExports } from '../../src/auth/credential-types.js';
import { mintKey } from '../../src/auth/engine/cache-hit.js';
import { KEPT_EXPORTS } from '../../src/auth/engine/kept-exports.js';
import { kindModule } from '../../src/auth/kinds/registry.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { SessionCache } from '../../src/auth/session-cache.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { fastInvocation } from '../../src/cli/fast-argv.js';
import { runBin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';

const CONFIG = `auth:
  keyring: { type: file }
  providers:
    corp: { kind: oidc, issuer: https://login.example.com, client_id: c }
  identities:
    dev: { kind: aws/user, default: true }
`;
const AWS = { accessKeyId: 'ASIAANSWERCANARY0001', secretAccessKey: 'answer-secret-canary', sessionToken: 'answer-st' };
const ACCESS_TOKEN = 'answer-access-token-canary';
const EKS_TOKEN = 'k8s-aws-v1.answer-eks-canary';

/** An unsigned JWT (only its expiry is read) that ends 30 minutes after `now`, before its session. */
function idToken(now: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: 'answer', exp: Math.floor(now / 1000) + 1800 })}.sig`;
}

type Pads = 'runtime' | '/dev/shm' | 'none';
const EVERY_SEALING: Pads[] = ['runtime', '/dev/shm', 'none'];

interface Options {
  /** Minutes the sessions have left (the renewal lead is 5). */
  minutes?: number;
  /** The binding recorded with corp's session; the configuration's when absent. */
  corpBinding?: string;
  /**
   * Where the pads go: the runtime directory (the default), /dev/shm without one, or nowhere (a
   * runtime directory that cannot be made), where the cache is sealed with AES-GCM instead.
   */
  pads?: Pads;
}

async function workspace(opts: Options = {}) {
  const ws = cliWorkspace(CONFIG, 'answer-pw');
  const pads = opts.pads ?? 'runtime';
  if (pads === 'runtime') {
    ws.env.XDG_RUNTIME_DIR = join(ws.dir, 'run');
    mkdirSync(ws.env.XDG_RUNTIME_DIR, { mode: 0o700 });
  } else if (pads === 'none') {
    writeFileSync(join(ws.dir, 'a-file'), '');
    ws.env.XDG_RUNTIME_DIR = join(ws.dir, 'a-file', 'run');
  }
  const paths = resolvePaths(ws.env);
  const config = await loadConfig({ env: ws.env, cwd: ws.cwd, paths });
  const corp = config.nodes.find((n) => n.id === 'provider:corp');
  const binding = opts.corpBinding ?? bindingOf(kindModule, corp!);
  const now = Date.now();
  const meta = {
    obtainedAt: new Date(now - 3_600_000).toISOString(),
    expiresAt: new Date(now + (opts.minutes ?? 60) * 60_000).toISOString(),
  };
  await ws.index.update((s) => {
    s['identity:dev'] = { ...meta, backend: 'file' };
    s['provider:corp'] = { ...meta, backend: 'file', binding };
  });
  const cache = new SessionCache({
    dir: paths.sessionCache,
    padDir: paths.sessionCachePads,
    enabled: true,
    clock: systemClock,
  });
  // Sealed as the workspace's own commands seal them: the AES key is bound to the home folder.
  const home = process.env.HOME;
  process.env.HOME = ws.env.HOME;
  try {
    cache.write('identity:dev', meta, { aws: AWS });
    cache.write('provider:corp', meta, { accessToken: ACCESS_TOKEN, idToken: idToken(now) });
  } finally {
    process.env.HOME = home;
  }
  // Sealed the way asked for.
  const sealed = JSON.parse(readFileSync(join(paths.sessionCache, 'identity%3Adev.json'), 'utf8')) as object;
  expect('aes' in sealed).toBe(pads === 'none');
  expect(cache.padsAt()?.startsWith('/dev/shm/')).toBe(
    pads === '/dev/shm' ? true : pads === 'none' ? undefined : false,
  );
  /** An EKS token for `cluster` kept beside dev's session, with `minutes` left. */
  const keepEksToken = (cluster: string, minutes: number) => {
    const home = process.env.HOME;
    process.env.HOME = ws.env.HOME;
    try {
      const expiresAt = new Date(now + minutes * 60_000).toISOString();
      cache.writeDerived('identity:dev', mintKey('EKS token', { cluster }), meta.obtainedAt, expiresAt, {
        minted: EKS_TOKEN,
      });
    } finally {
      process.env.HOME = home;
    }
  };
  const audit = () => {
    try {
      // The time is the run's own; everything else must agree.
      return readFileSync(paths.auditLog, 'utf8').replace(/"time":"[^"]*"/g, '"time":…');
    } catch {
      return '';
    }
  };
  /** One run: its result, the audit lines it added, and whether the hot paths' bundle ran. */
  const run = (args: string[], env: Record<string, string> = {}, cwd = ws.cwd) => {
    rmSync(paths.codeCache, { recursive: true, force: true });
    const before = audit();
    const result = runBin(args, { env: { ...ws.env, ...env }, cwd });
    // None at all after a start that parsed the configuration (and declined to answer).
    const caches = existsSync(paths.codeCache) ? readdirSync(paths.codeCache) : [];
    return {
      ...result,
      audited: audit().slice(before.length),
      answered: caches.some((f) => f.startsWith('answer-')) && !caches.some((f) => f.startsWith('fast-')),
    };
  };
  /** The same line on the engine's path. */
  const engineRun = (args: string[], env: Record<string, string> = {}) =>
    run(args, { ...env, AUTHUI_DEBUG: '1', AUTHUI_DEBUG_FILE: join(ws.dir, 'debug.log') });
  /** Rewrites the exports kept beside a node's session, dev's unless named (as the workspace's commands seal them). */
  const editKeptExports = (
    edit: (kept: KeptExports) => KeptExports,
    expiresAt = meta.expiresAt,
    id = 'identity:dev',
  ) => {
    const home = process.env.HOME;
    process.env.HOME = ws.env.HOME;
    try {
      const found = cache.readDerived(id, KEPT_EXPORTS, meta.obtainedAt);
      expect(found?.yields.exports).toBeDefined();
      cache.writeDerived(id, KEPT_EXPORTS, meta.obtainedAt, expiresAt, {
        exports: edit(found!.yields.exports!),
      });
    } finally {
      process.env.HOME = home;
    }
  };
  return { ...ws, paths, run, engineRun, keepEksToken, editKeptExports };
}

/** What a person and a tool see of a run. */
const seen = (r: { code: number; stdout: string; stderr: string; audited: string }) => ({
  code: r.code,
  stdout: r.stdout,
  stderr: r.stderr,
  audited: r.audited,
});

/** A `status --json` run as a person or tool sees it, but for the moment it was made at. */
const statusSeen = (r: { code: number; stdout: string; stderr: string; audited: string }) => {
  const document = JSON.parse(r.stdout) as { generatedAt?: string; nodes: { expiresInSeconds: number | null }[] };
  delete document.generatedAt;
  // The seconds left, compared apart (secondsLeft): the two runs are a moment apart.
  for (const node of document.nodes) if (node.expiresInSeconds !== null) node.expiresInSeconds = 0;
  return { ...seen(r), stdout: document };
};
const secondsLeft = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { nodes: { expiresInSeconds: number | null }[] }).nodes.map((n) => n.expiresInSeconds);

describe('answers from the session cache', () => {
  it('credential-process: the same line, exit code and audit as the engine, with pads (in the runtime directory or /dev/shm) and with AES', async () => {
    for (const pads of EVERY_SEALING) {
      const ws = await workspace({ pads });
      ws.run(['credential-process', 'dev']); // writes the configuration's cache entry
      const answered = ws.run(['credential-process', 'dev']);
      expect(answered.answered).toBe(true);
      expect(JSON.parse(answered.stdout)).toMatchObject({ Version: 1, AccessKeyId: AWS.accessKeyId });
      const engine = ws.engineRun(['credential-process', 'dev']);
      expect(engine.answered).toBe(false);
      expect(seen(answered)).toEqual(seen(engine));
    }
  });

  it('token: the same token and the same "use" line in the audit log', async () => {
    const ws = await workspace();
    ws.run(['token', 'corp']);
    const answered = ws.run(['token', 'corp']);
    expect(answered).toMatchObject({ answered: true, code: 0, stdout: `${ACCESS_TOKEN}\n` });
    expect(answered.audited).toContain('"event":"use","target":"provider:corp","outcome":"ok","detail":"token"');
    expect(seen(answered)).toEqual(seen(ws.engineRun(['token', 'corp'])));
  });

  it('kube token: a kept EKS token, in the API version kubectl asks for, as the engine hands it out', async () => {
    const ws = await workspace();
    const args = ['kube', 'token', 'dev', '--cluster', 'prod'];
    const env = { KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1' }) };
    ws.keepEksToken('prod', 10);
    ws.run(args, env);
    const answered = ws.run(args, env);
    expect(answered.answered).toBe(true);
    expect(JSON.parse(answered.stdout)).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      status: { token: EKS_TOKEN },
    });
    expect(answered.audited).toContain('"event":"use","target":"identity:dev","outcome":"ok","detail":"token"');
    expect(seen(answered)).toEqual(seen(ws.engineRun(args, env)));
  });

  it("kube token: an oidc provider's ID token, ending with the token's own expiry, as the engine hands it out", async () => {
    const ws = await workspace();
    ws.run(['kube', 'token', 'corp']);
    const answered = ws.run(['kube', 'token', 'corp']);
    expect(answered.answered).toBe(true);
    const credential = JSON.parse(answered.stdout) as { status: { token: string; expirationTimestamp: string } };
    expect(credential.status.token).toMatch(/^eyJ/);
    // 30 minutes after the workspace was made, not the session's 60.
    const left = Date.parse(credential.status.expirationTimestamp) - Date.now();
    expect(left).toBeGreaterThan(25 * 60_000);
    expect(left).toBeLessThan(31 * 60_000);
    expect(seen(answered)).toEqual(seen(ws.engineRun(['kube', 'token', 'corp'])));
  });

  it('env: the variables, with --reveal the secrets too, in each format, as the engine prints them', async () => {
    for (const pads of EVERY_SEALING) {
      const ws = await workspace({ pads });
      for (const args of [
        ['env', 'dev'],
        ['env', '--reveal', 'dev'],
        ['env', 'dev', '--format', 'json', '--reveal'],
        ['env', '--format=dotenv', 'corp'],
        ['env', 'corp', '--reveal'],
        ['env', '--reveal'],
      ]) {
        ws.run(args); // the engine's path keeps the exports beside the session
        const answered = ws.run(args);
        expect(answered.answered, args.join(' ')).toBe(true);
        expect(seen(answered)).toEqual(seen(ws.engineRun(args)));
        const revealed = args.includes('--reveal');
        const [secret, target] = !args.includes('corp')
          ? [AWS.secretAccessKey, 'identity:dev']
          : [ACCESS_TOKEN, 'provider:corp'];
        expect(answered.stdout.includes(secret)).toBe(revealed);
        expect(answered.stderr.includes('# not shown:')).toBe(!revealed);
        expect(answered.audited).toEqual(
          revealed ? expect.stringContaining(`"event":"use","target":"${target}","outcome":"ok","detail":"exec"`) : '',
        );
      }
      expect(ws.run(['env', 'dev']).stdout).toContain("export AWS_PROFILE='dev'\n");
    }
  });

  it('exec: the command gets the environment the engine gives it (no store password), its exit code is ours, the same "use" lines', async () => {
    for (const pads of EVERY_SEALING) {
      const ws = await workspace({ pads });
      // The whole environment, but the engine path's debug variables.
      const command = ['sh', '-c', 'env | grep -v "^AUTHUI_DEBUG" | sort; exit 7'];
      // No exports kept yet: the engine's path, which keeps them.
      expect(ws.run(['exec', 'dev', '--', 'true']).answered).toBe(false);
      for (const names of [['dev'], [], ['dev', 'corp'], ['dev', 'dev']]) {
        const args = ['exec', ...names, '--', ...command];
        ws.run(args); // the configuration's cache entry, corp's exports
        const answered = ws.run(args);
        expect(answered.answered, args.join(' ')).toBe(true);
        expect(answered.code).toBe(7);
        expect(seen(answered)).toEqual(seen(ws.engineRun(args)));
        expect(answered.stdout).toContain(`AWS_SECRET_ACCESS_KEY=${AWS.secretAccessKey}\n`);
        expect(answered.stdout).toContain(`\nHOME=${ws.env.HOME}\n`);
        expect(answered.stdout).not.toContain('AUTHUI_KEYRING_PASSWORD');
        const uses = answered.audited.match(/"event":"use","target":"identity:dev","outcome":"ok","detail":"exec"/g);
        expect(uses).toHaveLength(names.filter((n) => n === 'dev').length || 1);
      }
    }
  });

  it('status --json: the document the engine prints, each state worked out for the moment of the answer', async () => {
    for (const corpBinding of [undefined, '[["issuer","https://attacker.example"]]']) {
      const ws = await workspace({ corpBinding });
      ws.run(['status', '--json']); // the engine's path keeps the rows it listed
      const answered = ws.run(['status', '--json']);
      expect(answered.answered).toBe(true);
      const engine = ws.engineRun(['status', '--json']);
      expect(engine.answered).toBe(false);
      expect(statusSeen(answered)).toEqual(statusSeen(engine));
      const [ours, theirs] = [secondsLeft(answered), secondsLeft(engine)];
      expect(ours.every((left, i) => left !== null && Math.abs(left - (theirs[i] ?? 0)) <= 5)).toBe(true);
      const states = (r: { stdout: string }) =>
        (JSON.parse(r.stdout) as { nodes: { name: string; state: string }[] }).nodes.map((n) => `${n.name} ${n.state}`);
      expect(states(answered)).toEqual(['corp ' + (corpBinding ? 'other_server' : 'active'), 'dev active']);
      // The kept states are not what is printed: each is worked out again from the session and the clock.
      const file = keptStatusPath(ws.paths, join(ws.cwd, 'authui.yaml'));
      const kept = JSON.parse(readFileSync(file, 'utf8')) as { rows: { state: string }[] };
      for (const row of kept.rows) if (row.state === 'active') row.state = 'expired';
      writeFileSync(file, JSON.stringify(kept));
      const again = ws.run(['status', '--json']);
      expect(again.answered).toBe(true);
      expect(states(again)).toEqual(states(answered));
    }
  });

  it('prompt: the line the engine prints, for the names given, AUTHUI_SHELL, AWS_PROFILE or the default', async () => {
    for (const minutes of [60, 2, -5]) {
      const ws = await workspace({ minutes });
      for (const [args, env, names] of [
        [['prompt'], {}, ['dev']],
        [['prompt', 'corp', 'nobody', 'dev'], {}, ['corp', 'dev']],
        [['prompt'], { AUTHUI_SHELL: 'corp dev' }, ['corp', 'dev']],
        [['prompt'], { AWS_PROFILE: 'corp' }, ['corp']],
        [['prompt', 'nobody'], {}, []],
      ] as const) {
        const answered = ws.run([...args], env);
        expect(answered.answered, `${minutes} min: ${args.join(' ')}`).toBe(true);
        expect(seen(answered)).toEqual(seen(ws.engineRun([...args], env)));
        expect(answered.stdout.split(/\s+/).filter((word) => /^[a-z]+$/.test(word))).toEqual(names);
      }
    }
  });

  it('--config PATH names the file as the engine reads it', async () => {
    const ws = await workspace();
    const elsewhere = join(tempDir(), 'cwd');
    mkdirSync(elsewhere);
    const args = ['--config', join(ws.cwd, 'authui.yaml'), 'credential-process', 'dev'];
    ws.run(args, {}, elsewhere);
    const answered = ws.run(args, {}, elsewhere);
    expect(answered.answered).toBe(true);
    expect(JSON.parse(answered.stdout)).toMatchObject({ AccessKeyId: AWS.accessKeyId });
  });
});

describe('what the answers leave to the engine', () => {
  /** Runs a line twice (the first writes the configuration's cache entry) and expects the bundle to run. */
  const declines = (ws: Awaited<ReturnType<typeof workspace>>, args: string[], env: Record<string, string> = {}) => {
    ws.run(args, env);
    const result = ws.run(args, env);
    expect(result.answered).toBe(false);
    return result;
  };

  it('env, when its exports were made from other inputs than now: a variable the kind reads, the session, the working directory', async () => {
    const ws = await workspace();
    const config = ['--config', join(ws.cwd, 'authui.yaml')];
    ws.run(['env', 'dev']);
    expect(ws.run(['env', 'dev']).answered).toBe(true);
    const base = join(ws.dir, 'elsewhere');
    const moved = ws.run(['env', 'dev'], { AUTHUI_AWS_FILES_BASE_PATH: base });
    expect(moved).toMatchObject({ answered: false, code: 0 });
    expect(moved.stdout).toContain(`export AWS_CONFIG_FILE='${join(base, 'dev', 'config')}'`);
    // Now kept for that value: without it, the engine's path again.
    expect(ws.run(['env', 'dev']).answered).toBe(false);
    expect(ws.run(['env', 'dev']).answered).toBe(true);
    await ws.index.update((s) => {
      s['identity:dev']!.region = 'eu-north-1';
    });
    const region = ws.run(['env', 'dev']);
    expect(region.answered).toBe(false);
    expect(region.stdout).toContain("export AWS_REGION='eu-north-1'");
    const elsewhere = join(tempDir(), 'cwd');
    mkdirSync(elsewhere);
    ws.run([...config, 'env', 'dev']);
    expect(ws.run([...config, 'env', 'dev']).answered).toBe(true);
    expect(ws.run([...config, 'env', 'dev'], {}, elsewhere).answered).toBe(false);
  });

  it('env, when its exports were kept by another build (whose kinds may make them differently) or not from this session', async () => {
    const ws = await workspace();
    ws.run(['env', 'dev']);
    // Kept again as they are: still handed out, so only the build tells the next run apart.
    ws.editKeptExports((kept) => kept);
    expect(ws.run(['env', 'dev']).answered).toBe(true);
    ws.editKeptExports((kept) => {
      const [build, ...inputs] = JSON.parse(kept.inputs) as unknown[];
      expect(build).toMatch(/^[0-9a-f]{16}$/); // the binary's (scripts/build.mjs)
      return { ...kept, variables: { AWS_PROFILE: 'stale' }, inputs: JSON.stringify(['another build', ...inputs]) };
    });
    const result = ws.run(['env', 'dev']);
    expect(result.answered).toBe(false);
    expect(result.stdout).toContain("export AWS_PROFILE='dev'");
    // Kept to end at another time than the session: not made from it, whatever they say.
    ws.editKeptExports((kept) => kept, new Date(Date.now() + 30 * 60_000).toISOString());
    expect(ws.run(['env', 'dev']).answered).toBe(false);
  });

  it('status: without --json, with settings entered at a login changed, or with rows listed by another build', async () => {
    const ws = await workspace();
    ws.run(['status', '--json']);
    expect(ws.run(['status']).answered).toBe(false);
    expect(ws.run(['status', '--json']).answered).toBe(true);
    // A session another process renewed into another region: its row is made again.
    await ws.index.update((s) => {
      s['identity:dev']!.region = 'eu-north-1';
    });
    const region = ws.run(['status', '--json']);
    expect(region.answered).toBe(true);
    expect(region.stdout).toContain('"region": "eu-north-1"');
    expect(statusSeen(region)).toEqual(statusSeen(ws.engineRun(['status', '--json'])));
    // Settings entered at its login changed: what its kind says of it may have.
    await ws.index.update((s) => {
      s['identity:dev']!.fields = { mfa_serial: 'arn:aws:iam::111122223333:mfa/dev' };
    });
    expect(ws.run(['status', '--json']).answered).toBe(false);
    expect(ws.run(['status', '--json']).answered).toBe(true);
    const file = keptStatusPath(ws.paths, join(ws.cwd, 'authui.yaml'));
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { inputs: string };
    const [build, ...inputs] = JSON.parse(kept.inputs) as unknown[];
    expect(build).toMatch(/^[0-9a-f]{16}$/); // the binary's (scripts/build.mjs)
    writeFileSync(file, JSON.stringify({ ...kept, inputs: JSON.stringify(['another build', ...inputs]) }));
    expect(ws.run(['status', '--json']).answered).toBe(false);
    // A listing that had a word to add keeps nothing: here the index, unreadable, was moved aside.
    rmSync(file);
    writeFileSync(ws.paths.sessionIndex, 'not an index');
    const moved = ws.run(['status', '--json']);
    expect(moved.answered).toBe(false);
    expect(moved.stdout).toContain('was unreadable and was moved aside');
    expect(existsSync(file)).toBe(false);
  });

  it('a session inside its renewal lead (the engine renews it)', async () => {
    const ws = await workspace({ minutes: 2 });
    declines(ws, ['credential-process', 'dev']);
  });

  it('a session recorded for another server than the configuration names (binding_mismatch)', async () => {
    const ws = await workspace({ corpBinding: '[["issuer","https://attacker.example"]]' });
    const result = declines(ws, ['token', 'corp']);
    expect(result.stdout).not.toContain(ACCESS_TOKEN);
    expect(result.stderr).toContain('authui sends it nowhere else');
  });

  it('an untrusted project configuration', async () => {
    const ws = await workspace();
    writeFileSync(join(ws.cwd, 'authui.yaml'), `${CONFIG}# changed after it was trusted\n`);
    const result = declines(ws, ['credential-process', 'dev']);
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(result.stderr).toContain('is not trusted');
  });

  it('a file store that was moved aside (its sessions are gone)', async () => {
    const ws = await workspace();
    mkdirSync(dirname(ws.paths.fileStore), { recursive: true });
    writeFileSync(`${ws.paths.fileStore}.moved-aside.json`, JSON.stringify({ at: new Date().toISOString() }));
    declines(ws, ['credential-process', 'dev']);
  });

  it('a system keyring whose probe is not remembered, the cache turned off, and debug output', async () => {
    const ws = await workspace();
    declines(ws, ['credential-process', 'dev'], {
      AUTHUI_KEYRING: 'system',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    });
    declines(ws, ['credential-process', 'dev'], { AUTHUI_NO_SESSION_CACHE: '1' });
    const debug = declines(ws, ['credential-process', 'dev'], { AUTHUI_DEBUG: '1' });
    expect(debug.stderr).toContain('authui debug: session-cache node=identity:dev result=hit');
  });

  it('an EKS token with less than 5 minutes left, or kept for another cluster (the engine signs a new one)', async () => {
    const ws = await workspace();
    ws.run(['credential-process', 'dev']); // writes the configuration's cache entry
    // One run each: the engine keeps the token it signs, which the next run would hand out.
    const once = (cluster: string, env: Record<string, string> = {}) => {
      const result = ws.run(['kube', 'token', 'dev', '--cluster', cluster], env);
      expect(result.answered).toBe(false);
      return result;
    };
    ws.keepEksToken('prod', 3);
    const result = once('prod');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(EKS_TOKEN);
    ws.keepEksToken('prod', 10);
    expect(once('staging').stdout).not.toContain(EKS_TOKEN);
    expect(once('prod', { KUBERNETES_EXEC_INFO: '{' }).stderr).toContain('KUBERNETES_EXEC_INFO is not JSON');
  });

  it('exec: --serve, a variable two nodes set differently, a command that cannot run', async () => {
    const ws = await workspace();
    const served = declines(ws, [
      'exec',
      '--serve',
      'dev',
      '--',
      'sh',
      '-c',
      'echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI"',
    ]);
    expect(served).toMatchObject({ code: 0, stdout: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) });
    const both = ['exec', 'dev', 'corp', '--', 'sh', '-c', 'echo "$AWS_PROFILE"'];
    ws.run(both);
    expect(ws.run(both)).toMatchObject({ answered: true, stdout: 'dev\n' });
    // corp's kept exports say otherwise than dev's: the engine's path makes them both afresh.
    ws.editKeptExports(
      (kept) => ({ ...kept, variables: { ...kept.variables, AWS_PROFILE: 'not-dev' } }),
      undefined,
      'provider:corp',
    );
    expect(ws.run(both)).toMatchObject({ answered: false, code: 0, stdout: 'dev\n' });
    // A command that cannot run is the answer's to say, as the engine's path says it.
    const missing = ws.run(['exec', 'dev', '--', 'no-such-command-authui']);
    expect(missing).toMatchObject({ answered: true, code: 127 });
    expect(missing.stderr).toContain('cannot run no-such-command-authui');
    expect(seen(missing)).toEqual(seen(ws.engineRun(['exec', 'dev', '--', 'no-such-command-authui'])));
  });

  it('what the node does not hold, unknown names, and lines with flags', async () => {
    const ws = await workspace();
    expect(declines(ws, ['credential-process', 'corp']).stderr).toContain('does not hold AWS credentials');
    expect(declines(ws, ['token', 'dev']).stderr).toContain('holds no');
    expect(declines(ws, ['token', 'nobody']).stderr).toContain('No provider or identity named "nobody"');
    expect(declines(ws, ['token', 'corp', '--id-token']).stdout).toMatch(/^eyJ/);
  });
});

describe('the lines the answers take', () => {
  it('are the commands the command table marks answered', () => {
    expect(ANSWERED_COMMANDS.toSorted()).toEqual(
      COMMANDS.filter((c) => 'answered' in c && c.answered)
        .map((c) => c.name)
        .toSorted(),
    );
  });

  it('are read as the hot paths’ matcher reads them, the flags they do not take at their defaults', () => {
    const word = fc.constantFrom(
      'kube',
      '--cluster',
      'c1',
      '--config',
      'p.yaml',
      '-x',
      'credential-process',
      'token',
      'dev',
      '--ws',
      '--id-token',
      'env',
      'exec',
      '--serve',
      'status',
      'prompt',
      '--json',
      '--reveal',
      '--reveal=1',
      '--format',
      '--format=json',
      '--format=yaml',
      'dotenv',
      '--cluster=c2',
      '--',
      'a b',
      '',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (argv) => {
        const line = plainLine(argv);
        if (!line) return;
        const invocation = fastInvocation(argv);
        expect(invocation).toBeDefined();
        expect(invocation?.command).toBe(line.command);
        expect(invocation?.config).toBe(line.config);
        // The command table's flags the answers do not take (token --ws, --id-token) are at their defaults.
        const other = Object.entries(invocation?.options ?? {}).filter(([key]) => !Object.hasOwn(line.options, key));
        expect(other.every(([, value]) => value === false)).toBe(true);
        expect(
          Object.fromEntries(
            Object.entries(invocation?.options ?? {}).filter(([key]) => Object.hasOwn(line.options, key)),
          ),
        ).toEqual(line.options);
      }),
      { numRuns: 5000 },
    );
  });
});
