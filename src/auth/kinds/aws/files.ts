// The AWS kinds' output: shared credentials/config files for other tools.
// <base>/<root>/credentials and config, one profile per identity, 0600 files in 0700 dirs,
// written atomically under a lock, each starting with the authui marker line. The files are
// regenerated from the live sessions, never parsed, so nothing else in them can be misread or
// kept by mistake; logout removes only files that carry the marker, inside the base path.
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Config, NodeConfig } from '../../config/types.js';
import { AuthError } from '../../errors.js';
import { ensurePrivateDir, writeFileAtomic } from '../../fs-atomic.js';
import { withLock } from '../../lock.js';
import type { LogoutItem } from '../../logout.js';
import { pathSegment } from '../../names.js';
import { validateUserPath, type Env } from '../../paths.js';
import type { Output, OutputContext } from '../../kind.js';
import { DEFAULT_REGION } from './sts.js';

export const AWS_FILES_MARKER = '# authui: expiration=';

/** A chain root's own files base path, when it names one (aws/schema.ts: `filesSpec`). */
function ownBasePath(settings: unknown): string | undefined {
  return (settings as { spec?: { files?: { base_path?: string } } } | undefined)?.spec?.files?.base_path;
}

/**
 * Where a chain root's AWS files go: the root's own `spec.files.base_path`, then
 * `auth.files.base_path`, then `ATMOS_AWS_FILES_BASE_PATH` for an Atmos configuration, then
 * `AUTHUI_AWS_FILES_BASE_PATH`, then ~/.aws/authui. Without a root: the configuration's own.
 */
export function awsFilesBase(config: Pick<Config, 'files' | 'source'>, env: Env, root?: NodeConfig): string {
  const own = root && ownBasePath(root.settings);
  if (own !== undefined) return validateUserPath(own, env, `spec.files.base_path of ${root?.name}`);
  if (config.files.basePath !== undefined) return validateUserPath(config.files.basePath, env, 'auth.files.base_path');
  if (config.source.format === 'atmos' && env.ATMOS_AWS_FILES_BASE_PATH !== undefined)
    return validateUserPath(env.ATMOS_AWS_FILES_BASE_PATH, env, 'ATMOS_AWS_FILES_BASE_PATH');
  if (env.AUTHUI_AWS_FILES_BASE_PATH !== undefined)
    return validateUserPath(env.AUTHUI_AWS_FILES_BASE_PATH, env, 'AUTHUI_AWS_FILES_BASE_PATH');
  return validateUserPath('~/.aws/authui', env, 'the AWS files base path');
}

/** Every base some chain root of the configuration writes under (logout --all looks in each). */
function allBases(ctx: OutputContext): string[] {
  const roots = ctx.config.nodes.filter((n) => n.via === undefined);
  return [
    ...new Set([awsFilesBase(ctx.config, ctx.env), ...roots.map((root) => awsFilesBase(ctx.config, ctx.env, root))]),
  ];
}

/** The directory for a chain root; the name is escaped, never used raw. */
export function awsFilesDir(base: string, rootName: string): { dir: string; credentials: string; config: string } {
  const dir = join(base, pathSegment(rootName));
  return { dir, credentials: join(dir, 'credentials'), config: join(dir, 'config') };
}

interface AwsProfile {
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

function credentialsText(profiles: AwsProfile[]): string {
  return (
    header(profiles) +
    profiles
      .map(
        (p) =>
          `\n[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n${p.sessionToken ? `aws_session_token = ${p.sessionToken}\n` : ''}`,
      )
      .join('')
  );
}

function configText(profiles: AwsProfile[]): string {
  return header(profiles) + profiles.map((p) => `\n[profile ${p.name}]\nregion = ${p.region}\n`).join('');
}

/** True when the file exists, is a regular file (not a symlink) and starts with the marker. */
function hasMarker(file: string): boolean {
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
  throw new AuthError(
    'file_permission',
    `${file} was not written by authui (${stat.isFile() ? 'no authui marker' : 'not a regular file'}); it was left untouched`,
    {
      hint: 'Move it away, or point authui elsewhere with files.base_path or AUTHUI_AWS_FILES_BASE_PATH.',
      context: { file },
    },
  );
}

/**
 * The per-root directory must be a real directory, as logout requires before it cleans one:
 * through a symlink, live session keys would land wherever it points, out of logout's reach.
 */
function assertPlainDirectory(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink() || !stat.isDirectory())
    throw new AuthError('file_permission', `${dir} is not a plain directory (a symlink?); nothing was written`, {
      hint: 'Remove it (authui creates the directory itself), or point authui elsewhere with files.base_path or AUTHUI_AWS_FILES_BASE_PATH.',
      context: { file: dir },
    });
}

