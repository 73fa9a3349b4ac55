// The rows `status` keeps for the answers (engine/kept-status.ts): handed back while every input
// is the same, with each state and fallback worked out again for the moment asked about, and a
// row whose session changed made again from it; not handed back after a change of any other
// input, or of the settings entered at a login.
import { describe, expect, it } from 'vitest';
import type { Config, NodeConfig } from '../../src/auth/config/types.js';
import { NodeGraph } from '../../src/auth/engine/graph.js';
import { listToKeep, keptStatus, type KeptFacts, type StatusInputs } from '../../src/auth/engine/kept-status.js';
import type { NodeStatus } from '../../src/auth/engine/views.js';
import { resolvePaths } from '../../src/auth/paths.js';
import type { IndexedSession } from '../../src/auth/session-index.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const HOUR = 3_600_000;
const T = Date.parse('2026-12-06T10:00:00.000Z');

const node = (name: string, extra: Partial<NodeConfig> = {}): NodeConfig => ({
  id: `identity:${name}`,
  type: 'identity',
  name,
  kind: 'aws/user',
  default: false,
  settings: {},
  ...extra,
});
const dev = node('dev', { fallback: { type: 'identity', name: 'backup' } });
const backup = node('backup');
const found = node('found', { discovered: true, settings: { account: '1' } });
const session = (expiresAt: number): IndexedSession => ({
  obtainedAt: new Date(T - HOUR).toISOString(),
  expiresAt: new Date(expiresAt).toISOString(),
  backend: 'file',
});
const row = (n: NodeConfig, expiresAt: number | undefined): NodeStatus => ({
  id: n.id,
  type: n.type,
  name: n.name,
  kind: n.kind,
  label: 'AWS user',
  depth: 0,
  default: false,
  state: expiresAt === undefined ? 'logged_out' : 'active',
  ...(expiresAt === undefined ? {} : { expiresAt, backend: 'file' as const }),
  reenterable: true,
});

/** What the kind said of each row: found's account from its settings. */
const factsOf = (r: NodeStatus): KeptFacts => ({
  label: 'AWS user',
  reenterable: true,
  ...(r.id === found.id ? { account: '1' } : {}),
});

function setup() {
  const dir = tempDir();
  const env = isolatedEnv(dir);
  const config = {
    source: { path: `${dir}/authui.yaml`, format: 'authui', origin: 'user', digest: 'd1', trusted: true },
    keyring: { type: 'file' },
    nodes: [dev, backup, found],
  } as unknown as Config;
  const inputs: StatusInputs = {
    config,
    sessions: { 'identity:dev': session(T + HOUR), 'identity:backup': session(T + 3 * HOUR) },
    env,
    paths: resolvePaths(env),
  };
  const rows = [row(dev, T + HOUR), row(backup, T + 3 * HOUR), row(found, undefined)];
  listToKeep(inputs, { active: 'file', requested: 'file', location: 'here' }, () => rows, factsOf).keep();
  return { inputs, config, rows, graph: new NodeGraph(config) };
}

