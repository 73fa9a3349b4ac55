// `authui demo` without a terminal prints the sample's status; --dir creates and keeps its workspace.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

describe('authui demo', () => {
  it('creates a --dir that does not exist yet and lists the sample', async () => {
    const dir = tempDir();
    const target = join(dir, 'not', 'there', 'yet');
    const result = await runBinAsync(['demo', '--dir', target], { env: isolatedEnv(dir), cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/acme-sso[\s\S]*dev-audit/);
    expect(existsSync(join(target, 'authui.yaml'))).toBe(true);
    // The seeded AWS sessions have their files, as after a login: `authui env dev` points there.
    const credentials = readFileSync(join(target, 'aws', 'dev', 'credentials'), 'utf8');
    expect(credentials).toMatch(/\[dev\]\naws_access_key_id = ASIA/);
    expect(credentials).toContain('[dev-admin]');
  });
});