/** A directory of ours readable by others is set to 0700 (another user's is left alone). */
function tightenDirectory(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

export async function writeAwsFiles(
  base: string,
  rootName: string,
  profiles: AwsProfile[],
  locksDir: string,
): Promise<void> {
  const files = awsFilesDir(base, rootName);
  await withLock(locksDir, `aws-files:${rootName}`, () => {
    ensurePrivateDir(base);
    ensurePrivateDir(files.dir);
    assertPlainDirectory(files.dir);
    // Directories that were already there keep their mode through mkdir: tightened here (the
    // logout PRD's "existing parent directories' permissions checked and tightened").
    for (const dir of [base, files.dir]) tightenDirectory(dir);
    assertWritable(files.credentials);
    assertWritable(files.config);
    writeFileAtomic(files.credentials, credentialsText(profiles));
    writeFileAtomic(files.config, configText(profiles));
  });
}

/** True when `dir` is strictly inside `base` (no "..", not base itself). */
function isInside(base: string, dir: string): boolean {
  const rel = relative(base, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Removes an AWS files tree authui wrote: only the `credentials`/`config` files that carry
 * the marker, then the directory if it is empty. Never recursive, never through a symlink,
 * never outside the base path. Throws with the reason when it refuses or fails.
 */
function removeTree(base: string, dir: string): 'removed' | 'absent' {
  if (!isInside(base, dir)) throw new Error(`${dir} is outside the AWS files base path ${base}; not touched`);
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return 'absent';
  }
  if (stat.isSymbolicLink() || !stat.isDirectory())
    throw new Error(`${dir} is not a plain directory (symlink?); not touched`);
  for (const name of ['credentials', 'config']) {
    const file = join(dir, name);
    let fileStat;
    try {
      fileStat = lstatSync(file);
    } catch {
      continue;
    }
    if (!fileStat.isFile()) throw new Error(`${file} is not a regular file; not touched`);
    if (!hasMarker(file)) throw new Error(`${file} has no authui marker; not touched`);
    unlinkSync(file);
  }
  if (readdirSync(dir).length > 0) throw new Error(`${dir} holds files authui did not write; they were left in place`);
  rmdirSync(dir);
  return 'removed';
}

export const awsFiles: Output = {
  name: 'aws-files',
  async sync(root, live, ctx) {
    const profiles: AwsProfile[] = [];
    for (const { node, meta, yields } of live) {
      if (node.type !== 'identity' || !yields.aws || !meta.expiresAt) continue;
      profiles.push({
        name: node.name,
        region: meta.region ?? DEFAULT_REGION,
        expiresAt: meta.expiresAt,
        ...yields.aws,
      });
    }
    await writeAwsFiles(awsFilesBase(ctx.config, ctx.env, root), root.name, profiles, ctx.locksDir);
  },
  plan(roots, ctx) {
    const items: LogoutItem[] = [];
    for (const { root, stays } of roots) {
      const dir = awsFilesDir(awsFilesBase(ctx.config, ctx.env, root), root.name).dir;
      if (!existsSync(dir)) continue;
      if (stays)
        items.push({
          target: root.id,
          kind: 'rewrite',
          ref: dir,
          label: `Files: ${dir}/ (rewritten without the removed profiles)`,
        });
      else items.push({ target: root.id, kind: 'files', ref: dir, label: `Files: ${dir}/` });
    }
    return items;
  },
  orphans(known, ctx) {
    return allBases(ctx)
      .filter((base) => existsSync(base))
      .flatMap((base) => readdirSync(base).map((name) => join(base, name)))
      .filter((dir) => !known.has(dir) && hasMarker(join(dir, 'credentials')))
      .map((dir) => ({ target: '*', kind: 'files', ref: dir, label: `Files: ${dir}/` }));
  },
  remove(item, ctx) {
    const bases = allBases(ctx);
    return removeTree(bases.find((base) => isInside(base, item.ref)) ?? (bases[0] as string), item.ref);
  },
  describe(node, root, ctx) {
    const files = awsFilesDir(awsFilesBase(ctx.config, ctx.env, root), root.name);
    return {
      title: 'AWS files',
      paths: [files.credentials, files.config],
      note: node.type === 'identity' ? `profile ${node.name}` : undefined,
      written: existsSync(files.credentials),
    };
  },
};
