// Shared by the oidc tests: an engine with one oidc provider "corp", and a check that the
// loopback listener is gone.
import { testEngine } from './engine.js';
import { connect } from 'node:net';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { isolatedEnv, tempDir } from './tmp.js';

/** An engine whose config has `corp: { kind: oidc, <settings> }`, on a memory store. */
export async function oidcEngine(settings: string, extraEnv: Record<string, string> = {}) {
  const env = isolatedEnv(tempDir(), extraEnv);
  const { config, issues } = await parseConfigText(
    `auth:\n  providers:\n    corp: { kind: oidc, ${settings} }\n`,
    'c.yaml',
    'authui',
  );
  if (!config) throw new Error(JSON.stringify(issues));
  const store = new MemoryStore();
  const engine = testEngine({ config: config as Config, store, env });
  return { engine, store, env, config: config as Config };
}

/** Whether something listens on the loopback port (a sign-in's listener must be gone after it). */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
