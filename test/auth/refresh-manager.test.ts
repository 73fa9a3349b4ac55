// The refresh manager's schedule on a fake clock (5 minutes ahead, checks every minute, retries
// after 30/60/120 s, then giving up), and one run against the real engine and token service.
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/auth/config/parse.js';
import { DEFAULT_REFRESH, type Config, type RefreshPolicy } from '../../src/auth/config/types.js';
import type { NodeStatus } from '../../src/auth/engine/views.js';
import { AuthError } from '../../src/auth/errors.js';
import { RefreshManager, retryDelay, type Renewer, type Timers } from '../../src/auth/refresh-manager.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeTokenService } from '../servers/token-service.js';
import { eventually } from '../helpers/wait.js';

const MIN = 60_000;
const T0 = Date.parse('2026-12-02T09:00:00Z');

/** Timers on a fake clock: `advance` runs what falls due, in order, letting promises settle between. */
class FakeTime implements Timers {
  t = T0;
  private seq = 0;
  private queue: { at: number; id: number; fn: () => void }[] = [];
  readonly clock = { now: () => this.t };

  set(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.queue.push({ at: this.t + ms, id, fn });
    return id;
  }

  clear(handle: unknown): void {
    this.queue = this.queue.filter((q) => q.id !== handle);
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = [...this.queue].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > end) break;
      this.queue = this.queue.filter((q) => q !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function row(name: string, expiresAt: number): NodeStatus {
  return {
    id: `provider:${name}`,
    type: 'provider',
    name,
    kind: 'token-service',
    label: 'Token service',
    depth: 0,
    default: false,
    state: 'active',
    expiresAt,
    reenterable: true,
  };
}

function harness(
  opts: {
    unattended?: boolean;
    /** Renews only through its parent (a role), not from a refresh token of its own. */
    viaParent?: boolean;
    startsAt?: number;
    fail?: () => AuthError | undefined;
    policy?: Partial<RefreshPolicy>;
  } = {},
) {
  const time = new FakeTime();
  let expiresAt = opts.startsAt ?? T0 + 20 * MIN;
  const refreshes: number[] = [];
  const log: string[] = [];
  const policy = { ...DEFAULT_REFRESH, ...opts.policy };
  const renewer: Renewer = {
    list: () => [row('kitty', expiresAt)],
    refreshPolicy: () => policy,
    renewsUnattended: async (_name, o) => (opts.unattended ?? true) && !(opts.viaParent && o?.ownSessionOnly),
    refresh: async () => {
      refreshes.push(time.t - T0);
      const error = opts.fail?.();
      if (error) throw error;
      expiresAt = time.t + 15 * MIN;
    },
    noteRetry: (_name, attempt, delay) => log.push(`retry ${attempt} in ${delay / 1000}s`),
  };
  const events = {
    renewing: () => log.push('renewing'),
    renewed: () => log.push('renewed'),
    retrying: (_n: NodeStatus, e: AuthError) => log.push(`retrying ${e.code}`),
    failed: (_n: NodeStatus, e: AuthError) => log.push(`failed ${e.code}`),
    needsUser: () => log.push(`needs user at ${(time.t - T0) / MIN}m`),
    rotationDue: () => log.push('rotation due'),
  };
  const manager = new RefreshManager(renewer, events, time.clock, policy.checkIntervalMs, time, () => 1);
  return { time, manager, refreshes, log };
}

const transient = () => new AuthError('server_error', 'down', { retryable: true });

describe('refresh manager schedule', () => {
  it('renews at the first minute check within 5 minutes of expiry, and again a session later', async () => {
    const { time, manager, refreshes, log } = harness();
    manager.start();
    await time.advance(14 * MIN);
    expect(refreshes).toEqual([]);
    await time.advance(1 * MIN);
    expect(refreshes).toEqual([15 * MIN]);
    expect(log).toEqual(['renewing', 'renewed']);
    // The new session (15 min) is renewed 10 minutes later.
    await time.advance(10 * MIN);
    expect(refreshes).toEqual([15 * MIN, 25 * MIN]);
    manager.stop();
  });

  it('retries transient failures after 30, 60 and 120 s, then gives up for that session', async () => {
    const { time, manager, refreshes, log } = harness({ fail: transient });
    manager.start();
    await time.advance(30 * MIN);
    expect(refreshes.map((ms) => ms / 1000 - 15 * 60)).toEqual([0, 30, 90, 210]);
    expect(log.filter((l) => l.startsWith('retry '))).toEqual(['retry 1 in 30s', 'retry 2 in 60s', 'retry 3 in 120s']);
    expect(log.at(-1)).toBe('failed server_error');
    manager.stop();
  });

  it('never retries a refusal', async () => {
    const { time, manager, refreshes, log } = harness({ fail: () => new AuthError('token_expired', 'gone') });
    manager.start();
    await time.advance(30 * MIN);
    expect(refreshes).toHaveLength(1);
    expect(log).toEqual(['renewing', 'failed token_expired']);
    manager.stop();
  });

  it('honours Retry-After over the backoff', async () => {
    let calls = 0;
    const { time, manager, refreshes } = harness({
      fail: () =>
        calls++ === 0
          ? new AuthError('rate_limited', 'slow down', { retryable: true, retryAfterMs: 7_000 })
          : undefined,
    });
    manager.start();
    await time.advance(16 * MIN);
    expect(refreshes).toEqual([15 * MIN, 15 * MIN + 7_000]);
    manager.stop();
  });

  it('draws the jitter over the whole backoff window (full jitter)', () => {
    const error = transient();
    expect(retryDelay(DEFAULT_REFRESH, 2, error, () => 0.5)).toBe(60_000);
    expect(retryDelay(DEFAULT_REFRESH, 0, error, () => 0)).toBe(0);
    expect(retryDelay({ ...DEFAULT_REFRESH, backoffMs: 1_000 }, 3, error, () => 1)).toBe(8_000);
    // A day's backoff doubled ten times is past what a timer holds (it would run after 1 ms).
    expect(retryDelay({ ...DEFAULT_REFRESH, backoffMs: 86_400_000 }, 10, error, () => 1)).toBe(2 ** 31 - 1);
  });

  it('tells the user once, 15 minutes ahead, about a session only they can renew', async () => {
    const { time, manager, refreshes, log } = harness({ unattended: false });
    manager.start();
    await time.advance(30 * MIN);
    expect(refreshes).toEqual([]);
    expect(log).toEqual(['needs user at 5m']);
    manager.stop();
  });

  it('revives an expired session from its own refresh token, but not an expired chain step', async () => {
    const own = harness({ startsAt: T0 - MIN });
    own.manager.start();
    await own.time.advance(MIN);
    expect(own.refreshes).toEqual([0]);
    own.manager.stop();
    const step = harness({ startsAt: T0 - MIN, viaParent: true });
    step.manager.start();
    await step.time.advance(5 * MIN);
    expect(step.refreshes).toEqual([]);
    expect(step.log).toEqual([]);
    step.manager.stop();
  });

  it('says once that a key is due for rotation', async () => {
    const time = new FakeTime();
    const log: string[] = [];
    const key = { ...row('hf', T0), expiresAt: undefined, rotateAt: T0 + 2 * MIN };
    const manager = new RefreshManager(
      {
        list: () => [key],
        refreshPolicy: () => DEFAULT_REFRESH,
        renewsUnattended: async () => false,
        refresh: async () => {},
        noteRetry: () => {},
      },
      {
        renewing: () => {},
        renewed: () => {},
        retrying: () => {},
        failed: () => {},
        needsUser: () => {},
        rotationDue: (n) => log.push(`rotate ${n.name} at ${(time.t - T0) / MIN}m`),
      },
      time.clock,
      MIN,
      time,
    );
    manager.start();
    await time.advance(10 * MIN);
    expect(log).toEqual(['rotate hf at 2m']);
    manager.stop();
  });

  it('uses the configured lead and interval', async () => {
    const { time, manager, refreshes } = harness({ policy: { aheadMs: 10 * MIN, checkIntervalMs: 30_000 } });
    manager.start();
    await time.advance(10 * MIN + 30_000);
    expect(refreshes).toEqual([10 * MIN]);
    manager.stop();
  });
});

/**
 * Sessions renewed through one provider (`acme`: an SSO provider's permission sets) and one of
 * another (`other`), all due at 15 minutes; `down` says which names fail, and how.
 */
function siblings(down: (name: string) => AuthError | undefined) {
  const time = new FakeTime();
  const expiries = new Map<string, number>();
  const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1'];
  for (const name of names) expiries.set(name, T0 + 20 * MIN);
  const tried: string[] = [];
  const log: string[] = [];
  const renewer: Renewer = {
    list: () =>
      names.map((name) => ({
        ...row(name, expiries.get(name) as number),
        id: `identity:${name}`,
        type: 'identity' as const,
        parent: name.startsWith('a') ? 'provider:acme' : 'provider:other',
        depth: 1,
      })),
    refreshPolicy: () => DEFAULT_REFRESH,
    renewsUnattended: async () => true,
    refresh: async (name) => {
      tried.push(name);
      const error = down(name);
      if (error) throw error;
      expiries.set(name, time.t + 60 * MIN);
    },
    noteRetry: () => undefined,
  };
  const events = {
    renewing: () => undefined,
    renewed: (n: NodeStatus) => log.push(`renewed ${n.name}`),
    retrying: () => undefined,
    failed: (n: NodeStatus, e: AuthError) => log.push(`failed ${n.name} ${e.code}`),
    needsUser: () => undefined,
    rotationDue: () => undefined,
  };
  const manager = new RefreshManager(renewer, events, time.clock, MIN, time, () => 1);
  return { time, manager, tried, log };
}

const unreachable = () => new AuthError('network', 'Cannot reach portal.sso.example', { retryable: true });

describe('refresh manager and a server out of reach', () => {
  it('tries the sessions behind an unreachable server one probe at a time, and the rest once it answers', async () => {
    let offline = true;
    const { time, manager, tried, log } = siblings((name) =>
      offline && name.startsWith('a') ? unreachable() : undefined,
    );
    manager.start();
    await time.advance(15 * MIN);
    // Four at a time: a1–a4 were under way together; a5 and a6 wait for a1's retries; b1, behind
    // another server, is renewed.
    expect(tried.toSorted()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect(log).toEqual(['renewed b1']);
    tried.length = 0;
    await time.advance(29_000);
    expect(tried).toEqual([]); // the passes in between leave a5 and a6 alone
    offline = false;
    await time.advance(1_000); // a1–a4 retry after 30 s; a1 renews, and a5 and a6 follow at once
    expect(tried.toSorted()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(log.toSorted()).toEqual([
      'renewed a1',
      'renewed a2',
      'renewed a3',
      'renewed a4',
      'renewed a5',
      'renewed a6',
      'renewed b1',
    ]);
    manager.stop();
  });

  it('lets the next session probe once the first gives up, one pass later', async () => {
    const { time, manager, tried, log } = siblings((name) => (name.startsWith('a') ? unreachable() : undefined));
    manager.start();
    await time.advance(15 * MIN);
    tried.length = 0;
    await time.advance(210_000); // retries after 30, 60 and 120 s, then a1–a4 give up
    expect(tried.filter((n) => n === 'a5' || n === 'a6')).toEqual([]);
    expect(log.filter((l) => l.startsWith('failed')).toSorted()).toEqual([
      'failed a1 network',
      'failed a2 network',
      'failed a3 network',
      'failed a4 network',
    ]);
    await time.advance(30_000); // the next pass, at 19 minutes
    expect(tried.filter((n) => n === 'a5' || n === 'a6').toSorted()).toEqual(['a5', 'a6']);
    manager.stop();
  });

  it('holds nothing back for a failure of one session (a 500, a refusal)', async () => {
    const { time, manager, tried } = siblings((name) =>
      name === 'a1' ? new AuthError('server_error', 'HTTP 500', { retryable: true }) : undefined,
    );
    manager.start();
    await time.advance(15 * MIN);
    expect(tried.toSorted()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1']);
    manager.stop();
  });
});

describe('refresh manager with the engine and the token service', () => {
  const peer = new FakeTokenService();
  beforeAll(async () => {
    await peer.start();
    peer.addUser('ada', 'pw-0c9f');
  });
  afterAll(() => peer.stop());

  it('keeps a short-lived token-service session alive by itself', async () => {
    const time = new FakeTime();
    peer.now = time.clock.now;
    peer.accessSeconds = 120;
    const text = `auth:\n  refresh: { ahead: 30s, check_interval: 10s }\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n`;
    const config = (await parseConfigText(text, 'c.yaml', 'authui')).config as Config;
    const engine = testEngine({
      config,
      store: new MemoryStore(),
      clock: time.clock,
      env: isolatedEnv(tempDir()),
      paths: resolvePaths(isolatedEnv(tempDir())),
    });
    await engine.login('kitty', new ScriptedPrompter([{ password: 'pw-0c9f' }]));
    const renewed: number[] = [];
    let started = 0;
    const manager = new RefreshManager(
      engine,
      {
        renewing: () => started++,
        renewed: () => renewed.push(time.t - T0),
        retrying: () => {},
        failed: (_n, e) => {
          throw e;
        },
        needsUser: () => {},
        rotationDue: () => {},
      },
      time.clock,
      config.refresh.checkIntervalMs,
      time,
    );
    manager.start();
    for (let i = 0; i < 60; i++) {
      await time.advance(10_000);
      // Real network: let a renewal that started finish before the fake clock moves on.
      await eventually(() => expect(renewed.length).toBe(started));
    }
    manager.stop();
    // Ten minutes with 2-minute tokens renewed 30 s ahead: still valid, renewed every ~90 s.
    expect(engine.list()[0]?.state).toBe('expiring');
    expect(peer.refreshCalls).toBeGreaterThanOrEqual(6);
    expect(renewed.length).toBe(peer.refreshCalls);
  });
});
