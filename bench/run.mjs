// npm run bench: figures and ratios against `node -e 0` measured in the same run.
// Targets are printed beside the figures; nothing here fails a build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inkAliases, inkPatches } from '../scripts/ink-patches.mjs';
import { timeInRounds } from './rounds.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/authui.js');
const work = mkdtempSync(join(tmpdir(), 'authui-bench-'));
/** What the runs without a runtime directory leave in its stand-in in /dev/shm (pads, a broker's socket): removed with `work`. */
const shmStandIns = () => {
  try {
    return readdirSync('/dev/shm').filter((name) => /^authui-[0-9a-f]{8}$/.test(name));
  } catch {
    return [];
  }
};
const standInsBefore = new Set(shmStandIns());
// 120 rounds: the hot paths sit at ≈ 1.10–1.13× `node -e 0` on Node 22 and 24, near their 1.15×,
// and one build's ratio spread over 0.97–1.30× from 20 rounds, over 1.05–1.22× from 60
// (docs/performance.md, "Rounds"). BENCH_RUNS=20 for a quick look.
const RUNS = Number(process.env.BENCH_RUNS ?? 120);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** A loopback port nothing listens on: one the system just handed out, closed again. */
const refusedPort = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const envFor = (dir) => {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_DATA_HOME: join(dir, 'data'),
    AUTHUI_KEYRING: 'file',
    // Nothing the bench does reaches the user's AWS files or AWS: the demo workspaces' sessions
    // are fake, and their renewals fail the same way on every machine, as a network failure
    // does: over https (TLS set up), the connection refused. Not a port the Fetch standard
    // blocks (9, say): authui would refuse it before any TLS.
    AUTHUI_AWS_FILES_BASE_PATH: join(dir, 'aws'),
    AWS_ENDPOINT_URL: `https://127.0.0.1:${refusedPort}`,
  };
  delete env.CI; // Ink draws no live frames under CI
  return env;
};

