// `authui shell`: the user's $SHELL with the nodes' exports and AUTHUI_SHELL, through the built
// binary (the shell takes over the terminal, or the process where the runtime can), its exit
// code passed through, and a nested shell said.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { runBinAsync } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';

const KEY = 'sk-CANARYshellkey0000000000000000001';

async function workspace() {
  const ws = cliWorkspace(
    'auth:\n  keyring: { type: file }\n  providers:\n    openai: { kind: api-key/openai }\n',
    'shell-pw',
  );
  const { engine } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
  await engine.login('openai', new ScriptedPrompter([{ api_key: KEY }]), { noVerify: true });
  // The "shell": says what it was given, and exits with its own code.
  const shell = join(ws.dir, 'fake-shell.sh');
  writeFileSync(
    shell,
    '#!/bin/sh\necho "SHELL_SEES [$AUTHUI_SHELL] ${OPENAI_API_KEY:+key-set} ${AUTHUI_KEYRING_PASSWORD:-no-store-password}"\nexit 5\n',
    { mode: 0o755 },
  );
  return { ...ws, env: { ...ws.env, SHELL: shell } };
}

describe('authui shell', () => {
  it("starts $SHELL with the node's exports and AUTHUI_SHELL, says how long they last, and exits with the shell's code", async () => {
    const ws = await workspace();
    const result = await runBinAsync(['shell', 'openai'], { env: ws.env, cwd: ws.cwd });
    expect(result.stdout).toBe('SHELL_SEES [openai] key-set no-store-password\n');
    expect(result.code).toBe(5);
    expect(result.stderr).toBe('Starting your shell with the credentials of openai, they do not expire.\n');
    expect(result.stderr + result.stdout).not.toContain(KEY);
  });

  it('a shell inside another one is said', async () => {
    const ws = await workspace();
    const result = await runBinAsync(['shell', 'openai'], { env: { ...ws.env, AUTHUI_SHELL: 'dev' }, cwd: ws.cwd });
    expect(result.stderr).toContain('warning: already in an authui shell for dev; this one is nested inside it');
    expect(result.stdout).toBe('SHELL_SEES [openai] key-set no-store-password\n');
  });
});
