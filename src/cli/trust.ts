// `authui trust [PATH]`: lets authui use a configuration found in the working directory
// (config/trust.ts). It is checked first: a file with problems is not trusted.
import type { CommandDeps } from '../app/app.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../auth/config/load.js';
import { trustConfig } from '../auth/config/trust.js';
import { AuthError } from '../auth/errors.js';
import { visible } from '../auth/visible.js';

export async function runTrust(opts: { path?: string }, { io, app }: CommandDeps): Promise<number> {
  const path = opts.path
    ? resolve(io.cwd, opts.path)
    : ['authui.yaml', 'atmos.yaml'].map((f) => join(io.cwd, f)).find((f) => existsSync(f));
  if (!path)
    throw new AuthError('usage', 'No authui.yaml or atmos.yaml in the working directory to trust', {
      hint: 'Name the file: authui trust PATH.',
    });
  const config = await loadConfig({ configPath: path, env: io.env, cwd: io.cwd, paths: app.paths, noCache: true });
  const digest = trustConfig(app.paths.trustFile, config.source.path);
  io.stdout.write(
    `✓ Trusted ${visible(config.source.path)} as it is now (sha256 ${digest.slice(0, 16)}…): authui uses it until it changes.\n`,
  );
  return 0;
}
