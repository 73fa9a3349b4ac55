// The cross-process lock's takeover rules: a dead holder on this machine is taken over at once;
// a live holder, or one named by another machine, is waited for.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/auth/lock.js';
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