function wall(cmd, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Where the first frame is measured: a 120×40 pty, until the 20th row of the table is drawn. */
const FRAME_PTY = ['--size', '120x40'];
// The 20th row of `authui demo --identities 40` (acme-sso's permission sets come first).
const TWENTIETH_ROW = 'load-00015';

/** The ms to the dashboard's first complete frame in a real pty (bench/first-frame.py). */
function firstFrame(node, ws) {
  const args = [...FRAME_PTY, '--until', TWENTIETH_ROW, '--until', 'quit', node, bin, '--config', ws.config];
  const out = execFileSync('python3', [join(root, 'bench/first-frame.py'), ...args], { env: ws.env, encoding: 'utf8' });
  return Number(out.trim());
}

/** The ms `node -e 0` takes in the same kind of pty: the first frame's baseline. */
function bareNodeInPty(node) {
  const args = [...FRAME_PTY, '--exit', node, '-e', '0'];
  return Number(execFileSync('python3', [join(root, 'bench/first-frame.py'), ...args], { encoding: 'utf8' }).trim());
}

/**
 * Removes the rows kept beside the workspace's configuration (engine/kept-status.ts): the next
 * start lists them with the engine, as the first start after a change by another process does.
 */
function forgetKeptRows(ws) {
  const dir = join(ws.dir, 'cache', 'authui', 'config');
  for (const file of readdirSync(dir)) if (file.endsWith('.status.json')) rmSync(join(dir, file));
}

/**
 * Moves one session's expiry in the workspace's session index, as a renewal by another process
 * does: the next start finds the kept rows listed from another index, and makes that row again.
 */
function renewOneSession(ws) {
  const path = join(ws.dir, 'state', 'authui', 'sessions.json');
  const index = JSON.parse(readFileSync(path, 'utf8'));
  const [id] = Object.keys(index.sessions).sort();
  index.sessions[id].expiresAt = new Date(
    Date.now() + 2 * 3_600_000 + Math.floor(Math.random() * 60_000),
  ).toISOString();
  writeFileSync(path, JSON.stringify(index, null, 1));
}

/** 9 interleaved rounds of the first frame (`beforeEach` readies each) and its baseline: their medians. */
function firstFrameRounds(node, ws, beforeEach = () => {}) {
  const frames = [];
  const bare = [];
  for (let i = 0; i < 9; i++) {
    bare.push(bareNodeInPty(node));
    beforeEach();
    frames.push(firstFrame(node, ws));
  }
  return { frame: median(frames), bare: median(bare) };
}

function workspace(identities) {
  const dir = join(work, `ws-${identities}`);
  mkdirSync(dir, { recursive: true });
  const args = [bin, 'demo', '--dir', dir, ...(identities ? ['--identities', String(identities)] : [])];
  execFileSync(process.execPath, args, { env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
  return { dir, config: join(dir, 'authui.yaml'), env: envFor(dir) };
}

/** A bench helper bundled from TypeScript source, with the app's own externals. */
async function bundle(entry) {
  // Next to the sources, so the externals resolve from node_modules.
  const outfile = join(root, 'bench', '.build', entry.replace(/^bench\//, '').replace(/\.tsx?$/, '.mjs'));
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@napi-rs/keyring'],
    alias: inkAliases,
    plugins: [inkPatches],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

/** An official Node binary from npm for another runtime's figures: $NODE22 / $NODE24, else installed once. */
function officialNode(major) {
  if (process.env[`NODE${major}`]) return process.env[`NODE${major}`];
  const prefix = join(root, 'bench', `.node${major}`);
  const binary = join(prefix, 'node_modules', '.bin', 'node');
  if (spawnSync(binary, ['--version']).status !== 0)
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--silent', `node@${major}`], { stdio: 'ignore' });
  return binary;
}

/**
 * The peer to beat, Go's `gh auth token`: a config folder with a plaintext hosts file, and the
 * environment it runs in (no GH_TOKEN, so the file is read). Undefined without gh.
 */
function ghSetup() {
  if (spawnSync('gh', ['--version']).status !== 0) return undefined;
  const dir = join(work, 'gh');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'hosts.yml'),
    'github.com:\n  oauth_token: gho_benchNotARealToken000000000000000\n  user: bench\n  git_protocol: https\n',
  );
  return (env) => {
    const withGh = { ...env, GH_CONFIG_DIR: dir, GH_NO_UPDATE_NOTIFIER: '1' };
    delete withGh.GH_TOKEN;
    delete withGh.GITHUB_TOKEN;
    return withGh;
  };
}

const results = [];
const row = (name, value, unit, target, ratioTo) => {
  const ratio = ratioTo ? value / ratioTo : undefined;
  const met = target === undefined ? undefined : (ratio ?? value) <= target;
  results.push({
    name,
    value: Math.round(value * 10) / 10,
    unit,
    ratio: ratio && Math.round(ratio * 100) / 100,
    target,
    met,
  });
};

try {
  const demo = workspace(0);
  const load1k = workspace(1000);
  const load5k = workspace(5000);
  const load20k = workspace(20000);

  // Baseline and status --json in rotated rounds (bench/rounds.mjs), so machine noise hits all alike.
  wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], demo.env); // fills the config cache
  wall(process.execPath, [bin, '--config', load5k.config, 'status', '--json'], load5k.env);
  const { base, status, status5k, credProcess, complete } = timeInRounds(
    {
      base: () => wall(process.execPath, ['-e', '0']),
      status: () => wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], demo.env),
      status5k: () => wall(process.execPath, [bin, '--config', load5k.config, 'status', '--json'], load5k.env),
      credProcess: () => wall(process.execPath, [bin, '--config', demo.config, 'credential-process', 'dev'], demo.env),
      complete: () => wall(process.execPath, [bin, '--config', demo.config, '__complete', 'names'], demo.env),
    },
    RUNS,
  );
  const baseline = median(base);
  row('node -e 0 (baseline)', baseline, 'ms');
  row('status --json (demo, file store, median)', median(status), 'ms', 1.15, baseline);
  row('status --json (5,000 identities, median)', median(status5k), 'ms', undefined, baseline);
  row('credential-process, cached (file store, median)', median(credProcess), 'ms', 1.15, baseline);
  row('completion names (__complete names, median)', median(complete), 'ms', 1.2, baseline);
  // What a user downloads and installs: the package as npm packs it (dist, package.json, README).
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }));
  row(`package: ${pack.entryCount} files, packed`, pack.size / 1024, 'kB');
  row('package: unpacked', pack.unpackedSize / 1024, 'kB');
  if (process.env.DBUS_SESSION_BUS_ADDRESS) {
    // With a Secret Service present, the default backend probes it (set/get/delete round trip).
    const systemEnv = { ...demo.env, AUTHUI_KEYRING: 'system' };
    wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], systemEnv);
    const system = [];
    for (let i = 0; i < RUNS; i++)
      system.push(wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], systemEnv));
    row('status --json (system keyring probe, median)', median(system), 'ms', 1.3, baseline);
  }

  // authui token against a loopback token service: from cache, and 16 processes on an expiring token.
  const tokenBundle = await bundle('bench/token.ts');
  const tokenDir = join(work, 'token');
  const tokenRun = JSON.parse(
    execFileSync(process.execPath, [tokenBundle, bin, tokenDir, String(RUNS)], {
      env: envFor(tokenDir),
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop(),
  );
  row(
    'token NAME, cached (file store, median; against node -e 0 in its rounds)',
    tokenRun.cachedMedian,
    'ms',
    1.15,
    tokenRun.baselineMedian,
  );
  row('token storm: 16 processes, expiring token (wall)', tokenRun.stormMs, 'ms');
  row('  … refresh calls the server saw', tokenRun.stormRefreshCalls, 'calls', 1);
  row('  … distinct tokens printed', tokenRun.stormDistinctTokens, 'tokens', 1);

  // First complete dashboard frame in a real pty: the first start after an install compiles the
  // dashboard and saves its code cache (src/code-cache.ts); every later start reads the cache.
  // Later starts are measured on every runtime below.
  const frameWs = workspace(40);
  rmSync(join(frameWs.dir, 'cache', 'authui', 'code-cache'), { recursive: true, force: true });
  forgetKeptRows(frameWs);
  const cold = firstFrame(process.execPath, frameWs);
  row('TUI first frame, 40 identities, first start (no code cache yet)', cold, 'ms', undefined, baseline);

  // Logout: 100 identities in one run, then single identities (file store; the system keyring
  // inside a private D-Bus session with a throwaway gnome-keyring, when one is installed).
  const seedBundle = await bundle('bench/logout-seed.ts');
  const many = workspace(100);
  execFileSync(process.execPath, [seedBundle, many.config, '100'], { env: many.env });
  const started = process.hrtime.bigint();
  const report = JSON.parse(
    execFileSync(process.execPath, [bin, '--config', many.config, 'logout', '--provider', 'acme-sso', '--json'], {
      env: many.env,
      encoding: 'utf8',
    }),
  );
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const loggedOut = report.nodes.filter((id) => id.startsWith('identity:')).length;
  row(`logout --provider: ${loggedOut} identities, ${report.counts.removed} items (file store)`, totalMs, 'ms');
  row('  … per identity', totalMs / loggedOut, 'ms', 1000);
  execFileSync(process.execPath, [seedBundle, many.config, '10'], { env: many.env });
  const single = JSON.parse(
    execFileSync(process.execPath, [join(root, 'bench/logout-times.mjs'), bin, many.config, '10'], {
      env: many.env,
      encoding: 'utf8',
    }),
  );
  row('logout one identity (file store, median of 10)', single.median, 'ms', 1000);
  if (spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0) {
    const script = `eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null && node "$1" "$2" 10 >/dev/null && node "$3" "$4" "$2" 10`;
    // Its standard error is kept for the error a failure throws (dbus-daemon's warnings otherwise).
    const out = execFileSync(
      'dbus-run-session',
      ['--', 'sh', '-c', script, 'sh', seedBundle, many.config, join(root, 'bench/logout-times.mjs'), bin],
      { env: { ...many.env, AUTHUI_KEYRING: 'system' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keyring = JSON.parse(out.trim().split('\n').pop());
    row('logout one identity (system keyring, median of 10)', keyring.median, 'ms', 1000);
  }

  // Every runtime the product supports: this one (Node 20) and the official 22 and 24.
  const runtimes = [
    ['Node 20', process.execPath],
    ['Node 22', officialNode(22)],
    ['Node 24', officialNode(24)],
  ];
  const [, node22, node24] = runtimes.map(([, node]) => node);

  // The tool-facing commands from cache on every backend, on every runtime, beside gh.
  const backendsBundle = await bundle('bench/backends.ts');
  const withGh = ghSetup();
  const keyringSession =
    spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;
  for (const [runtime, node] of runtimes) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const {
      base,
      st,
      pr,
      gh: ghTimes = [],
    } = timeInRounds(
      {
        base: () => wall(node, ['-e', '0']),
        st: () => wall(node, [bin, '--config', demo.config, 'status', '--json'], demo.env),
        pr: () => wall(node, [bin, '--config', demo.config, 'prompt', 'dev', 'corp'], demo.env),
        ...(withGh ? { gh: () => wall('gh', ['auth', 'token'], withGh(process.env)) } : {}),
      },
      RUNS,
    );
    const baseline = median(base);
    row(`${runtime} (${version}): node -e 0`, baseline, 'ms');
    row(`${runtime}: status --json (demo)`, median(st), 'ms', 1.15, baseline);
    // Runs before every shell prompt, answered like the hot paths: their budget.
    row(`${runtime}: prompt dev corp (demo)`, median(pr), 'ms', 1.15, baseline);
    // On Node 22, at or under gh, timed in the same rounds.
    const ghTarget = runtime === 'Node 20' ? undefined : 1;
    if (withGh) {
      row(`${runtime}: gh auth token, in the same rounds`, median(ghTimes), 'ms');
      row(`${runtime}: status --json ÷ gh auth token`, median(st), 'ms', ghTarget, median(ghTimes));
    }
    // From spawn until the 20th row is on screen, 120×40 pty, 40 identities, against `node -e 0`
    // in the same pty; the first round saves this runtime's code caches for the dashboard. Drawn
    // from the rows kept beside the configuration, and with none kept: listed by the engine.
    firstFrame(node, frameWs);
    const frame = firstFrameRounds(node, frameWs);
    row(`${runtime}: node -e 0 in a 120×40 pty (median of 9)`, frame.bare, 'ms');
    row(`${runtime}: TUI first frame, 20th of 40 rows drawn (median of 9)`, frame.frame, 'ms', 1.5, frame.bare);
    const renewed = firstFrameRounds(node, frameWs, () => renewOneSession(frameWs));
    row(
      `${runtime}: TUI first frame, a session renewed elsewhere (median of 9)`,
      renewed.frame,
      'ms',
      1.5,
      renewed.bare,
    );
    forgetKeptRows(frameWs);
    firstFrame(node, frameWs); // the listing's code cache
    const listed = firstFrameRounds(node, frameWs, () => forgetKeptRows(frameWs));
    row(`${runtime}: TUI first frame, rows listed, none kept (median of 9)`, listed.frame, 'ms', 1.5, listed.bare);
    // Each as in a login session, with a runtime directory (the session cache's pads live there);
    // then without one (the pads in /dev/shm, as in a container or an ssh login without
    // logind), and where no pad directory can be made, sealed with AES-256-GCM (node:crypto).
    for (const variant of ['file', 'file-password', ...(keyringSession ? ['system'] : []), 'file-shm', 'file-aes']) {
      const backend = variant.startsWith('file-') && variant !== 'file-password' ? 'file' : variant;
      const dir = join(work, `backend-${variant}-${version}`);
      mkdirSync(join(dir, 'cache'), { recursive: true });
      const args = [backendsBundle, bin, dir, String(RUNS), backend, node];
      const sessionEnv = { ...envFor(dir) };
      delete sessionEnv.XDG_RUNTIME_DIR;
      if (variant === 'file-aes') {
        writeFileSync(join(dir, 'a-file'), '');
        sessionEnv.XDG_RUNTIME_DIR = join(dir, 'a-file', 'run');
      } else if (variant !== 'file-shm') {
        sessionEnv.XDG_RUNTIME_DIR = join(dir, 'run');
        mkdirSync(sessionEnv.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
      }
      const benchEnv = withGh ? withGh(sessionEnv) : sessionEnv;
      const out =
        backend === 'system'
          ? execFileSync(
              'dbus-run-session',
              [
                '--',
                'sh',
                '-c',
                'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null && "$0" "$@"',
                process.execPath,
                ...args,
              ],
              { env: benchEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
            )
          : execFileSync(process.execPath, args, { env: benchEnv, encoding: 'utf8' });
      const m = JSON.parse(out.trim().split('\n').pop());
      const label = {
        file: 'file store',
        'file-password': 'file store + password',
        system: 'system keyring',
        'file-shm': 'file store, no runtime dir: pads in /dev/shm',
        'file-aes': 'file store, no pad dir: AES-256-GCM session cache',
      }[variant];
      if (variant.startsWith('file-') && variant !== 'file-password') {
        // Sealed otherwise: the two tool calls; AES's cost (node:crypto) is shown, with no target.
        const target = variant === 'file-shm' ? 1.15 : undefined;
        row(`${runtime}: credential-process (${label})`, m.credentialProcess, 'ms', target, m.baseline);
        row(`${runtime}: token (${label})`, m.token, 'ms', target, m.baseline);
        continue;
      }
      row(`${runtime}: credential-process (${label})`, m.credentialProcess, 'ms', 1.15, m.baseline);
      row(`${runtime}: token (${label})`, m.token, 'ms', 1.15, m.baseline);
      row(`${runtime}: env --reveal (${label})`, m.env, 'ms', 1.15, m.baseline);
      row(`${runtime}: kube token --cluster (${label})`, m.kubeToken, 'ms', 1.15, m.baseline);
      row(`${runtime}: exec -- true (${label})`, m.exec, 'ms', undefined, m.baseline);
      row(`${runtime}: exec -- true ÷ node running true (${label})`, m.exec, 'ms', 1.15, m.nodeRunsTrue);
      if (m.gh !== undefined) {
        row(`${runtime}: credential-process ÷ gh auth token (${label})`, m.credentialProcess, 'ms', ghTarget, m.gh);
        row(`${runtime}: token ÷ gh auth token (${label})`, m.token, 'ms', ghTarget, m.gh);
      }
    }
  }

  // Dashboard under load, in-process figures from a bundled copy of the real app. A p95 of 60
  // frames on this shared 2-core VM moves by ±2 ms with whatever else runs; the target holds in
  // every run, so each figure is the worst of three runs' p95, with the three beside it. Node 20
  // at every size, Node 22 and 24 at the largest.
  const loadBundle = await bundle('bench/tui-load.tsx');
  const budget = { tick: 8, key: 8, filter: 8 };
  for (const [runtime, node, label, ws, targets] of [
    ['Node 20', process.execPath, '1,000', load1k, {}],
    ['Node 20', process.execPath, '5,000', load5k, budget],
    ['Node 20', process.execPath, '20,000', load20k, budget],
    ['Node 22', node22, '20,000', load20k, budget],
    ['Node 24', node24, '20,000', load20k, budget],
  ]) {
    const runs = [0, 1, 2].map(() =>
      JSON.parse(
        execFileSync(node, [loadBundle, ws.config, '60'], { env: ws.env, encoding: 'utf8' }).trim().split('\n').pop(),
      ),
    );
    for (const [what, key, target] of [
      ['clock tick', 'tickP95', targets.tick],
      ['j keystroke', 'keyP95', targets.key],
      ['filter keystroke', 'filterP95', targets.filter],
    ]) {
      const p95s = runs.map((m) => m[key]);
      const each = p95s.map((v) => v.toFixed(1)).join(' / ');
      row(`${runtime}: dashboard ${label}: ${what} → frame p95 (worst of 3: ${each})`, Math.max(...p95s), 'ms', target);
    }
  }
  // Resident memory of the real binary in a pty, on every runtime: moved and filtered in, then
  // left open 10 s (a dashboard stays open for hours; the start-up garbage is collected by then).
  // It varies by ±8 MB from run to run (when the collector last ran), so the median of three.
  // With `rewrite`, the session index is rewritten once after the use, as a login elsewhere does.
  // Each run also reports the live heap after full collections, once the resident memory is
  // read (bench/heap-report.cjs): it moves by far less, so a change to what the dashboard keeps
  // shows there when the resident memory's spread hides it.
  const heapReport = join(root, 'bench/heap-report.cjs');
  const residentMb = (node, ws, settleSeconds, { rewrite = false, sampleLast = 0 } = {}) =>
    JSON.parse(
      execFileSync(
        'python3',
        [join(root, 'bench/first-frame.py'), '--rss', node, '--require', heapReport, bin, '--config', ws.config],
        {
          env: {
            ...ws.env,
            SETTLE: String(settleSeconds),
            SAMPLE_LAST: String(sampleLast),
            HEAP_REPORT: join(ws.dir, 'heap-report.json'),
            ...(rewrite ? { REWRITE_INDEX: join(ws.dir, 'state', 'authui', 'sessions.json') } : {}),
          },
          encoding: 'utf8',
        },
      ).trim(),
    );
  for (const [runtime, node] of runtimes) {
    for (const [label, ws] of [
      ['5,000', load5k],
      ['20,000', load20k],
    ]) {
      const runs = [0, 1, 2].map(() => residentMb(node, ws, 10));
      row(
        `${runtime}: dashboard ${label}: first frame in a pty (median of 3)`,
        median(runs.map((m) => m.firstFrameMs)),
        'ms',
      );
      row(
        `${runtime}: dashboard ${label}: resident memory after 10 s of use (median of 3)`,
        median(runs.map((m) => m.rssMb)),
        'MB',
        100,
      );
      row(
        `${runtime}: dashboard ${label}: … its live heap after full collections (median of 3)`,
        median(runs.map((m) => m.heapMb)),
        'MB',
      );
    }
    // 10 s is not the steady state: the renewals' retries and V8's heap keep moving for a minute.
    // One reading moves by megabytes with when V8 last collected: the median of the last 10 s.
    // A dashboard is left open for hours: the CPU it uses meanwhile (a 1-Hz redraw, a re-list
    // every 5 s, renewals due) is shown beside it.
    const open = residentMb(node, load20k, 60, { sampleLast: 10 });
    row(
      `${runtime}: dashboard 20,000: resident memory after 60 s open (one run, median of its last 10 s)`,
      open.rssMb,
      'MB',
      100,
    );
    row(`${runtime}: dashboard 20,000: CPU time while open those 60 s`, open.cpuMs, 'ms');
  }
  // A dashboard open for hours sees renewals: each rewrites the whole session index, which once
  // left it holding every row twice, and its parse grows the heap for a while.
  row(
    'Node 20: dashboard 20,000: resident memory 10 s after use and a login elsewhere (median of 3)',
    median([0, 1, 2].map(() => residentMb(process.execPath, load20k, 10, { rewrite: true }).rssMb)),
    'MB',
    100,
  );
  // A new countdown text every second must not pile up in a cache (Ink's text sizes once did).
  row(
    'dashboard 5,000: resident memory after 2 min open (one run)',
    residentMb(process.execPath, load5k, 120).rssMb,
    'MB',
    100,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  for (const name of shmStandIns()) if (!standInsBefore.has(name)) rmSync(join('/dev/shm', name), { recursive: true });
}

const width = Math.max(...results.map((r) => r.name.length));
console.log(`\n${'measure'.padEnd(width)}  ${'value'.padStart(9)}  ${'ratio'.padStart(6)}  target   ok`);
for (const r of results) {
  const target = r.target === undefined ? '' : r.ratio !== undefined ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`;
  console.log(
    `${r.name.padEnd(width)}  ${`${r.value} ${r.unit}`.padStart(9)}  ${(r.ratio ? `${r.ratio}×` : '').padStart(6)}  ${target.padEnd(8)} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`,
  );
}
writeFileSync(
  join(root, 'bench/results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, results }, null, 2)}\n`,
);
console.log('\nwritten: bench/results.json');
