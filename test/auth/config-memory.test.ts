// What a large configuration costs to hold, counted in a child's heap: 500 identities of one
// kind share one string for the kind's name, and those via one provider one reference to it,
// whether the file was parsed or read from the cache, and whether it declares them or the
// provider discovered them.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from '../helpers/commonjs-build.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const load = commonJsBuildOf('src/auth/config/load.ts');
const paths = commonJsBuildOf('src/auth/paths.ts');
const discovered = commonJsBuildOf('src/auth/config/discovered.ts');

const IDENTITIES = 500;

/** Loads the configuration twice (parsed, then from the cache), keeps both, and counts the heap's strings equal to `text`. */
const CHILD = `
const { loadConfig } = require(process.argv[1]);
const { resolvePaths } = require(process.argv[2]);
const { saveDiscovered } = require(process.argv[3]);
const [configPath, text] = process.argv.slice(4);
(async () => {
  const opts = { configPath, env: process.env, cwd: process.cwd(), paths: resolvePaths(process.env) };
  const first = await loadConfig(opts);
  // What a login of the auto-provisioning provider found: as many identities again, not in the file.
  const found = first.nodes.filter((n) => n.type === 'identity').map((n, i) => ({
    kind: n.kind,
    settings: { principal: { name: 'Found', account: { id: String(200000000000 + i) } } },
    fields: { account_name: 'found-' + i, role_name: 'Found' },
  }));
  saveDiscovered(opts.paths, first.nodes.find((n) => n.type === 'provider'), found);
  const kept = [first, await loadConfig(opts)];
  const references = kept.map((c) => new Set(c.nodes.flatMap((n) => (n.via ? [n.via] : []))).size);
  const file = require('node:v8').writeHeapSnapshot(require('node:path').join(process.cwd(), 'heap.heapsnapshot'));
  const { snapshot, nodes, strings } = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const type = fields.indexOf('type');
  const name = fields.indexOf('name');
  const stringType = snapshot.meta.node_types[0].indexOf('string');
  let count = 0;
  for (let i = 0; i < nodes.length; i += fields.length)
    if (nodes[i + type] === stringType && strings[nodes[i + name]] === text) count++;
  console.log(JSON.stringify({ nodes: kept.map((c) => c.nodes.length), count, references }));
})();
`;

describe('configuration memory', () => {
  it(`${IDENTITIES} identities of one kind via one provider share its name's string and one reference, parsed, cached or discovered`, () => {
    const dir = tempDir();
    const configPath = join(dir, 'authui.yaml');
    const identities = Array.from(
      { length: IDENTITIES },
      (_, i) =>
        `    id-${i}: { kind: aws/permission-set, via: { provider: sso }, principal: { name: Role, account: { id: "${100000000000 + i}" } } }`,
    );
    writeFileSync(
      configPath,
      `auth:\n  providers:\n    sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://x.awsapps.com/start, auto_provision_identities: true }\n  identities:\n${identities.join('\n')}\n`,
    );
    const out = execFileSync(
      process.execPath,
      ['-e', CHILD, load, paths, discovered, configPath, 'aws/permission-set'],
      {
        env: isolatedEnv(dir) as NodeJS.ProcessEnv,
        cwd: dir,
        encoding: 'utf8',
      },
    );
    const { nodes, count, references } = JSON.parse(out) as { nodes: number[]; count: number; references: number[] };
    // Parsed; then from the cache, with as many discovered beside them.
    expect(nodes).toEqual([IDENTITIES + 1, 2 * IDENTITIES + 1]);
    // A few for the code and the registry; not one per node of each load.
    expect(count).toBeLessThan(20);
    expect(references).toEqual([1, 1]);
  });
});
