// The AWS files writer never clobbers a file authui did not write.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config, NodeConfig } from '../../../src/auth/config/types.js';
import { AWS_FILES_MARKER, awsFilesBase, awsFilesDir, writeAwsFiles } from '../../../src/auth/kinds/aws/files.js';
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

  it('tightens an existing base and per-root directory to 0700 (not only new ones)', async () => {
    const dir = tempDir();
    const base = join(dir, 'aws');
    mkdirSync(join(base, 'dev'), { recursive: true, mode: 0o755 });
    chmodSync(base, 0o755);
    chmodSync(join(base, 'dev'), 0o775);
    await writeAwsFiles(base, 'dev', [profile], join(dir, 'locks'));
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, 'dev')).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, 'dev', 'credentials')).mode & 0o777).toBe(0o600);
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

describe('where the AWS files go (001 §4.1: spec.files.base_path)', () => {
  const parsed = async (text: string, format: 'authui' | 'atmos') => {
    const { config, issues } = await parseConfigText(text, format === 'atmos' ? 'atmos.yaml' : 'c.yaml', format);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    return config as Config;
  };
  const env = { HOME: '/home/ada' };

  it("the design's own atmos.yaml example validates, and its root writes under its spec path", async () => {
    const config = await parsed(
      'auth:\n  providers:\n    aws-sso:\n      kind: aws/iam-identity-center\n      start_url: https://example.awsapps.com/start\n      region: us-east-1\n      spec:\n        files:\n          base_path: ~/.custom/aws/credentials  # Optional, defaults to ~/.aws/atmos\n',
      'atmos',
    );
    const root = config.nodes[0] as NodeConfig;
    expect(awsFilesBase(config, env, root)).toBe('/home/ada/.custom/aws/credentials');
    expect(awsFilesBase(config, env)).toBe('/home/ada/.aws/authui');
  });

  it('precedence: the root spec, auth.files.base_path, ATMOS_AWS_FILES_BASE_PATH (Atmos configs), AUTHUI_AWS_FILES_BASE_PATH, the default', async () => {
    const text = (files: string) =>
      `auth:\n${files}  identities:\n    dev: { kind: aws/user }\n    own: { kind: aws/user, spec: { files: { base_path: /srv/own } } }\n`;
    const atmos = await parsed(text(''), 'atmos');
    const plain = await parsed(text(''), 'authui');
    const global = await parsed(text('  files: { base_path: /srv/global }\n'), 'authui');
    const [dev, own] = atmos.nodes as [NodeConfig, NodeConfig];
    const both = { ...env, ATMOS_AWS_FILES_BASE_PATH: '/srv/atmos', AUTHUI_AWS_FILES_BASE_PATH: '/srv/authui' };
    expect(awsFilesBase(atmos, both, own)).toBe('/srv/own');
    expect(awsFilesBase(global, both, global.nodes[0])).toBe('/srv/global');
    expect(awsFilesBase(atmos, both, dev)).toBe('/srv/atmos');
    expect(awsFilesBase(plain, both, plain.nodes[0])).toBe('/srv/authui');
    expect(awsFilesBase(plain, env, plain.nodes[0])).toBe('/home/ada/.aws/authui');
  });

  it('validate refuses a blank path or one with a line break', async () => {
    for (const bad of ['"  "', '"a\\nb"']) {
      const { issues } = await parseConfigText(
        `auth:\n  identities:\n    dev: { kind: aws/user, spec: { files: { base_path: ${bad} } } }\n`,
        'c.yaml',
        'authui',
      );
      expect(issues.map((i) => i.key)).toEqual(['auth.identities.dev.spec.files.base_path']);
    }
  });
});
