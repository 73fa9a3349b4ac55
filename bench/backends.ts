// Bench helper (bundled by run.mjs): the tool-facing commands from cache on one credential
// backend, beside `node -e 0` of the same runtime, interleaved so machine noise hits all alike.
// A loopback STS and token service are started here; `dev` (aws/user) and `kitty` (token
// service) are logged in through the engine, then the built binary is timed.
// Usage: node backends.mjs BIN WORKDIR RUNS BACKEND NODE
//   BACKEND: file (machine-bound key) | file-password | system (run inside a D-Bus session)
// Prints JSON: medians in ms for baseline, credential-process, token, env --reveal, kube token, exec,
// `node -e` running `true` (exec's baseline) and, with $GH_CONFIG_DIR, `gh auth token`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import type { Prompter } from '../src/auth/prompter.js';
import { FakeSts } from '../src/demo/fake-sts.js';
import { FakeTokenService } from '../src/demo/fake-token-service.js';
import { timeInRounds } from './rounds.mjs';

const [bin, dir, runsText, backend, node] = process.argv.slice(2) as [string, string, string, string, string];
const runs = Number(runsText);
const KEYS = { accessKeyId: 'AKIABENCHBACKEND0001', secretAccessKey: 'bench-backend-secret-not-real' };

const sts = new FakeSts();
const kitty = new FakeTokenService();
await sts.start();
await kitty.start();
sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
kitty.addUser('ada', 'bench-password');
kitty.accessSeconds = 3600;

mkdirSync(dir, { recursive: true });
const config = join(dir, 'authui.yaml');
writeFileSync(
  config,
  `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "${kitty.url}", username: ada }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n`,
);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  AUTHUI_CONFIG: config,
  XDG_CONFIG_HOME: join(dir, 'config'),
  XDG_STATE_HOME: join(dir, 'state'),
  XDG_CACHE_HOME: join(dir, 'cache'),
  XDG_DATA_HOME: join(dir, 'data'),
  AWS_ENDPOINT_URL_STS: sts.url,
  AUTHUI_KEYRING: backend === 'system' ? 'system' : 'file',
  AUTHUI_KEYRING_PASSWORD: backend === 'file-password' ? 'a-long-bench-password' : '',
};
const answers: Prompter = {
  ask: async (spec): Promise<Record<string, string>> =>
    spec.fields.some((f) => f.name === 'password')
      ? { username: 'ada', password: 'bench-password' }
      : { access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey },
  confirm: async () => true,
  showDeviceCode: () => ({ signal: new AbortController().signal, close: () => {} }),
  notice: () => {},
};
const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin, env, cwd: dir };
const app = await createApp({ io }).workspace();
if (app.store.backend !== (backend === 'system' ? 'system' : 'file'))
  throw new Error(`wanted the ${backend} backend, got ${app.store.backend}: ${app.fallbackReason}`);
await app.engine.login('dev', answers);
await app.engine.login('kitty', answers);

function wall([command, ...args]: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(command as string, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const commands: Record<string, string[]> = {
  baseline: [node, '-e', '0'],
  credentialProcess: [node, bin, 'credential-process', 'dev'],
  token: [node, bin, 'token', 'kitty'],
  env: [node, bin, 'env', 'dev', '--reveal', '--format', 'json'],
  // kubectl's plugin: an EKS token presigned from the cached session.
  kubeToken: [node, bin, 'kube', 'token', 'dev', '--cluster', 'bench-eks'],
  exec: [node, bin, 'exec', 'dev', '--', 'true'],
  // exec's own baseline: a Node process that runs the same command, so the ratio is authui's cost.
  nodeRunsTrue: [node, '-e', "require('child_process').spawnSync('true', { stdio: 'inherit' })"],
  // The peer, in the same rounds: $GH_CONFIG_DIR (set by run.mjs when gh is installed) holds a
  // plaintext hosts file.
  ...(process.env.GH_CONFIG_DIR ? { gh: ['gh', 'auth', 'token'] } : {}),
};
for (const args of Object.values(commands)) wall(args); // warm caches (config, probe memo)
const times = timeInRounds(
  Object.fromEntries(Object.entries(commands).map(([name, args]) => [name, () => wall(args)])),
  runs,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]))));
await sts.stop();
await kitty.stop();
