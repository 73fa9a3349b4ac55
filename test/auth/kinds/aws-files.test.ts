// The AWS files writer never clobbers a file authui did not write.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_FILES_MARKER, awsFilesDir, writeAwsFiles } from '../../../src/auth/kinds/aws/files.js';
import { tempDir } from '../../helpers/tmp.js';

const profile = {
  name: 'dev',
  region: 'eu-west-1',
  expiresAt: '2026-11-23T13:00:00.000Z',
  accessKeyId: 'ASIAFILES',
  secretAccessKey: 'files-secret',
  sessionToken: 'tok',
};

describe('writeAwsFiles', () => {
  it('writes both files with the marker, and rewrites its own files', async () => {
    const base = join(tempDir(), 'aws');
    await writeAwsFiles(base, 'dev', [profile], join(base, '..', 'locks'));
    await writeAwsFiles(base, 'dev', [{ ...profile, accessKeyId: 'ASIAAGAIN' }], join(base, '..', 'locks'));
    const { credentials, config } = awsFilesDir(base, 'dev');
    expect(readFileSync(credentials, 'utf8').startsWith(`${AWS_FILES_MARKER}2026-11-23T13:00:00.000Z`)).toBe(true);
    expect(readFileSync(credentials, 'utf8')).toContain('ASIAAGAIN');
    expect(readFileSync(config, 'utf8')).toContain('[profile dev]\nregion = eu-west-1');
  });

  it('refuses a file without the marker, or a symlink, and leaves it as it was', async () => {
    const dir = tempDir();
    const base = join(dir, 'aws');
    const { credentials, config } = awsFilesDir(base, 'dev');
    mkdirSync(join(base, 'dev'), { recursive: true });
    writeFileSync(config, '[profile dev]\nregion = us-west-2\n');
    await expect(writeAwsFiles(base, 'dev', [profile], join(dir, 'locks'))).rejects.toMatchObject({
      code: 'file_permission',
      hint: expect.stringContaining('AUTHUI_AWS_FILES_BASE_PATH'),
    });
    expect(readFileSync(config, 'utf8')).toBe('[profile dev]\nregion = us-west-2\n');
    writeFileSync(join(dir, 'elsewhere'), 'not yours');
    symlinkSync(join(dir, 'elsewhere'), credentials);
    await expect(writeAwsFiles(base, 'dev', [profile], join(dir, 'locks'))).rejects.toThrow(/not a regular file/);
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('not yours');
  });

  it('refuses a per-root directory that is a symlink: nothing is written where it points', async () => {
    const dir = tempDir();
    const base = join(dir, 'aws');
    mkdirSync(base, { recursive: true });
    const outside = join(dir, 'outside');
    mkdirSync(outside, { mode: 0o755 });
    symlinkSync(outside, join(base, 'dev'));
    await expect(writeAwsFiles(base, 'dev', [profile], join(dir, 'locks'))).rejects.toMatchObject({
      code: 'file_permission',
      message: expect.stringContaining('is not a plain directory (a symlink?); nothing was written'),
    });
    expect(readdirSync(outside)).toEqual([]);
  });
});
