/* eslint-disable no-control-regex -- control characters are what these tests look for */
// Text from a config or a peer on its way to the terminal: the one sanitiser (property tests),
// and the built binary in a pty with escape sequences planted in a config: the pane's title and
// screen stay the user's, the CLI's tables, errors and validate lines show the sequences written
// out. Names reach shells only quoted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../src/app/app.js';
import { parseClientMessage } from '../../src/app/broker-protocol.js';
import { renderReport } from '../../src/auth/logout-report.js';
import { runRotate } from '../../src/cli/rotate.js';
import { nameProblem, shellWord } from '../../src/auth/names.js';
import { jsonDocument, visible } from '../../src/auth/visible.js';
import { runBin } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';

const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('visible', () => {
  it('leaves no control, ESC or bidi override; applying it twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, lines) => {
        const once = visible(text, lines);
        expect(once).not.toMatch(UNSAFE);
        if (!lines) expect(once).not.toContain('\n');
        else expect(once.split('\n').length).toBe(text.split('\n').length);
        expect(visible(once, lines)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows a sequence written out', () => {
    expect(visible('d\x1b]0;PWNED\x07\x1b[2J\u202eevil')).toBe('d\\x1b]0;PWNED\\x07\\x1b[2J\\u202eevil');
    expect(visible('a\nb')).toBe('a\\x0ab');
    expect(visible('a\nb', true)).toBe('a\nb');
  });
});

describe('what a broker client sends', () => {
  it('is one line with its sequences written out, whatever the client put in it', () => {
    const message = parseClientMessage(
      JSON.stringify({
        type: 'ask',
        version: 1,
        node: 'bro',
        command: 'aws\x1b]0;PWNED\x07\nsecond line\u202e',
        spec: { title: 'MFA', fields: [{ name: 'code', title: 'Code', required: true, secret: false, kind: 'otp' }] },
      }),
    );
    expect(message?.type === 'ask' && message.command).toBe('aws\\x1b]0;PWNED\\x07\\x0asecond line\\u202e');
  });
});

describe('names in hints', () => {
  it('every acceptable name is one shell word that bash reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 12 }).filter((n) => nameProblem(n) === undefined),
          { minLength: 1, maxLength: 20 },
        ),
        (names) => {
          const script = names.map((n) => `printf '%s\\0' ${shellWord(n)}`).join('\n');
          const out = spawnSync('bash', ['-c', script], {
            encoding: 'utf8',
            env: { PATH: process.env.PATH, HOME: '/nonexistent' },
          });
          expect(out.stdout.split('\0').slice(0, -1)).toEqual(names);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names with bidi or C1 controls are refused', () => {
    expect(nameProblem('dev\u202eadmin')).toMatch(/bidirectional/);
    expect(nameProblem('dev\x9badmin')).toMatch(/control character/);
  });
});

const HOSTILE = `auth:
  keyring: { type: file }
  providers:
    kitty: { kind: token-service, base_url: "https://tokens.example.com", username: "ada\\e]2;USER-PWNED\\a" }
    gen: { kind: api-key/generic, description: "d\\e]0;DESC-PWNED\\a\\e[2J\\u202eevil" }
    "a;touch PWNED-FILE": { kind: api-key/generic, base_url: "https://api.example.com" }
`;

function workspace(config: string) {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd);
  writeTrustedConfig(dir, cwd, config);
  return { dir, cwd, env: isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'terminal-text-pw' }) };
}

