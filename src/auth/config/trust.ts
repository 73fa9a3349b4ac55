// Trust for configuration files authui finds by itself in the working directory (a cloned
// repository's authui.yaml or atmos.yaml), the way direnv and mise treat project files: such a
// file is read-only until `authui trust` records its absolute path and the SHA-256 of its
// content in the state directory (0600); a changed file is untrusted again. Files named by
// --config or AUTHUI_CONFIG, and the one in the user's config directory, are the user's own.
import { readFileSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { AuthError } from '../errors.js';
import { readOwnJson, writeFileAtomic } from '../fs-atomic.js';
import { shellWord } from '../names.js';

/** Where a configuration came from: named by the user, the user's config directory, or found in a project. */
export type ConfigOrigin = 'named' | 'user' | 'project';

interface TrustFile {
  version: 1;
  /** Absolute path → SHA-256 (hex) of the content trusted. */
  files: Record<string, string>;
}

/** The trust list; only a file of the user's own can trust anything. */
function readTrust(trustFile: string): TrustFile {
  const file = readOwnJson(trustFile) as Partial<TrustFile> | null | undefined;
  if (file?.version === 1 && typeof file.files === 'object' && file.files !== null) return file as TrustFile;
  return { version: 1, files: {} }; // none yet, or unreadable: nothing is trusted
}

/** The SHA-256 of a configuration's text (parse time only: node:crypto stays off the fast paths). */
export function contentDigest(text: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(text).digest('hex');
}

/** Whether `path` was trusted with this content; `trustFile` is the app's (paths.ts). */
export function isTrusted(trustFile: string, path: string, digest: string): boolean {
  return digest !== '' && readTrust(trustFile).files[path] === digest;
}

/**
 * Records `path` with the digest of its current content. No lock: the write is atomic, and two
 * `authui trust` runs racing can at worst leave one file untrusted, which says so when used.
 */
export function trustConfig(trustFile: string, path: string, expected?: string): string {
  const digest = contentDigest(readFileSync(path, 'utf8'));
  if (expected !== undefined && digest !== expected)
    throw new AuthError('untrusted_config', `${path} changed since authui read it; nothing was trusted`, {
      hint: `Quit, read it again, and run "${trustCommand(path)}".`,
      context: { file: path },
    });
  const trust = readTrust(trustFile);
  trust.files[path] = digest;
  writeFileAtomic(trustFile, JSON.stringify(trust, null, 1));
  return digest;
}

/** The command that trusts `path`: project configurations are only found in the working directory. */
export function trustCommand(path: string): string {
  return `authui trust ${shellWord(`.${sep}${basename(path)}`)}`;
}

/** Refuses to use an untrusted project configuration for `what` (exit 3, with the command). */
export function untrustedError(path: string, what: string): AuthError {
  return new AuthError(
    'untrusted_config',
    `${path} was found in the working directory and is not trusted: it is used read-only, so authui does not ${what} with it`,
    {
      explanation:
        'A configuration in a project directory could come with a cloned repository and point your credentials at its own servers.',
      hint: `Run "${trustCommand(path)}" to use it (read it first).`,
      context: { file: path },
    },
  );
}
