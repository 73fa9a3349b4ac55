// `authui registry config [--write]`: the `credHelpers` entries that send docker, skopeo, podman
// and buildah to authui for each registry an integration names. Printed by default; `--write`
// merges them into docker's config.json ($DOCKER_CONFIG, else ~/.docker) keeping every other
// key, atomically and 0600. A login docker stored for such a host (`auths`) is left alone:
// docker asks the helper first.
import { join } from 'node:path';
import type { CommandDeps } from '../app/app.js';
import { AuthError } from '../auth/errors.js';
import { readIfPresent, writeFileAtomic } from '../auth/fs-atomic.js';
import { jsonDocument, visible } from '../auth/visible.js';

export interface RegistryConfigOptions {
  write: boolean;
}

/** The helper's name in config.json: docker runs `docker-credential-<name>`. */
const HELPER = 'authui';

function dockerConfigPath(env: CommandDeps['io']['env']): string {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  if (!env.HOME)
    throw new AuthError('usage', 'No docker config to write: HOME is not set', { hint: 'Set DOCKER_CONFIG.' });
  return join(env.HOME, '.docker', 'config.json');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export async function runRegistryConfig(opts: RegistryConfigOptions, { io, app }: CommandDeps): Promise<number> {
  const { integrations } = await app.config();
  if (integrations.length === 0)
    throw new AuthError('usage', 'No registry integrations in the configuration', {
      hint: 'Add one under auth.integrations (see "Container registries" in the README).',
    });
  const helpers = Object.fromEntries(integrations.map((i) => [i.host, HELPER]));
  if (!opts.write) {
    io.stdout.write(jsonDocument({ credHelpers: helpers }));
    return 0;
  }
  const path = dockerConfigPath(io.env);
  const text = readIfPresent(path);
  let current: unknown = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      current = JSON.parse(text);
    } catch {
      current = undefined;
    }
  }
  if (!isObject(current))
    throw new AuthError('usage', `${path} is not a JSON object: it is left as it is`, {
      hint: 'Fix the file, or run "authui registry config" and add the entries yourself.',
    });
  const existing = current.credHelpers;
  if (existing !== undefined && !isObject(existing))
    throw new AuthError('usage', `${path}: "credHelpers" is not an object: the file is left as it is`, {
      hint: 'Fix the file, or run "authui registry config" and add the entries yourself.',
    });
  const merged = { ...current, credHelpers: { ...existing, ...helpers } };
  writeFileAtomic(path, `${JSON.stringify(merged, null, '\t')}\n`);
  io.stderr.write(
    visible(`docker, skopeo and podman now ask authui for ${Object.keys(helpers).join(', ')} (${path}).`) + '\n',
  );
  return 0;
}
