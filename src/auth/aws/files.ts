// AWS shared credentials/config files for other tools (DESIGN.md section 3):
// <base>/<root>/credentials and config, one profile per identity, 0600 files in 0700 dirs,
// written atomically under a lock, each starting with the authui marker line. The files are
// regenerated from the session index and the store, never parsed, so nothing else in them
// can be misread or kept by mistake.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { AuthError } from '../errors.js';
import { writeFileAtomic, ensurePrivateDir } from '../fs-atomic.js';
import { withLock } from '../lock.js';
import { pathSegment } from '../names.js';
import { validateUserPath, type Env } from '../paths.js';

export const AWS_FILES_MARKER = '# authui: expiration=';

export function awsFilesBase(config: Pick<Config, 'files'>, env: Env): string {
  if (config.files.basePath !== undefined) return validateUserPath(config.files.basePath, env, 'auth.files.base_path');
  if (env.AUTHUI_AWS_FILES_BASE_PATH !== undefined) return validateUserPath(env.AUTHUI_AWS_FILES_BASE_PATH, env, 'AUTHUI_AWS_FILES_BASE_PATH');
  return validateUserPath('~/.aws/authui', env, 'the AWS files base path');
}

/** The directory for a chain root; the name is escaped, never used raw. */
export function awsFilesDir(base: string, rootName: string): { dir: string; credentials: string; config: string } {
  const dir = join(base, pathSegment(rootName));
  return { dir, credentials: join(dir, 'credentials'), config: join(dir, 'config') };
}

export interface AwsProfile {
  name: string;
  region: string;
  expiresAt: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function header(profiles: AwsProfile[]): string {
  const earliest = profiles.map((p) => p.expiresAt).sort()[0] ?? '';
  return `${AWS_FILES_MARKER}${earliest}\n# Written by authui. "authui logout" removes it; edits are overwritten.\n`;
}

export function credentialsText(profiles: AwsProfile[]): string {
  return header(profiles) + profiles.map((p) => `\n[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n${p.sessionToken ? `aws_session_token = ${p.sessionToken}\n` : ''}`).join('');
}

export function configText(profiles: AwsProfile[]): string {
  return header(profiles) + profiles.map((p) => `\n[profile ${p.name}]\nregion = ${p.region}\n`).join('');
}

/** True when the file exists, is a regular file (not a symlink) and starts with the marker. */
export function hasMarker(file: string): boolean {
  try {
    return lstatSync(file).isFile() && readFileSync(file, 'utf8').startsWith(AWS_FILES_MARKER);
  } catch {
    return false;
  }
}

/** A file authui may (over)write: absent, or a regular file carrying its marker. */
function assertWritable(file: string): void {
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return;
  }
  if (stat.isFile() && hasMarker(file)) return;
  throw new AuthError('file_permission', `${file} was not written by authui (${stat.isFile() ? 'no authui marker' : 'not a regular file'}); it was left untouched`, {
    hint: 'Move it away, or point authui elsewhere with files.base_path or AUTHUI_AWS_FILES_BASE_PATH.',
    context: { file },
  });
}

export async function writeAwsFiles(base: string, rootName: string, profiles: AwsProfile[], locksDir: string): Promise<void> {
  const files = awsFilesDir(base, rootName);
  await withLock(locksDir, `aws-files:${rootName}`, () => {
    ensurePrivateDir(base);
    ensurePrivateDir(files.dir);
    assertWritable(files.credentials);
    assertWritable(files.config);
    writeFileAtomic(files.credentials, credentialsText(profiles));
    writeFileAtomic(files.config, configText(profiles));
  });
}
