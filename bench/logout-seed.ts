// Seeds a demo workspace for the logout bench, run in its own process by bench/run.mjs: every
// synthetic identity gets a long-term entry and a live session in the configured store
// (AUTHUI_KEYRING picks file or system), as a real login would leave them.
import { createApp } from '../src/app/app.js';
import { resolvePaths } from '../src/auth/paths.js';
import { SessionIndex } from '../src/auth/session-index.js';
import { systemClock } from '../src/auth/clock.js';
import { entryName } from '../src/auth/stores/types.js';

const [configPath, countArg] = process.argv.slice(2);
const count = Number(countArg);
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};
const app = await createApp({ io, global: { config: configPath } }).workspace();
const ids = app.engine.config.nodes
  .filter((n) => n.name.startsWith('load-'))
  .slice(0, count)
  .map((n) => n.id);
for (const id of ids) {
  await app.store.set(
    entryName.longTerm(id),
    JSON.stringify({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench-not-a-secret' }),
  );
  await app.store.set(
    entryName.session(id),
    JSON.stringify({ accessKeyId: 'ASIABENCH', secretAccessKey: 'bench-not-a-secret', sessionToken: 'bench' }),
  );
}
const paths = resolvePaths(process.env);
const expiresAt = new Date(Date.now() + 3600_000).toISOString();
await new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {}).update((sessions) => {
  for (const id of ids) sessions[id] = { obtainedAt: new Date().toISOString(), expiresAt, backend: app.store.backend };
});
console.log(JSON.stringify({ seeded: ids.length, backend: app.store.backend }));
