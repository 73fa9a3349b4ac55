// Bench helper (bundled by run.mjs): `authui token NAME` against a loopback token service.
// Prints JSON: the median wall time of `token` served from cache and of `node -e 0` in the same
// rounds (interleaved, so machine noise hits both alike), and the 16-process storm on an expiring
// token (wall time, refresh calls the server saw: must be 1, distinct tokens printed).
// Usage: node token.mjs BIN WORKDIR RUNS
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import type { Prompter } from '../src/auth/prompter.js';
import { FakeTokenService } from '../src/demo/fake-token-service.js';

const [bin, dir, runsText] = process.argv.slice(2) as [string, string, string];
const runs = Number(runsText);
const PASSWORD = 'bench-password';

/** Runs `node BIN ARGS` (or `node ARGS` without the binary): its wall time and output. */
function run(args: string[], env: NodeJS.ProcessEnv, withBin = true): Promise<{ ms: number; stdout: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const argv = withBin ? [bin, ...args] : args;
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) =>
      code === 0
        ? resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdout })
        : reject(new Error(`token failed (${code}): ${stderr}`)),
    );
  });
}

const answers: Prompter = {
  ask: async () => ({ username: 'ada', password: PASSWORD }),
  confirm: async () => true,
  showDeviceCode: () => ({ signal: new AbortController().signal, close: () => {} }),
  notice: () => {},
};

const peer = new FakeTokenService();
await peer.start();
peer.addUser('ada', PASSWORD);
mkdirSync(dir, { recursive: true });
const config = join(dir, 'authui.yaml');
writeFileSync(
  config,
  `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n`,
);
const env = { ...process.env, AUTHUI_CONFIG: config };
const io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: process.stdin,
  env,
  cwd: dir,
};

/** Logs in as if `ageMs` ago (peer and engine clocks alike), so the token can start inside its lead. */
async function login(ageMs: number): Promise<void> {
  const then = { now: () => Date.now() - ageMs };
  peer.now = then.now;
  await (await createApp({ io, clock: then }).workspace()).engine.login('kitty', answers);
  peer.now = () => Date.now();
}

try {
  peer.accessSeconds = 3600;
  await login(0);
  await run(['token', 'kitty'], env); // warm the config cache
  const cached: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push((await run(['-e', '0'], env, false)).ms);
    cached.push((await run(['token', 'kitty'], env)).ms);
  }
  const median = (times: number[]) => times.toSorted((a, b) => a - b)[Math.floor(times.length / 2)];

  peer.accessSeconds = 4 * 60;
  await login(3 * 60_000);
  peer.accessSeconds = 3600;
  peer.calls.length = 0;
  const started = process.hrtime.bigint();
  const storm = await Promise.all(Array.from({ length: 16 }, () => run(['token', 'kitty'], env)));
  const stormMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      cachedMedian: median(cached),
      baselineMedian: median(baseline),
      stormMs,
      stormRefreshCalls: peer.refreshCalls,
      stormDistinctTokens: new Set(storm.map((r) => r.stdout)).size,
    }),
  );
} finally {
  await peer.stop();
}