describe('kept status', () => {
  it('hands back the rows kept, states and fallbacks as of the moment asked about', () => {
    const { inputs, graph } = setup();
    const now = keptStatus(inputs, graph, T);
    expect(now?.backend).toEqual({ active: 'file', requested: 'file', location: 'here' });
    expect(now?.rows.map((r) => [r.name, r.state, r.fallback])).toEqual([
      ['dev', 'active', undefined],
      ['backup', 'active', undefined],
      ['found', 'logged_out', undefined],
    ]);
    // Ten minutes before backup's end: dev's session is over and backup, expiring, stands in for it.
    const later = keptStatus(inputs, graph, T + 3 * HOUR - 10 * 60_000);
    expect(later?.rows.map((r) => [r.name, r.state, r.fallback])).toEqual([
      ['dev', 'expired', 'backup'],
      ['backup', 'expiring', undefined],
      ['found', 'logged_out', undefined],
    ]);
  });

  it('hands back nothing once an input changed', () => {
    const { inputs, config, graph } = setup();
    const changed: [string, StatusInputs][] = [
      ['the file', { ...inputs, config: { ...config, source: { ...config.source, digest: 'd2' } } }],
      [
        'a discovered node',
        {
          ...inputs,
          config: { ...config, nodes: [dev, backup, { ...found, settings: { account: '2' } }] },
        },
      ],
      [
        'the settings entered at a login',
        { ...inputs, sessions: { ...inputs.sessions, 'identity:dev': { ...session(T + HOUR), fields: { a: 'b' } } } },
      ],
      ['the store asked for', { ...inputs, env: { ...inputs.env, AUTHUI_KEYRING: 'memory' } }],
    ];
    for (const [what, other] of changed) expect(keptStatus(other, graph, T), what).toBeUndefined();
    expect(keptStatus(inputs, graph, T)).toBeDefined();
  });

  it('make a row whose session another process changed again, from the new session and what its kind said', () => {
    const { inputs, graph } = setup();
    const bound = { ...session(T + 2 * HOUR), region: 'eu-west-1', account: '9' };
    const sessions = { 'identity:backup': session(T + 3 * HOUR), 'identity:found': bound };
    const now = keptStatus({ ...inputs, sessions }, graph, T);
    expect(now?.rows.map((r) => [r.name, r.state, r.expiresAt, r.account, r.region, r.fallback])).toEqual([
      ['dev', 'logged_out', undefined, undefined, undefined, 'backup'], // logged out: backup stands in
      ['backup', 'active', T + 3 * HOUR, undefined, undefined, undefined],
      ['found', 'active', T + 2 * HOUR, '9', 'eu-west-1', undefined],
    ]);
    expect(now?.rows[2]).toMatchObject({ label: 'AWS user', reenterable: true, backend: 'file', obtainedAt: T - HOUR });
  });

  it('are not kept past 500 nodes, where the engine lists faster than they are read back', () => {
    const { inputs, config, graph } = setup();
    const many = Array.from({ length: 501 }, (_, i) => node(`n${i}`));
    const manyRows = many.map((n) => row(n, undefined));
    const withNodes = (count: number) => ({
      ...inputs,
      sessions: {},
      config: { ...config, nodes: many.slice(0, count) },
    });
    const backend = { active: 'file', requested: 'file', location: 'here' } as const;
    listToKeep(withNodes(500), backend, () => manyRows.slice(0, 500), factsOf).keep();
    expect(keptStatus(withNodes(500), graph, T)?.rows).toHaveLength(500);
    const listed = listToKeep(withNodes(501), backend, () => manyRows, factsOf);
    expect(listed.rows).toHaveLength(501);
    listed.keep();
    expect(keptStatus(withNodes(501), graph, T)?.rows).toHaveLength(500); // the 501 were not written
  });

  it('are kept under the session index read before listing, when asked: a change made meanwhile is made again, never missed', () => {
    const { inputs, rows, graph } = setup();
    // An index other than setup's, whose rows are kept already.
    const sessions: Record<string, IndexedSession> = { 'identity:dev': session(T + HOUR) };
    const before = { ...inputs, sessions: { ...sessions } };
    // Another process logs found in while the rows are listed.
    const backend = { active: 'file', requested: 'file', location: 'here' } as const;
    const listed = listToKeep(
      { ...inputs, sessions },
      backend,
      () => {
        sessions['identity:found'] = session(T + HOUR);
        return rows;
      },
      factsOf,
    );
    expect(listed.rows).toBe(rows);
    // Written only when asked (the first frame asks once it is drawn).
    const states = (sessionsNow: Record<string, IndexedSession>) =>
      keptStatus({ ...inputs, sessions: sessionsNow }, graph, T)?.rows.map((r) => [r.state, r.expiresAt]);
    // Setup's rows, under an index where backup's session is gone: its row is made again.
    expect(states(before.sessions)).toEqual([
      ['active', T + HOUR],
      ['logged_out', undefined],
      ['logged_out', undefined],
    ]);
    listed.keep();
    // Now the rows listed are kept (backup's as listed: with no session it reads logged out).
    expect(states(before.sessions)).toEqual([
      ['active', T + HOUR],
      ['logged_out', T + 3 * HOUR],
      ['logged_out', undefined],
    ]);
    // The rows were listed as found logged out; its session, which came meanwhile, makes it again.
    expect(states(sessions)).toEqual([
      ['active', T + HOUR],
      ['logged_out', T + 3 * HOUR],
      ['active', T + HOUR],
    ]);
  });
});