describe('through the built binary', () => {
  it('status, validate and errors write the planted sequences out', () => {
    const ws = workspace(HOSTILE);
    const status = runBin(['status'], { env: ws.env, cwd: ws.cwd });
    expect(status.code).toBe(0);
    expect(status.stdout + status.stderr).not.toMatch(UNSAFE);

    const broken = workspace(
      'auth:\n  providers:\n    x: { kind: "api-key/\\e]0;KIND-PWNED\\a", "k\\e[2Jey": 1 }\n    "y\\e]2;T\\a": { kind: api-key/generic, "\\e[31mbad": 2 }\n',
    );
    for (const args of [['validate'], ['status'], ['token', 'x']]) {
      const result = runBin(args, { env: broken.env, cwd: broken.cwd });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(UNSAFE);
      expect(result.stderr).toContain('\\x1b');
      // One problem per "file:line:col: error:" line: nothing a value holds starts a line of its own.
      for (const line of result.stderr.split('\n').filter((l) => l.includes(': error:')))
        expect(line).toMatch(/^\s*\S+authui\.yaml:\d+:\d+: error: /);
    }
  });

  it('a hint names a node as one shell word: copying it runs nothing else', () => {
    const ws = workspace(HOSTILE);
    const result = runBin(['env', 'a;touch PWNED-FILE'], { env: ws.env, cwd: ws.cwd });
    const hint = /authui env ('a;touch PWNED-FILE') --reveal/.exec(result.stderr);
    expect(hint, result.stderr).not.toBeNull();
    spawnSync('bash', ['-c', `printf '%s' ${hint?.[1]}`], { cwd: ws.cwd });
    expect(existsSync(join(ws.cwd, 'PWNED-FILE'))).toBe(false);
  });
});

