// The short-lived session cache under another user's hand, through the built binary: a cache
// file owned by another uid, or readable by others, or a cache directory that is not ours, is
// never handed out by credential-process; our own 0600 file in our own 0700 directory is.
import { resolvePaths } from '../../src/auth/paths.js';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { systemClock } from '../../src/auth/clock.js';
import { SessionCache } from '../../src/auth/session-cache.js';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathSegment } from '../../src/auth/names.js';
import { runBin } from '../helpers/cli.js';
import { cliWorkspace } from '../helpers/workspace.js';

const root = process.getuid?.() === 0;
const PLANTED = 'ASIAPLANTEDBYOTHER01';

async function workspace() {
  const ws = cliWorkspace(
    'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user }\n',
    'cache-owner-pw',
  );
  const runtime = join(ws.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  ws.env.XDG_RUNTIME_DIR = runtime;
  const meta = { obtainedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3600_000).toISOString() };
  await ws.index.update((s) => {
    s['identity:dev'] = { ...meta, backend: 'file' };
  });
  const paths = resolvePaths(ws.env);
  const dir = paths.sessionCache;
  const file = join(dir, `${pathSegment('identity:dev')}.json`);
  // A properly sealed file and its pad, as this user's commands write them: only where they lie differs.
  const cache = new SessionCache({ dir, padDir: paths.sessionCachePads, enabled: true, clock: systemClock });
  const plant = (mode = 0o600) => {
    cache.write('identity:dev', meta, { aws: { accessKeyId: PLANTED, secretAccessKey: 's', sessionToken: 't' } });
    chmodSync(file, mode);
  };
  return {
    ...ws,
    meta,
    dir,
    file,
    plant,
    pad: join(paths.sessionCachePads as string, `${pathSegment('identity:dev')}.pad`),
    run: () => runBin(['credential-process', 'dev'], { env: ws.env, cwd: ws.cwd }),
  };
}

describe('the session cache is only ever our own', () => {
  it('our own 0600 file in our own 0700 directory is used (the control case)', async () => {
    const ws = await workspace();
    ws.plant();
    expect(JSON.parse(ws.run().stdout)).toMatchObject({ AccessKeyId: PLANTED });
  });

  it('a pad readable by others is not used: nothing is read with it', async () => {
    const ws = await workspace();
    ws.plant();
    chmodSync(ws.pad, 0o644);
    const result = ws.run();
    expect(result.stdout).not.toContain(PLANTED);
    expect(result.code).toBe(3);
  });

  it('a file readable by others is ignored', async () => {
    const ws = await workspace();
    ws.plant(0o644);
    const result = ws.run();
    expect(result.stdout).not.toContain(PLANTED);
    expect(result.code).toBe(3); // no session in the store: a login is needed
  });

  it('without a runtime directory, a directory planted under our name in /dev/shm gets no pad: the file is sealed with AES', async () => {
    const ws = await workspace();
    delete ws.env.XDG_RUNTIME_DIR;
    const paths = resolvePaths(ws.env);
    const planted = dirname(paths.sessionCachePads as string);
    expect(planted).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}$/);
    // Another user's directory (as root we can make one); else one of ours that others may write.
    mkdirSync(planted, { mode: 0o700 });
    if (root) chownSync(planted, 12345, 12345);
    else chmodSync(planted, 0o777);
    const warnings: string[] = [];
    const cache = new SessionCache({
      dir: paths.sessionCache,
      padDir: paths.sessionCachePads,
      enabled: true,
      clock: systemClock,
      onWarning: (w) => warnings.push(w),
    });
    // The AES key is bound to the home directory: sealed as the workspace's own commands seal.
    const home = process.env.HOME;
    process.env.HOME = ws.env.HOME;
    try {
      cache.write('identity:dev', ws.meta, { aws: { accessKeyId: PLANTED, secretAccessKey: 's', sessionToken: 't' } });
    } finally {
      process.env.HOME = home;
    }
    const pads = () => readdirSync(planted, { recursive: true }).filter((f) => String(f).endsWith('.pad'));
    expect(pads()).toEqual([]);
    expect(warnings).toEqual([
      `${planted} is not yours alone (owner and mode 0700/0600); its files are sealed with AES instead.`,
    ]);
    expect(JSON.parse(readFileSync(ws.file, 'utf8'))).toHaveProperty('aes');
    expect(JSON.parse(ws.run().stdout)).toMatchObject({ AccessKeyId: PLANTED });
    expect(pads()).toEqual([]);
  });

  it.skipIf(!root)('a file owned by another user is ignored, and so is a directory of theirs', async () => {
    const ws = await workspace();
    ws.plant();
    chownSync(ws.file, 12345, 12345);
    expect(ws.run().stdout).not.toContain(PLANTED);
    chownSync(ws.file, 0, 0);
    chownSync(ws.dir, 12345, 12345);
    expect(ws.run().stdout).not.toContain(PLANTED);
  });
});
