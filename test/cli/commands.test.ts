// The commands' run functions with injected IO: the terminal and no-terminal branches without a
// pty (the tmux tests cover the same paths end to end).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { createApp } from '../../src/app/app.js';
import { runLogin } from '../../src/cli/login.js';
import { runWhoami } from '../../src/cli/whoami.js';
import { runEnv } from '../../src/cli/env.js';
import { runLogout } from '../../src/cli/logout.js';
import { runConnectionTest } from '../../src/cli/connection-test.js';
import { runValidate } from '../../src/cli/validate.js';
import { captureIO } from '../helpers/io.js';
import { cliWorkspace, loggedInWorkspace, LOGOUT_CONFIG } from '../helpers/workspace.js';

const logoutDefaults = { all: false, yes: false, keepProvider: false, dryRun: false, json: false };

/** Runs a command as main.ts does: a thrown error becomes its message on stderr and an exit code. */
async function run(io: ReturnType<typeof captureIO>, command: () => Promise<number>): Promise<number> {
  return command().catch((error: unknown) => reportError(io.stderr, error));
}

describe('commands with injected IO', () => {
  it('login without a terminal asks for nothing: exit 3 and the command to run', async () => {
    const ws = cliWorkspace(LOGOUT_CONFIG, 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await run(io, () => runLogin({ name: 'dev' }, { io, app: createApp({ io }) }))).toBe(3);
    expect(io.err()).toContain('Run "authui login dev" in a terminal.');
    expect(io.out()).toBe('');
  });

  it('logout without a target chooses interactively only in a terminal', async () => {
    const ws = cliWorkspace(LOGOUT_CONFIG, 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await run(io, () => runLogout(logoutDefaults, { io, app: createApp({ io }) }))).toBe(2);
    expect(io.err()).toContain('Say what to log out from');
    // With something stored, --all without a terminal needs --yes, and removes nothing.
    const full = await loggedInWorkspace('CANARY-COMMANDS-0001');
    const all = captureIO(full.env, full.cwd, false);
    expect(
      await run(all, () => runLogout({ ...logoutDefaults, all: true }, { io: all, app: createApp({ io: all }) })),
    ).toBe(2);
    expect(all.err()).toContain('Add --yes to confirm without a terminal');
    expect(await full.store.list()).not.toEqual([]);
  });

  it('env lists where the AWS files are, and no secret', async () => {
    const ws = cliWorkspace(LOGOUT_CONFIG, 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await runEnv({ name: 'admin', format: 'dotenv' }, { io, app: createApp({ io }) })).toBe(0);
    expect(io.out()).toContain("AWS_PROFILE='admin'");
    expect(io.out()).toMatch(/AWS_SHARED_CREDENTIALS_FILE='.*\/dev\/credentials'/);
    expect(io.out()).not.toContain('AWS_SECRET_ACCESS_KEY');
  });

  it("whoami runs the kind's connection test: a node that needs a login exits 3 with the hint", async () => {
    const ws = cliWorkspace(LOGOUT_CONFIG, 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await run(io, () => runWhoami({ name: 'corp', json: true }, { io, app: createApp({ io }) }))).toBe(3);
    expect(io.err()).toContain('Run "authui login corp" in a terminal.');
    expect(io.out()).toBe('');
  });

  it('test --json reports a failure as a document too, with the exit code', async () => {
    const ws = cliWorkspace(LOGOUT_CONFIG, 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await runConnectionTest({ name: 'dev', json: true }, { io, app: createApp({ io }) })).toBe(3);
    expect(JSON.parse(io.out())).toEqual({
      name: 'dev',
      kind: 'aws/user',
      ok: false,
      error: {
        code: 'needs_interactive_login',
        message: expect.stringContaining('"dev"'),
        hint: 'Run "authui login dev" in a terminal.',
      },
    });
  });

  it('validate names every problem with file:line:column and exits 2', async () => {
    const ws = cliWorkspace('auth:\n  identities:\n    dev: { kind: aws/user, colour: blue }\n', 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await runValidate({ json: false }, { io, app: createApp({ io }) })).toBe(2);
    expect(io.err()).toMatch(/authui\.yaml:3:\d+: error: auth\.identities\.dev\.colour: unknown key "colour"/);
  });

  it('validate --json: the same problems as a document, valid or not, and the counts when valid', async () => {
    const ws = cliWorkspace('auth:\n  identities:\n    dev: { kind: aws/user, colour: blue }\n', 'commands-test-pw');
    const io = captureIO(ws.env, ws.cwd, false);
    expect(await runValidate({ json: true }, { io, app: createApp({ io }) })).toBe(2);
    expect(io.err()).toBe('');
    expect(JSON.parse(io.out())).toEqual({
      version: 1,
      valid: false,
      issues: [
        {
          severity: 'error',
          file: join(ws.cwd, 'authui.yaml'),
          line: 3,
          column: expect.any(Number),
          key: 'auth.identities.dev.colour',
          message: 'unknown key "colour"',
          hint: expect.any(String),
        },
      ],
    });
    const valid = cliWorkspace(
      'auth:\n  providers:\n    corp: { kind: api-key/generic }\n  identities:\n    dev: { kind: aws/user, session: { duration: 99h } }\n',
      'commands-test-pw',
    );
    const ok = captureIO(valid.env, valid.cwd, false);
    expect(await runValidate({ json: true }, { io: ok, app: createApp({ io: ok }) })).toBe(0);
    expect(JSON.parse(ok.out())).toMatchObject({
      version: 1,
      valid: true,
      path: join(valid.cwd, 'authui.yaml'),
      providers: 1,
      identities: 1,
      issues: [{ severity: 'warning', key: expect.stringContaining('duration') }],
    });
  });
});
