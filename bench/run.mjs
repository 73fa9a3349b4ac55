// npm run bench: figures and ratios against `node -e 0` measured in the same run.
// Targets are printed beside the figures; nothing here fails a build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/authui.js');
const work = mkdtempSync(join(tmpdir(), 'authui-bench-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const envFor = (dir) => {
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_DATA_HOME: join(dir, 'data'), AUTHUI_KEYRING: 'file' };
  delete env.CI; // Ink draws no live frames under CI
  return env;
};

function wall(cmd, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function workspace(identities) {
  const dir = join(work, `ws-${identities}`);
  mkdirSync(dir, { recursive: true });
  const args = [bin, 'demo', '--dir', dir, ...(identities ? ['--identities', String(identities)] : [])];
  execFileSync(process.execPath, args, { env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
  return { dir, config: join(dir, 'authui.yaml'), env: envFor(dir) };
}

const results = [];
const row = (name, value, unit, target, ratioTo) => {
  const ratio = ratioTo ? value / ratioTo : undefined;
  const met = target === undefined ? undefined : (ratio ?? value) <= target;
  results.push({ name, value: Math.round(value * 10) / 10, unit, ratio: ratio && Math.round(ratio * 100) / 100, target, met });
};

try {
  const demo = workspace(0);
  const load1k = workspace(1000);
  const load5k = workspace(5000);

  // Baseline and status --json, interleaved so machine noise hits both alike.
  const base = [];
  const status = [];
  const status5k = [];
  const credProcess = [];
  wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], demo.env); // fills the config cache
  wall(process.execPath, [bin, '--config', load5k.config, 'status', '--json'], load5k.env);
  for (let i = 0; i < RUNS; i++) {
    base.push(wall(process.execPath, ['-e', '0']));
    status.push(wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], demo.env));
    status5k.push(wall(process.execPath, [bin, '--config', load5k.config, 'status', '--json'], load5k.env));
    credProcess.push(wall(process.execPath, [bin, '--config', demo.config, 'credential-process', 'dev'], demo.env));
  }
  const baseline = median(base);
  row('node -e 0 (baseline)', baseline, 'ms');
  row('status --json (demo, file store, median)', median(status), 'ms', 1.5, baseline);
  row('status --json (5,000 identities, median)', median(status5k), 'ms', undefined, baseline);
  row('credential-process, cached (file store, median)', median(credProcess), 'ms', 1.5, baseline);
  if (process.env.DBUS_SESSION_BUS_ADDRESS) {
    // With a Secret Service present, the default backend probes it (set/get/delete round trip).
    const systemEnv = { ...demo.env, AUTHUI_KEYRING: 'system' };
    wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], systemEnv);
    const system = [];
    for (let i = 0; i < RUNS; i++) system.push(wall(process.execPath, [bin, '--config', demo.config, 'status', '--json'], systemEnv));
    row('status --json (system keyring probe, median)', median(system), 'ms', 1.5, baseline);
  }

  // First complete dashboard frame in a real pty.
  const frames = [];
  for (let i = 0; i < Math.max(5, RUNS / 2); i++) {
    const out = execFileSync('python3', [join(root, 'bench/first-frame.py'), process.execPath, bin, '--config', demo.config], { env: demo.env, encoding: 'utf8' });
    frames.push(Number(out.trim()));
  }
  row('TUI first frame in a pty (median)', median(frames), 'ms', 3, baseline);

  // Dashboard under load, in-process figures from a bundled copy of the real app.
  const loadBundle = join(work, 'tui-load.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['bench/tui-load.tsx'],
    outfile: loadBundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@napi-rs/keyring', '@aws-sdk/client-sts'],
    alias: { 'react-devtools-core': './scripts/empty-module.js' },
    nodePaths: [join(root, 'node_modules')],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  for (const [label, ws, targets] of [
    ['1,000', load1k, {}],
    ['5,000', load5k, { tick: 16, key: 30, filter: 50, rss: 150 }],
  ]) {
    const out = execFileSync(process.execPath, [loadBundle, ws.config, '60'], { env: { ...ws.env, NODE_PATH: join(root, 'node_modules') }, encoding: 'utf8' });
    const m = JSON.parse(out.trim().split('\n').pop());
    row(`dashboard ${label}: clock tick → frame p95`, m.tickP95, 'ms', targets.tick);
    row(`dashboard ${label}: j keystroke → frame p95`, m.keyP95, 'ms', targets.key);
    row(`dashboard ${label}: filter keystroke → frame p95`, m.filterP95, 'ms', targets.filter);
    row(`dashboard ${label}: RSS`, m.rssMb, 'MB', targets.rss);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const width = Math.max(...results.map((r) => r.name.length));
console.log(`\n${'measure'.padEnd(width)}  ${'value'.padStart(9)}  ${'ratio'.padStart(6)}  target   ok`);
for (const r of results) {
  const target = r.target === undefined ? '' : r.ratio !== undefined ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`;
  console.log(`${r.name.padEnd(width)}  ${`${r.value} ${r.unit}`.padStart(9)}  ${(r.ratio ? `${r.ratio}×` : '').padStart(6)}  ${target.padEnd(8)} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`);
}
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, results }, null, 2)}\n`);
console.log('\nwritten: bench/results.json');
