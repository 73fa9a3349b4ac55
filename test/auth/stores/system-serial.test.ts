// @napi-rs/keyring opens a D-Bus connection and an encrypted Secret Service session for every
// get, set and delete, and gnome-keyring aborts when such sessions are negotiated at once and a
// client goes mid-way (docs/platforms.md). Watched with dbus-monitor on the real bus: however
// many operations a process starts together, the store runs them one at a time.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SystemStore } from '../../../src/auth/stores/system.js';
import { keyringMissing, testService } from '../../helpers/backends.js';

/**
 * The span in the monitor's log of each connection that asked the keyring about `service` (this
 * test's own: other test files use the same bus at the same time): its first call to the
 * keyring to its last answer.
 */
async function spansDuring(service: string, work: () => Promise<unknown>): Promise<[number, number][]> {
  const monitor = spawn(
    'dbus-monitor',
    ['--session', "type='method_call',destination='org.freedesktop.secrets'", "type='method_return'"],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let log = '';
  monitor.stdout.setEncoding('utf8');
  monitor.stdout.on('data', (chunk: string) => (log += chunk));
  // It says so when it has joined the bus (its own NameAcquired), before anything it watches.
  while (!log.includes('NameAcquired')) await once(monitor.stdout, 'data');
  try {
    await work();
    // The bus hands the monitor its copies in the order it routes them: once a call sent after
    // the work is in the log, so is every answer the work got.
    execFileSync('dbus-send', [
      '--session',
      '--dest=org.freedesktop.secrets',
      '--print-reply',
      '/org/freedesktop/secrets',
      'org.freedesktop.DBus.Peer.Ping',
    ]);
    while (!log.includes('member=Ping')) await once(monitor.stdout, 'data');
  } finally {
    monitor.kill();
  }
  const spans = new Map<string, [number, number]>();
  const ours = new Set<string>();
  let caller: string | undefined; // the client of the call whose arguments follow
  log.split('\n').forEach((line, at) => {
    if (line.startsWith(' ')) {
      if (caller && line.includes(`"${service}"`)) ours.add(caller);
      return;
    }
    const call = /^method call .* sender=(:\d+\.\d+) -> destination=org\.freedesktop\.secrets /.exec(line);
    const answer = /^method return .* sender=:\d+\.\d+ -> destination=(:\d+\.\d+) /.exec(line);
    caller = call?.[1];
    const client = call?.[1] ?? answer?.[1];
    if (client === undefined) return;
    const span = spans.get(client);
    if (call && !span) spans.set(client, [at, at]);
    else if (span) span[1] = at;
  });
  return [...spans].filter(([client]) => ours.has(client)).map(([, span]) => span);
}

describe.skipIf(keyringMissing !== undefined)('system keyring: one operation at a time', () => {
  it('runs operations started together one after another on the bus', async () => {
    const service = testService();
    const store = new SystemStore(service);
    for (const name of ['a', 'b', 'c']) await store.set(name, `value-${name}`);
    const spans = await spansDuring(service, () =>
      Promise.all([
        store.get('a'),
        store.get('b'),
        store.set('d', 'value-d'),
        store.get('c'),
        store.delete('b'),
        store.get('a'),
      ]),
    );
    // The six operations, each on a connection of its own (the library's way), all seen.
    expect(spans.length).toBe(6);
    const overlapping = spans
      .sort((x, y) => x[0] - y[0])
      .filter(([start], i) => i > 0 && start < (spans[i - 1] as [number, number])[1]);
    expect(overlapping).toEqual([]);
    for (const name of ['a', 'c', 'd']) await store.delete(name);
  });
});
