// Times `authui logout <name>` for the first N synthetic identities of a seeded workspace and
// prints one JSON line. Run by bench/run.mjs, also inside a private D-Bus session.
import { spawnSync } from 'node:child_process';

const [bin, config, countArg] = process.argv.slice(2);
const times = [];
for (let i = 0; i < Number(countArg); i++) {
  const name = `load-${String(i).padStart(5, '0')}`;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, '--config', config, 'logout', name], {
    env: process.env,
    encoding: 'utf8',
  });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.status !== 0 || !r.stdout.includes('Logged out from 1 identity'))
    throw new Error(`logout ${name} failed: ${r.stdout}${r.stderr}`);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: times[Math.floor(times.length / 2)], max: times[times.length - 1] }));
