// The cross-process lock's takeover rules: a dead holder on this machine is taken over at once;
// a live holder, or one named by another machine, is waited for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namingFs, withLock } from '../../src/auth/lock.js';
import { pathSegment } from '../../src/auth/names.js';
import { tempDir } from '../helpers/tmp.js';

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Holds the lock inside `fn` as another process would have: the lock directory, fresh, and its owner file. */
async function heldBy(owner: string): Promise<string> {
  const dir = tempDir();
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  // Take the lock for real, then leave it behind without releasing (as a killed holder does).
  void withLock(dir, 'login:dev', () => {
    writeFileSync(join(dir, `${pathSegment('login:dev')}.owner`), owner);
    locked();
    return new Promise(() => {});
  });
  await holding;
  return dir;
}

describe('withLock', () => {
  it('takes over at once from a dead holder on this machine', async () => {
    const dir = await heldBy(`${hostname()} ${deadPid()}`);
    const started = Date.now();
    expect(await withLock(dir, 'login:dev', () => 'mine', { waitMs: 9_000 })).toBe('mine');
    // At once: far under the 10 s a lock takes to go stale by age (the bound is a busy machine's).
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(join(dir, `${pathSegment('login:dev')}.owner`))).toBe(false);
  });

  it('names the holder in the step that makes the lock: no moment when a kill leaves a nameless lock', () => {
    const dir = tempDir();
    const lockPath = join(dir, 'x.lock');
    const ownerPath = join(dir, 'x.owner');
    const seen: [boolean, string | undefined][] = [];
    const lockFs = namingFs(ownerPath, 'this-host 42');
    // The callback runs synchronously, after both exist: nothing (no other callback, no kill
    // between two turns of the event loop) sees the directory without the name.
    lockFs.mkdir(lockPath, (error: NodeJS.ErrnoException | null) => {
      seen.push([error === null, existsSync(ownerPath) ? readFileSync(ownerPath, 'utf8') : undefined]);
    });
    expect(seen).toEqual([[true, 'this-host 42']]);
    // A lock someone holds keeps its holder's name.
    const other = join(dir, 'y.lock');
    mkdirSync(other);
    writeFileSync(join(dir, 'y.owner'), 'elsewhere 7');
    namingFs(join(dir, 'y.owner'), 'this-host 42').mkdir(other, (error: NodeJS.ErrnoException | null) => {
      seen.push([error?.code === 'EEXIST', readFileSync(join(dir, 'y.owner'), 'utf8')]);
    });
    expect(seen[1]).toEqual([true, 'elsewhere 7']);
  });

  it.each([
    ['a live holder', () => `${hostname()} ${process.ppid}`],
    ['a holder on another machine', () => `elsewhere.example ${deadPid()}`],
  ])('waits for %s and says so when the wait is over', async (_what, owner) => {
    const dir = await heldBy(owner());
    await expect(withLock(dir, 'login:dev', () => 'mine', { waitMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Another authui process has held the lock on login:dev for over 0.3s',
    });
  });
});
