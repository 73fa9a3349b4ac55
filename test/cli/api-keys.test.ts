// API keys through the built binary: exec with several names, env without and with --reveal,
// token, test, and a canary scan of everything else it prints or writes.
import { resolvePaths } from '../../src/auth/paths.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { trustConfig } from '../../src/auth/config/trust.js';
import { captureIO } from '../helpers/io.js';
import { runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeVendors } from '../servers/vendors.js';

const OPENAI_KEY = 'sk-CANARY-cli-openai-9d8c7b';
const ANTHROPIC_KEY = 'sk-ant-CANARY-cli-anthropic-1a2b';
const vendors = new FakeVendors();
beforeAll(async () => {
  await vendors.start();
  vendors.openai.set(OPENAI_KEY, {});
  vendors.anthropic.add(ANTHROPIC_KEY);
});
afterAll(() => vendors.stop());

async function workspace() {
  const config = `auth:\n  keyring: { type: file }\n  providers:\n    openai: { kind: api-key/openai, base_url: "${vendors.url}/openai/v1" }\n    claude: { kind: api-key/anthropic, base_url: "${vendors.url}/anthropic" }\n`;
  const ws = cliWorkspace(config, 'api-keys-cli-pw');
  const workspace = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
  await workspace.engine.login('openai', new ScriptedPrompter([{ api_key: OPENAI_KEY }]));
  await workspace.engine.login('claude', new ScriptedPrompter([{ api_key: ANTHROPIC_KEY }]));
  return { ...ws, run: (...args: string[]) => runBinAsync(args, { env: ws.env, cwd: ws.cwd }) };
}

describe('API keys on the command line', () => {
  it('exec with several names sets every key; env shows them only with --reveal', async () => {
    const ws = await workspace();
    const check = `console.log(process.env.OPENAI_API_KEY === ${JSON.stringify(OPENAI_KEY)} && process.env.ANTHROPIC_API_KEY === ${JSON.stringify(ANTHROPIC_KEY)})`;
    const exec = await ws.run('exec', 'openai', 'claude', '--', process.execPath, '-e', check);
    expect(exec).toMatchObject({ code: 0, stdout: 'true\n' });

    // The store's password opens every secret: the command never sees it, under any name.
    const leak = `console.log(Object.entries(process.env).filter(([, v]) => v === 'api-keys-cli-pw').map(([k]) => k).join() || 'none')`;
    expect(await ws.run('exec', 'openai', '--', process.execPath, '-e', leak)).toMatchObject({
      code: 0,
      stdout: 'none\n',
    });
    const original = readFileSync(join(ws.cwd, 'authui.yaml'), 'utf8');
    writeFileSync(
      join(ws.cwd, 'authui.yaml'),
      original.replace('keyring: { type: file }', 'keyring: { type: file, spec: { password_env: MY_STORE_PW } }'),
    );
    trustConfig(resolvePaths(isolatedEnv(ws.dir)).trustFile, join(ws.cwd, 'authui.yaml')); // the edited file, read again
    const renamed = await runBinAsync(['exec', 'openai', '--', process.execPath, '-e', leak], {
      env: { ...ws.env, AUTHUI_KEYRING_PASSWORD: undefined, MY_STORE_PW: 'api-keys-cli-pw' },
      cwd: ws.cwd,
    });
    expect(renamed).toMatchObject({ code: 0, stdout: 'none\n' });
    writeFileSync(join(ws.cwd, 'authui.yaml'), original);
    trustConfig(resolvePaths(isolatedEnv(ws.dir)).trustFile, join(ws.cwd, 'authui.yaml'));

    const hidden = await ws.run('env', 'openai', '--format', 'dotenv');
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toBe(`OPENAI_BASE_URL='${vendors.url}/openai/v1'\n`);
    expect(hidden.stderr).toContain('# not shown: OPENAI_API_KEY. Run a command with them: authui exec openai -- CMD');
    const revealed = await ws.run('env', 'openai', '--reveal', '--format', 'json');
    expect(JSON.parse(revealed.stdout)).toEqual({
      OPENAI_BASE_URL: `${vendors.url}/openai/v1`,
      OPENAI_API_KEY: OPENAI_KEY,
    });

    const token = await ws.run('token', 'claude');
    expect(token).toEqual({ code: 0, stdout: `${ANTHROPIC_KEY}\n`, stderr: '' });
  });

  it('test passes with exit 0, fails with exit 1 when the vendor no longer takes the key', async () => {
    const ws = await workspace();
    const passed = await ws.run('test', 'openai', '--json');
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ name: 'openai', ok: true, facts: { models: '2' } });
    vendors.anthropic.delete(ANTHROPIC_KEY);
    try {
      const failed = await ws.run('test', 'claude');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('Anthropic rejected the key (authentication_error)');
    } finally {
      vendors.anthropic.add(ANTHROPIC_KEY);
    }
  });

  it('the keys appear in no output or file but the store (encrypted) and the outputs that print them', async () => {
    const ws = await workspace();
    const outputs = [
      await ws.run('status', '--json'),
      await ws.run('status'),
      await ws.run('env', 'openai'),
      await ws.run('test', 'openai'),
      await ws.run('exec', 'openai', '--', process.execPath, '-e', '0'),
    ];
    const texts = [
      ...outputs.flatMap((o) => [o.stdout, o.stderr]),
      readFileSync(ws.paths.sessionIndex, 'utf8'),
      readFileSync(ws.paths.auditLog, 'utf8'),
      readFileSync(ws.paths.fileStore, 'latin1'),
    ];
    for (const text of texts) for (const key of [OPENAI_KEY, ANTHROPIC_KEY, 'CANARY']) expect(text).not.toContain(key);
  });
});
