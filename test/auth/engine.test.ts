import { readFileSync } from 'node:fs';
import { testEngine } from '../helpers/engine.js';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/auth/clock.js';
import { DEFAULT_REFRESH, type Config, type NodeConfig } from '../../src/auth/config/types.js';
import { nonInteractive } from '../../src/auth/engine.js';
import { AuthError } from '../../src/auth/errors.js';
import type { KindModule } from '../../src/auth/kind.js';
import { resolvePaths } from '../../src/auth/paths.js';
import type { Prompter } from '../../src/auth/prompter.js';
import { SessionIndex } from '../../src/auth/session-index.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const CANARY = 'CANARY-SESSION-SECRET-0a1b2c3d';
const HOUR = 3_600_000;

function fakeClock(start = Date.parse('2026-11-23T12:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

function node(type: NodeConfig['type'], name: string, kind: string, via?: NodeConfig['via']): NodeConfig {
  return { id: `${type}:${name}`, type, name, kind, default: false, via, settings: {} };
}

/** A trusted configuration of these nodes (no file behind it). */
function configOf(nodes: NodeConfig[]): Config {
  return {
    source: { path: '/x/authui.yaml', format: 'authui', origin: 'named', digest: '', trusted: true },
    keyring: { type: 'memory' },
    files: {},
    browser: 'print',
    sessionCache: true,
    refresh: DEFAULT_REFRESH,
    nodes,
    integrations: [],
    warnings: [],
  };
}

/** Kinds whose "network" is a counter, so chain walking and reuse can be observed. */
function testKinds(clock: Clock, calls: string[]) {
  const make = (kind: string, role: KindModule['role'], ttl: number): KindModule => ({
    kind,
    role,
    label: kind,
    schema: () => Promise.reject(new Error('test kinds are not parsed from YAML')),
    provides: ['accessToken'],
    via: role === 'identity' ? { needs: ['accessToken'] } : undefined,
    parseSecret: (value) => value,
    yields: () => ({ accessToken: CANARY }),
    reenterable: false,
    describe: () => ({ region: 'eu-west-1' }),
    async authenticate(ctx) {
      calls.push(`auth:${ctx.node.name}:${ctx.parent ? 'parent' : 'root'}`);
      if (ctx.node.kind === 'test/root') await ctx.prompter.ask({ title: 'code', fields: [] });
      return {
        meta: {
          obtainedAt: new Date(clock.now()).toISOString(),
          expiresAt: new Date(clock.now() + ttl).toISOString(),
          account: '111122223333',
        },
        secret: { token: CANARY },
      };
    },
    async refresh(ctx) {
      calls.push(`refresh:${ctx.node.name}`);
      await new Promise((r) => setTimeout(r, 30));
      return {
        meta: { obtainedAt: new Date(clock.now()).toISOString(), expiresAt: new Date(clock.now() + ttl).toISOString() },
        secret: { token: CANARY },
      };
    },
  });
  const kinds = [
    make('test/root', 'provider', 8 * HOUR),
    make('test/mid', 'identity', HOUR),
    make('test/leaf', 'identity', HOUR),
  ];
  return (kind: string) => kinds.find((k) => k.kind === kind);
}

const NODES = [
  node('provider', 'root', 'test/root'),
  node('identity', 'other', 'test/mid'),
  node('identity', 'leaf', 'test/leaf', { type: 'identity', name: 'mid' }),
  node('identity', 'mid', 'test/mid', { type: 'provider', name: 'root' }),
];

function setup(nodes = NODES) {
  const dir = tempDir();
  const env = isolatedEnv(dir);
  const clock = fakeClock();
  const calls: string[] = [];
  const config = configOf(nodes);
  const prompts: string[] = [];
  const prompter: Prompter = {
    ask: async (spec) => (prompts.push(spec.title), {}),
    confirm: async () => true,
    showDeviceCode: () => ({ signal: new AbortController().signal, close: () => {} }),
    notice: () => {},
  };
  const store = new MemoryStore();
  const engine = testEngine({ config, store, clock, env, kinds: testKinds(clock, calls) });
  /** Another engine on the same files and clock: what a process started now would list. */
  const another = () => testEngine({ config, store, clock, env, kinds: testKinds(clock, []) });
  return { engine, another, clock, calls, prompts, prompter, env, store };
}

describe('engine', () => {
  it('lists nodes in tree order with depth, inherited region and logged-out state', () => {
    const { engine } = setup();
    const list = engine.list();
    expect(list.map((n) => `${n.depth}:${n.name}`)).toEqual(['0:root', '1:mid', '2:leaf', '0:other']);
    expect(list.every((n) => n.state === 'logged_out' && n.region === 'eu-west-1')).toBe(true);
  });

  it("a node's exported region is its row's, worked out along its chain alone", async () => {
    const kind = (name: string): KindModule => ({
      kind: name,
      role: 'identity',
      label: name,
      schema: () => Promise.reject(new Error('not parsed')),
      provides: ['accessToken'],
      parseSecret: (value) => value,
      yields: () => ({}),
      reenterable: false,
      describe: (settings: { region?: string }) => ({ region: settings.region }),
      env: { variables: ({ region }) => ({ REGION: region ?? '-' }), secrets: () => ({}), secretNames: () => [] },
      authenticate: () => Promise.reject(new Error('no login here')),
    });
    const withRegion = (n: NodeConfig, region?: string) => ({ ...n, settings: region ? { region } : {} });
    const config = configOf([
      withRegion(node('identity', 'a', 'test/k'), 'us-east-1'),
      withRegion(node('identity', 'b', 'test/k', { type: 'identity', name: 'a' })),
      withRegion(node('identity', 'c', 'test/k', { type: 'identity', name: 'b' }), 'eu-west-1'),
      withRegion(node('identity', 'd', 'test/k', { type: 'identity', name: 'c' })),
      withRegion(node('identity', 'e', 'test/k', { type: 'identity', name: 'b' })),
      withRegion(node('identity', 'lone', 'test/k')),
    ]);
    const env = isolatedEnv(tempDir());
    const clock = fakeClock();
    const engine = testEngine({ config, store: new MemoryStore(), env, clock, kinds: () => kind('test/k') });
    // A session's own region wins over the settings' and is inherited below it.
    const now = new Date(clock.now()).toISOString();
    const paths = resolvePaths(env);
    await new SessionIndex(paths.sessionIndex, paths.locksDir, clock, () => {}).update((s) => {
      s['identity:b'] = { obtainedAt: now, expiresAt: now, region: 'ap-south-1', backend: 'memory' };
    });
    const rows = engine.list();
    expect(rows.map((r) => `${r.name}:${r.region ?? '-'}`)).toEqual([
      'a:us-east-1',
      'b:ap-south-1',
      'c:eu-west-1',
      'd:eu-west-1',
      'e:ap-south-1',
      'lone:-',
    ]);
    for (const row of rows)
      expect((await engine.exports(row.name, { secrets: false })).variables.REGION).toBe(row.region ?? '-');
  });

  it('walks the chain from the root, then reuses steps valid for 15 more minutes', async () => {
    const { engine, calls, prompts, prompter, clock } = setup();
    await engine.login('leaf', prompter);
    expect(calls).toEqual(['auth:root:root', 'auth:mid:parent', 'auth:leaf:parent']);
    expect(prompts).toEqual(['code']);
    calls.length = 0;
    clock.advance(30 * 60_000); // mid has 30 min left: reused
    await engine.login('leaf', prompter);
    expect(calls).toEqual(['auth:leaf:parent']);
    calls.length = 0;
    clock.advance(20 * 60_000); // mid has 10 min left: renewed; root (7h10m) reused
    await engine.login('leaf', prompter);
    expect(calls).toEqual(['auth:mid:parent', 'auth:leaf:parent']);
  });

  it('moves states with the clock: active → expiring → expired', async () => {
    const { engine, prompter, clock } = setup();
    await engine.login('other', prompter);
    const state = () => engine.list().find((n) => n.name === 'other')?.state;
    expect(state()).toBe('active');
    clock.advance(46 * 60_000);
    expect(state()).toBe('expiring');
    clock.advance(15 * 60_000);
    expect(state()).toBe('expired');
  });

  it('a re-list keeps the row object of every node whose session and state are unchanged, and makes a new one when either moves', async () => {
    const { engine, prompter, clock } = setup();
    await engine.login('other', prompter);
    const first = engine.list();
    const again = engine.list();
    expect(again).not.toBe(first);
    again.forEach((row, i) => expect(row).toBe(first[i]));
    const other = (rows: typeof first) => rows.find((n) => n.name === 'other');
    clock.advance(46 * 60_000); // expiring now: a new row, the others kept
    const later = engine.list();
    expect(other(later)).not.toBe(other(first));
    expect(other(later)).toMatchObject({ state: 'expiring', expiresAt: other(first)?.expiresAt });
    expect(
      later.filter((row) => row.name !== 'other').every((row, i) => row === first.filter((r) => r.name !== 'other')[i]),
    ).toBe(true);
    await engine.login('other', prompter); // 14 minutes left: a new session, so a new row
    const renewed = other(engine.list());
    expect(renewed).not.toBe(other(later));
    expect(renewed?.state).toBe('active');
    expect(renewed?.expiresAt).toBeGreaterThan(other(later)?.expiresAt as number);
  });

  it('a login keeps the row objects of the other logged-in nodes (it rewrites the whole session index)', async () => {
    const { engine, prompter } = setup();
    await engine.login('mid', prompter); // root and mid
    const before = engine.list();
    await engine.login('other', prompter);
    const after = engine.list();
    const row = (rows: typeof before, name: string) => rows.find((n) => n.name === name);
    for (const name of ['root', 'mid', 'leaf']) expect(row(after, name)).toBe(row(before, name));
    expect(row(before, 'mid')?.state).toBe('active');
    expect(row(after, 'other')).not.toBe(row(before, 'other'));
    expect(row(after, 'other')?.state).toBe('active');
  });

  it('says when a re-list could differ, and lists what a new process would, at every moment', async () => {
    // `other` falls back to `mid`: its standing in ends when mid's session does.
    const withFallback = NODES.map((n) =>
      n.name === 'other' ? { ...n, fallback: { type: 'identity' as const, name: 'mid' } } : n,
    );
    const { engine, another, prompter, clock, env } = setup(withFallback);
    await engine.login('other', prompter); // 1 h
    clock.advance(10 * 60_000);
    await engine.login('leaf', prompter); // root (8 h), mid (1 h), leaf
    let rows = engine.list();
    let stoodIn = false;
    expect(engine.listStale()).toBe(false);
    let unchanged = 0;
    // Uneven steps across 9 hours: every state's moments (expiring, expired, the fallback's end) pass.
    for (let step = 0; step < 300; step++) {
      clock.advance(60_000 + (step % 7) * 23_000);
      if (step === 100) {
        // Another process logs `other` out: its index entry goes.
        const paths = resolvePaths(env);
        await new SessionIndex(paths.sessionIndex, paths.locksDir, clock, () => {}).update((s) => {
          delete s['identity:other'];
        });
        expect(engine.listStale()).toBe(true);
      }
      const stale = engine.listStale();
      const listed = engine.list();
      // Rows kept from the lists before are the rows a fresh listing makes.
      expect(listed).toEqual(another().list());
      if (!stale) {
        unchanged++;
        expect(listed).toEqual(rows);
      }
      rows = listed;
      stoodIn ||= rows.some((r) => r.name === 'other' && r.fallback === 'mid');
    }
    expect(stoodIn).toBe(true);
    expect(rows.find((r) => r.name === 'other')?.state).toBe('logged_out');
    // Most 5-s re-lists of an idle dashboard find nothing to do.
    expect(unchanged).toBeGreaterThan(250);
    clock.advance(-60_000); // the clock set back
    expect(engine.listStale()).toBe(true);
  });

  it('shares one refresh between 100 concurrent callers once the session is inside the refresh lead', async () => {
    const { engine, prompter, calls, clock } = setup();
    await engine.login('other', prompter);
    clock.advance(54 * 60_000);
    calls.length = 0;
    // Six minutes left, more than the 5-minute lead: handed out as is.
    await engine.credentials('other');
    expect(calls).toEqual([]);
    clock.advance(2 * 60_000);
    const results = await Promise.all(Array.from({ length: 100 }, () => engine.credentials('other')));
    expect(calls).toEqual(['refresh:other']);
    expect(new Set(results.map((r) => r.meta.obtainedAt)).size).toBe(1);
    expect(results[0]?.meta.obtainedAt).toBe(new Date(clock.now()).toISOString());
  });

  it('never prompts without a terminal: needs_interactive_login names the command', async () => {
    const { engine } = setup();
    const error = await engine.login('root', nonInteractive('root')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('needs_interactive_login');
    expect((error as AuthError).hint).toBe('Run "authui login root" in a terminal.');
  });

  it('keeps secrets out of the session index and the audit log', async () => {
    const { engine, prompter, env, store } = setup();
    await engine.login('leaf', prompter);
    const paths = resolvePaths(env);
    expect(readFileSync(paths.sessionIndex, 'utf8')).not.toContain(CANARY);
    const audit = readFileSync(paths.auditLog, 'utf8');
    expect(audit.trim().split('\n')).toHaveLength(3);
    expect(audit).not.toContain(CANARY);
    expect(await store.get('identity:leaf/session')).toContain(CANARY);
    expect(JSON.stringify(engine.list())).not.toContain(CANARY);
  });

  it('names the known nodes for an unknown target', () => {
    const { engine } = setup();
    expect(() => engine.resolve('nope')).toThrow(AuthError);
    try {
      engine.resolve('nope');
    } catch (error) {
      expect((error as AuthError).code).toBe('unknown_target');
      expect((error as AuthError).explanation).toBe(
        'Available identities: other, leaf, mid\nAvailable providers: root',
      );
    }
  });

  it("gives each kind only its own node's entries: it names none, and cannot reach another node's", async () => {
    const { engine, prompter, store } = setup();
    await store.set('provider:root/long-term', 'ROOT-LONG-TERM');
    await store.set('identity:other/long-term', 'OTHER-LONG-TERM');
    await engine.login('other', prompter);
    // A kind that would like to see everything gets its node's view, not the store.
    const seen: { keys: string[]; longTerm?: string; session?: unknown; store?: boolean }[] = [];
    const nosy: KindModule = {
      kind: 'test/nosy',
      role: 'identity',
      label: 'nosy',
      schema: () => Promise.reject(new Error('not parsed')),
      provides: ['accessToken'],
      parseSecret: (value) => value,
      yields: () => ({ accessToken: 'nosy' }),
      reenterable: false,
      describe: () => ({}),
      async authenticate(ctx) {
        seen.push({
          keys: Object.keys(ctx.secrets),
          longTerm: await ctx.secrets.readLongTerm(),
          store: 'store' in ctx,
        });
        await ctx.secrets.writeLongTerm('NOSY-LONG-TERM');
        seen.push({ keys: [], session: await ctx.secrets.session() });
        return { meta: { obtainedAt: new Date().toISOString() }, secret: { mine: true } };
      },
    };
    const dir = tempDir();
    const env = isolatedEnv(dir);
    const nosyEngine = testEngine({
      config: configOf([node('identity', 'nosy', 'test/nosy')]),
      store,
      clock: fakeClock(),
      env,
      kinds: (kind) => (kind === 'test/nosy' ? nosy : undefined),
    });
    await nosyEngine.login('nosy', prompter);
    expect(seen[0]).toEqual({
      keys: ['backend', 'readLongTerm', 'writeLongTerm', 'deleteLongTerm', 'session'],
      longTerm: undefined,
      store: false,
    });
    expect(seen[1]?.session).toBeUndefined();
    expect(await store.get('identity:nosy/long-term')).toBe('NOSY-LONG-TERM');
    expect(await store.get('provider:root/long-term')).toBe('ROOT-LONG-TERM');
    expect(await store.get('identity:other/long-term')).toBe('OTHER-LONG-TERM');
  });
});