describe('paths and files the CLI names', () => {
  it('status names a store path from the configuration with its sequences written out', () => {
    const ws = workspace(
      'auth:\n  keyring: { type: file, spec: { path: "~/st\\e[2Jore\\e]0;PWNED\\a.enc" } }\n  providers:\n    gen: { kind: api-key/generic }\n',
    );
    const status = runBin(['status'], { env: ws.env, cwd: ws.cwd });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('st\\x1b[2Jore\\x1b]0;PWNED\\x07.enc');
    expect(status.stdout + status.stderr).not.toMatch(UNSAFE);
  });

  it("import aws writes out what an AWS config's section headers hold, in its notes and in the comments it writes", () => {
    const ws = workspace('auth:\n  providers:\n    gen: { kind: api-key/generic }\n');
    const from = join(ws.dir, 'aws-config');
    writeFileSync(
      from,
      '[profile bad\x1b[2Jname]\nregion = us-east-1\n\n[profile\x0b\x0cv]\ncredential_process = aws-vault exec v\n',
    );
    const result = runBin(['import', 'aws', '--from', from, '--credentials', join(ws.dir, 'none')], {
      env: ws.env,
      cwd: ws.cwd,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('[profile bad\\x1b[2Jname]');
    expect(result.stdout).toContain('# line 4: [profile\\x0b\\x0cv] gets its credentials from aws-vault');
    expect(result.stdout + result.stderr).not.toMatch(UNSAFE);
  });

  it('trust names the file it trusts with its sequences written out', () => {
    const ws = workspace('auth:\n  providers:\n    gen: { kind: api-key/generic }\n');
    const project = join(ws.dir, 'proj\x1b]0;PWNED\x07');
    mkdirSync(project);
    writeFileSync(join(project, 'authui.yaml'), 'auth:\n  providers:\n    p: { kind: api-key/generic }\n');
    const result = runBin(['trust', join(project, 'authui.yaml')], { env: ws.env, cwd: ws.cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('proj\\x1b]0;PWNED\\x07');
    expect(result.stdout + result.stderr).not.toMatch(UNSAFE);
  });
});

describe('JSON documents', () => {
  it('parse back to the same value and hold no control a terminal acts on', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = jsonDocument(value);
        expect(text).not.toMatch(UNSAFE);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('status --json escapes the C1 and bidi controls a store path holds, from the engine and from the answers', () => {
    const ws = workspace(
      'auth:\n  keyring: { type: file, spec: { path: "~/st\\x9b2Jore\\u202e.enc" } }\n  providers:\n    gen: { kind: api-key/generic }\n',
    );
    // The first run writes what the second answers from (src/answer-main.ts).
    for (const run of ['engine', 'answers']) {
      const status = runBin(['status', '--json'], { env: ws.env, cwd: ws.cwd });
      expect(status.code, `${run}: ${status.stderr}`).toBe(0);
      expect(status.stdout, run).not.toMatch(UNSAFE);
      expect(status.stdout, run).toContain('st\\u009b2Jore\\u202e.enc');
      expect((JSON.parse(status.stdout) as { backend: { location: string } }).backend.location, run).toMatch(
        /st\x9b2Jore\u202e\.enc$/,
      );
    }
  });
});

describe('reports that quote a peer or the system', () => {
  it("the logout report writes out what an item's label, reason and note hold", () => {
    const item = { target: 'provider:corp', kind: 'revoke' as const, ref: 'r' };
    const report = renderReport({
      plan: { scopes: [{ kind: 'all' }], chains: [], nodes: ['provider:corp'], items: [] },
      dryRun: false,
      items: [
        { ...item, label: 'Revoke at idp\x1b[2J', status: 'failed', reason: 'peer said \x1b]0;PWNED\x07\nforged' },
        { ...item, label: 'Keyring: x', status: 'skipped', reason: '\u202eevil' },
        { ...item, label: 'Files: y', status: 'removed', note: 'n\x9bote' },
      ],
      removed: 1,
      failed: 1,
    });
    expect(report).toContain('✗ Revoke at idp\\x1b[2J (peer said \\x1b]0;PWNED\\x07\\x0aforged)');
    expect(report).toContain('• Revoke at idp\\x1b[2J: peer said \\x1b]0;PWNED\\x07\\x0aforged');
    expect(report).toContain('not possible — \\u202eevil');
    expect(report).toContain('— n\\x9bote');
    expect(report).not.toMatch(UNSAFE);
  });

  it("rotate writes out what its report's lines hold", async () => {
    const io = captureIO({}, '/');
    const lines = ['✓ Created AKIA\x1b]0;PWNED\x07', '✗ The new key did not work at STS (\x1b[2J)'];
    const workspace = { warnings: [], engine: { rotate: async () => ({ ok: false, lines }) } };
    const app = { workspace: async () => workspace } as unknown as CommandDeps['app'];
    expect(await runRotate({ name: 'dev', dryRun: false }, { io, app })).toBe(1);
    expect(io.out()).toBe('✓ Created AKIA\\x1b]0;PWNED\\x07\n✗ The new key did not work at STS (\\x1b[2J)\n');
  });
});

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

describe.skipIf(tmuxMissing !== undefined)(`in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`, () => {
  it('the dashboard and Detail show the sequences written out; the title is untouched', async () => {
    const ws = workspace(HOSTILE);
    session = TmuxSession.start(
      `cd ${ws.cwd} && ${process.execPath} ${join(process.cwd(), 'dist/authui.js')}; echo "EXIT-CODE=$?"; sleep 30`,
      { env: ws.env },
    );
    const s = session;
    const titleBefore = s.title();
    let screen = await s.waitFor((text) => text.includes('◆ gen'));
    expect(screen).toMatch(/ada\\x1b\]2;USE/);
    await s.selectRow('gen');
    s.send('Enter');
    // Detail draws its rows a moment after its title: wait for the description itself.
    screen = await s.waitFor((text) => text.includes('Detail · gen') && text.includes('Description'));
    expect(screen).toContain('d\\x1b]0;DESC-PWNED\\x07\\x1b[2J\\u202eevil');
    expect(s.title()).toBe(titleBefore);
    expect(s.title()).not.toContain('PWNED');
    s.send('q');
    await s.waitFor((text) => text.includes('◆ kitty'));
    s.send('q');
    await s.waitFor((text) => text.includes('EXIT-CODE=0'));
  });
});
