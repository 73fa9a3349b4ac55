// The Detail screen on a real engine: chain, storage (names, never values), AWS files, history.
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/auth/audit.js';
import type { NodeDetail } from '../../src/auth/engine/views.js';
import { detailLines, historyLines } from '../../src/store/detail-view.js';
import { engineDashboard } from '../helpers/engine-ui.js';
import { press } from '../helpers/ui.js';

const CANARY = 'CANARY-DETAIL-SECRET';
const CONFIG = `auth:
  identities:
    dev: { kind: aws/user, credentials: { region: eu-west-1 } }
    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
`;

describe('Detail screen', () => {
  it('shows the chain, where the secrets are, the AWS files and the last 10 events', async () => {
    const { app, frame, frames, paths } = await engineDashboard({
      config: CONFIG,
      entries: { 'identity:dev/long-term': CANARY, 'identity:admin/session': CANARY },
      sessions: ['identity:dev', 'identity:admin'],
    });
    const audit = new AuditLog(paths.auditLog);
    for (let i = 0; i < 12; i++)
      audit.append({
        time: `2026-11-23T10:${String(i).padStart(2, '0')}:00.000Z`,
        event: 'refresh',
        target: 'identity:admin',
        outcome: i === 11 ? 'failed' : 'ok',
        code: i === 11 ? 'network' : undefined,
      });
    audit.append({ time: '2026-11-23T11:00:00.000Z', event: 'login', target: 'identity:dev', outcome: 'ok' });
    await press(app, 'j', '\r');
    const text = await frame('History (last 10)');
    expect(text).toContain('Detail · admin');
    expect(text).toMatch(/Chain\s+dev → admin/);
    expect(text).toMatch(/State\s+● active · 59m \d\ds left/);
    expect(text).toMatch(/Secrets\s+memory store/);
    expect(text).toContain('entries: identity:admin/session');
    expect(text).toMatch(/AWS files\s+not written/);
    // The last 10 of admin's 12 events: 10:02 … 10:11, the failure with its code; none of dev's.
    expect(text).not.toContain('10:01:00');
    expect(text).toContain('2026-11-23 10:02:00  refresh  ok');
    expect(text).toContain('2026-11-23 10:11:00  refresh  failed  network');
    expect(text).not.toContain('11:00:00');
    await press(app, '\u001b');
    await frame('enter/d detail');
    for (const f of frames) expect(f).not.toContain(CANARY);
  });

  it("lays out a kind's fact whose label is longer than the column, a space before its value", async () => {
    const { app, frame } = await engineDashboard({
      config: 'auth:\n  providers:\n    vendor: { kind: api-key/generic, description: shared test key }\n',
    });
    await press(app, 'd');
    const text = await frame('History (last');
    expect(text).toMatch(/Description shared test key/);
    expect(text).toMatch(/Kind {8}API key/);
  });

  it('keeps to the terminal height, showing the newest events', async () => {
    const { app, frame, paths, ui } = await engineDashboard({ config: CONFIG, sessions: ['identity:dev'] });
    ui.getState().resize(60, 15);
    const audit = new AuditLog(paths.auditLog);
    for (let i = 0; i < 10; i++)
      audit.append({ time: `2026-11-23T10:0${i}:00.000Z`, event: 'login', target: 'identity:dev', outcome: 'ok' });
    await press(app, 'd');
    const text = await frame('History (last');
    expect(text.split('\n').length).toBeLessThanOrEqual(14);
    expect(text).toContain('10:09:00');
    expect(text).not.toContain('10:00:00');
    expect(text).toMatch(/History \(last \d of 10\)/);
  });

  it('lays out AWS files, a last error and an empty history', () => {
    const detail: NodeDetail = {
      id: 'identity:dev',
      type: 'identity',
      name: 'dev',
      kind: 'aws/user',
      label: 'AWS user',
      depth: 0,
      default: false,
      state: 'logged_out',
      reenterable: true,
      usedBy: [],
      discovered: false,
      chain: [],
      storage: { backend: 'system', location: 'Secret Service', entries: [] },
      outputs: [
        {
          title: 'AWS files',
          paths: ['/h/.aws/authui/dev/credentials', '/h/.aws/authui/dev/config'],
          note: 'profile dev',
          written: true,
        },
      ],
      history: [],
    };
    const lines = detailLines(detail, Date.now(), { code: 'invalid_credentials', message: 'AWS rejected the keys' });
    expect(lines).toContainEqual(['State', '○ logged out']);
    expect(lines).toContainEqual(['Last error', 'invalid_credentials: AWS rejected the keys']);
    expect(lines).toContainEqual(['Secrets', 'system keyring · Secret Service']);
    expect(lines).toContainEqual(['', 'no entries stored']);
    expect(lines).toContainEqual(['AWS files', '/h/.aws/authui/dev/credentials (profile dev)']);
    expect(lines).toContainEqual(['', '/h/.aws/authui/dev/config']);
    expect(historyLines(detail)).toEqual(['no events yet']);
  });
});
