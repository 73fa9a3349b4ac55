// The rules for keeping a node's exports beside its session (engine/kept-exports.ts): which
// kinds' may be kept, what reads of the environment are recorded, and that a change of any
// input they were made from makes them not kept.
import { describe, expect, it } from 'vitest';
import type { Config, NodeConfig } from '../../src/auth/config/types.js';
import type { KeptExports } from '../../src/auth/credential-types.js';
import {
  exportsKeepable,
  inputsOf,
  recordingEnv,
  stillKept,
  type ExportInputs,
} from '../../src/auth/engine/kept-exports.js';
import { kindModule, loadAllKinds } from '../../src/auth/kinds/registry.js';
import type { Env } from '../../src/auth/paths.js';
import type { IndexedSession } from '../../src/auth/session-index.js';

const dev: NodeConfig = {
  id: 'identity:dev',
  type: 'identity',
  name: 'dev',
  kind: 'aws/user',
  default: false,
  settings: { credentials: { region: 'eu-west-1' } },
};
const config = { source: { path: '/home/u/authui.yaml', digest: 'abc', format: 'authui' } } as Config;
const session: IndexedSession = {
  obtainedAt: '2026-12-06T10:00:00.000Z',
  expiresAt: '2026-12-06T11:00:00.000Z',
  backend: 'file',
};
const inputs: ExportInputs = {
  config,
  chain: [dev],
  sessions: { 'identity:dev': session },
  read: { AUTHUI_AWS_FILES_BASE_PATH: null, HOME: '/home/u' },
  cwd: '/home/u/work',
};
const kept: KeptExports = {
  variables: { AWS_PROFILE: 'dev' },
  secrets: {},
  hidden: [],
  read: inputs.read as Record<string, string | null>,
  inputs: inputsOf(inputs),
};
const now: Omit<ExportInputs, 'read'> & { env: Env } = { ...inputs, env: { HOME: '/home/u', PATH: '/bin' } };

describe('kept exports', () => {
  it('are kept for the kinds whose every credential the session cache may hold', async () => {
    await loadAllKinds();
    const keepable = (kind: string) => exportsKeepable(kindModule(kind)!);
    for (const kind of ['aws/user', 'aws/assume-role', 'aws/permission-set', 'oidc', 'token-service'])
      expect(keepable(kind), kind).toBe(true);
    for (const kind of ['api-key/openai', 'api-key/generic', 'smtp']) expect(keepable(kind), kind).toBe(false);
  });

  it('record each variable read, unset ones as null, and a look at the whole environment', () => {
    const recording = recordingEnv({ HOME: '/home/u', SECRET: 'x' });
    expect(recording.env.HOME).toBe('/home/u');
    expect('NOPE' in recording.env).toBe(false);
    expect(recording.read).toEqual({ HOME: '/home/u', NOPE: null });
    expect(recording.whole()).toBe(false);
    expect(Object.keys(recording.env)).toEqual(['HOME', 'SECRET']);
    expect(recording.whole()).toBe(true);
  });

  it('hold while every input is the same, whatever else the environment holds', () => {
    expect(stillKept(kept, now)).toBe(kept);
  });

  it('lapse when any input changed', () => {
    const changed: [string, typeof now][] = [
      ['the file', { ...now, config: { ...config, source: { ...config.source, digest: 'abd' } } }],
      ['its path', { ...now, config: { ...config, source: { ...config.source, path: '/home/u/other.yaml' } } }],
      ['the working directory', { ...now, cwd: '/home/u' }],
      ['a node of the chain', { ...now, chain: [{ ...dev, settings: { credentials: { region: 'eu-north-1' } } }] }],
      ['a session of the chain', { ...now, sessions: { 'identity:dev': { ...session, region: 'eu-north-1' } } }],
      ['a session gone', { ...now, sessions: {} }],
      ['a variable read', { ...now, env: { ...now.env, AUTHUI_AWS_FILES_BASE_PATH: '/elsewhere' } }],
      ['a variable read, unset', { ...now, env: { PATH: '/bin' } }],
    ];
    for (const [what, inputs] of changed) expect(stillKept(kept, inputs), what).toBeUndefined();
  });

  it('are not taken from anything else', () => {
    for (const other of [undefined, null, 'x', {}, { inputs: kept.inputs }, { ...kept, read: null }])
      expect(stillKept(other, now)).toBeUndefined();
  });
});
