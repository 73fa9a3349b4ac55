// The first frame's two sources (src/tui/first-frame.ts): the rows kept beside the configuration,
// worked out for now, and the engine's listing (src/tui/listed-frame.ts) draw the same frame; the
// kept rows stand while every input they were listed from but the session index holds, and a
// row whose session changed is made again, as the listing makes it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths, type AuthuiPaths } from '../../src/auth/paths.js';
import type { IndexedSession } from '../../src/auth/session-index.js';
import { makeTheme } from '../../src/components/look.js';
import { dashboardFirstFrame } from '../../src/screens/dashboard-lines.js';
import { openDashboardStore } from '../../src/tui/dashboard-state.js';
import { keptSource, type FrameSource } from '../../src/tui/first-frame.js';
import { listedSource } from '../../src/tui/listed-frame.js';
import { runBinAsync } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

let configPath: string;
let paths: Readonly<AuthuiPaths>;
let io: ReturnType<typeof captureIO>;

beforeEach(async () => {
  const ws = tempDir();
  const env = isolatedEnv(ws, { AUTHUI_KEYRING: 'file' });
  expect((await runBinAsync(['demo', '--dir', ws], { env: { ...env, CI: 'true' }, cwd: ws })).code).toBe(0);
  configPath = join(ws, 'authui.yaml');
  paths = resolvePaths(env);
  io = captureIO(env, ws, true);
});

/** The frame a source draws in a 120×40 terminal at `now`. */
function frame({ opening }: Partial<FrameSource>, now: number) {
  if (!opening) throw new Error('no opening');
  const terminal = { stdout: { columns: 120, rows: 40, write: () => true }, env: io.env };
  const state = openDashboardStore(opening, terminal, { now, debugMuted: false }).getState();
  return dashboardFirstFrame(state, makeTheme(true));
}

describe("the first frame's sources", () => {
  it("draw the same frame: the rows the engine's listing kept, worked out for now, and the listing itself", async () => {
    // Before any listing there are no kept rows: the settled configuration goes to the listing.
    const before = keptSource(configPath, io, paths);
    expect(before.opening).toBeUndefined();
    expect(before.config?.source.path).toBe(configPath);

    const listed = await listedSource({ io, paths, configPath, config: before.config });
    // Kept once asked (the first frame asks once it is drawn).
    expect(keptSource(configPath, io, paths).opening).toBeUndefined();
    listed?.keep?.();
    const kept = keptSource(configPath, io, paths);
    expect(kept.opening?.nodes).toHaveLength(16);
    expect(kept.opening?.nodes).toEqual(listed?.opening?.nodes);
    expect(kept.opening?.backend).toEqual(listed?.opening?.backend);
    const now = listed!.now;
    expect(frame(kept, now)).toEqual(frame(listed!, now));
    expect(
      frame(kept, now)
        ?.flat()
        .map((s) => s.text)
        .join(''),
    ).toContain('Credentials: file');
  });

  it("make the rows whose sessions another process changed again, as the engine's listing would", async () => {
    (await listedSource({ io, paths, configPath }))?.keep?.();
    const file = JSON.parse(readFileSync(paths.sessionIndex, 'utf8')) as { sessions: Record<string, IndexedSession> };
    const index = file.sessions;
    const loggedOut = (await listedSource({ io, paths, configPath }))?.opening?.nodes.find(
      (n) => n.type === 'identity' && n.state === 'logged_out',
    );
    expect(loggedOut).toBeDefined();
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    // A logout, a renewal into another region (which dev's roles inherit), a login, a session
    // issued by another server than the one named now, a key validated.
    delete index['identity:dev-audit'];
    index['identity:dev'] = { ...index['identity:dev']!, expiresAt: inHours(9), region: 'eu-central-1' };
    index[loggedOut!.id] = { obtainedAt: new Date().toISOString(), expiresAt: inHours(2), backend: 'file' };
    index['provider:corp'] = { ...index['provider:corp']!, binding: '[["issuer","https://elsewhere.example"]]' };
    delete index['provider:kitty-key']!.unvalidated;
    writeFileSync(paths.sessionIndex, JSON.stringify(file));

    const kept = keptSource(configPath, io, paths).opening;
    const listed = (await listedSource({ io, paths, configPath }))?.opening;
    expect(kept?.nodes).toEqual(listed?.nodes);
    const row = (name: string) => kept?.nodes.find((n) => n.name === name);
    expect(row('dev-audit')?.state).toBe('logged_out');
    expect(row('dev-admin')?.region).toBe('eu-central-1');
    expect(row(loggedOut!.name)?.state).toBe('active');
    expect(row('corp')?.state).toBe('other_server');
    expect(row('kitty-key')?.state).toBe('active');
  });

  it('stand without a session index (every session gone): every row logged out, as the listing has them', async () => {
    (await listedSource({ io, paths, configPath }))?.keep?.();
    rmSync(paths.sessionIndex);
    const kept = keptSource(configPath, io, paths).opening;
    expect(kept?.nodes.map((n) => n.state)).toEqual(Array(16).fill('logged_out'));
    expect(kept?.nodes).toEqual((await listedSource({ io, paths, configPath }))?.opening?.nodes);
  });

  it('are listed again once the settings entered at a login changed, or the debug switch is on', async () => {
    (await listedSource({ io, paths, configPath }))?.keep?.();
    expect(keptSource(configPath, io, paths).opening).toBeDefined();

    expect(keptSource(configPath, { ...io, env: { ...io.env, AUTHUI_DEBUG: '1' } }, paths)).toEqual({});

    const file = JSON.parse(readFileSync(paths.sessionIndex, 'utf8')) as { sessions: Record<string, IndexedSession> };
    file.sessions['identity:dev'] = {
      ...file.sessions['identity:dev']!,
      fields: { mfa_serial: 'arn:aws:iam::1:mfa/x' },
    };
    writeFileSync(paths.sessionIndex, JSON.stringify(file));
    expect(keptSource(configPath, io, paths).opening).toBeUndefined();
    // The listing keeps them again, under the index as it is now.
    const listed = await listedSource({ io, paths, configPath });
    listed?.keep?.();
    expect(keptSource(configPath, io, paths).opening?.nodes).toEqual(listed?.opening?.nodes);
  });
});
