// The session index is parsed once per version of its file: a pass over many rows asks for it
// per row. A write here or by another process (another instance on the same file) is seen at
// once; an edit that fails to write leaves what readers see untouched.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { SessionIndex, type IndexedSession } from '../../src/auth/session-index.js';
import { tempDir } from '../helpers/tmp.js';

const meta = (expiresAt: string): IndexedSession => ({
  obtainedAt: '2026-12-03T00:00:00.000Z',
  expiresAt,
  backend: 'file',
});

function pair() {
  const dir = tempDir();
  const path = join(dir, 'sessions.json');
  const open = () => new SessionIndex(path, join(dir, 'locks'), systemClock, () => {});
  return { path, here: open(), elsewhere: open() };
}

describe('session index', () => {
  it('reads the same parse while the file is unchanged', async () => {
    const { here } = pair();
    expect(here.read()).toEqual({});
    await here.update((s) => void (s['identity:a'] = meta('2026-12-03T01:00:00.000Z')));
    const first = here.read();
    expect(first['identity:a']?.expiresAt).toBe('2026-12-03T01:00:00.000Z');
    expect(here.read()).toBe(first);
  });

  it("sees another process's write at once, even within the same millisecond and size", async () => {
    const { here, elsewhere } = pair();
    await here.update((s) => void (s['identity:a'] = meta('2026-12-03T01:00:00.000Z')));
    expect(here.read()['identity:a']?.expiresAt).toBe('2026-12-03T01:00:00.000Z');
    // Same length, so only the file's identity (a rename) tells the versions apart.
    await elsewhere.update((s) => void (s['identity:a'] = meta('2026-12-03T02:00:00.000Z')));
    expect(here.read()['identity:a']?.expiresAt).toBe('2026-12-03T02:00:00.000Z');
  });

  it('an edit whose write fails leaves what readers see as it was', async () => {
    const { here } = pair();
    await here.update((s) => void (s['identity:a'] = meta('2026-12-03T01:00:00.000Z')));
    const before = here.read();
    await expect(
      here.update((s) => {
        s['identity:a'] = meta('2099-01-01T00:00:00.000Z');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(here.read()).toBe(before);
    expect(before['identity:a']?.expiresAt).toBe('2026-12-03T01:00:00.000Z');
  });

  it('after a write, the entries that say what they said keep their objects; a changed one is new', async () => {
    const { here, elsewhere } = pair();
    await here.update((s) => {
      s['identity:a'] = meta('2026-12-03T01:00:00.000Z');
      s['identity:b'] = { ...meta('2026-12-03T01:00:00.000Z'), fields: { region: 'eu-west-1' } };
      s['identity:c'] = meta('2026-12-03T01:00:00.000Z');
    });
    const before = here.read();
    await elsewhere.update((s) => void (s['identity:c'] = meta('2026-12-03T02:00:00.000Z')));
    const after = here.read();
    expect(after).not.toBe(before);
    expect(after['identity:a']).toBe(before['identity:a']);
    expect(after['identity:b']).toBe(before['identity:b']);
    expect(after['identity:c']).not.toBe(before['identity:c']);
    expect(after['identity:c']?.expiresAt).toBe('2026-12-03T02:00:00.000Z');
    // A nested change is a change.
    await elsewhere.update((s) => void ((s['identity:b'] as IndexedSession).fields = { region: 'us-east-1' }));
    expect(here.read()['identity:b']?.fields).toEqual({ region: 'us-east-1' });
  });

  it('a file naming __proto__ changes no prototype when it is read again and the entry is kept', async () => {
    const { path, here } = pair();
    const entry = '{"obtainedAt":"2026-12-03T00:00:00.000Z","expiresAt":"2026-12-03T01:00:00.000Z","backend":"file"}';
    const file = (expiresAt: string) =>
      `{"version":1,"sessions":{"__proto__":${entry},"identity:a":{"obtainedAt":"2026-12-03T00:00:00.000Z","expiresAt":"${expiresAt}","backend":"file"}}}`;
    writeFileSync(path, file('2026-12-03T01:00:00.000Z'));
    const before = here.read();
    // A new file in its place, as every write makes: a new version whatever the clock's grain.
    writeFileSync(`${path}.new`, file('2026-12-03T01:00:00.001Z'));
    renameSync(`${path}.new`, path);
    const sessions = here.read();
    expect(Object.getPrototypeOf(sessions)).toBe(Object.prototype);
    // The unchanged entry kept its object, as a property.
    expect(Object.getOwnPropertyDescriptor(sessions, '__proto__')?.value).toBe(
      Object.getOwnPropertyDescriptor(before, '__proto__')?.value,
    );
  });

  it('a damaged file is moved aside and counts as no sessions', () => {
    const { path } = pair();
    writeFileSync(path, '{"version":1,"sessions":');
    const warnings: string[] = [];
    const index = new SessionIndex(path, join(path, '..', 'locks'), systemClock, (w) => warnings.push(w));
    expect(index.read()).toEqual({});
    expect(warnings[0]).toMatch(/moved aside/);
  });
});
