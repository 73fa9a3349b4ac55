// `authui validate`: every problem in the configuration, with file:line:column and a hint.
import { ConfigError, formatIssue } from '../auth/config/load.js';
import type { CommandDeps } from '../app/app.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function runValidate(_opts: object, { io, app }: CommandDeps): Promise<number> {
  try {
    const config = await app.config({ noCache: true });
    for (const warning of config.warnings) io.stderr.write(`${formatIssue(warning)}\n`);
    const providers = config.nodes.filter((n) => n.type === 'provider').length;
    const extra = config.warnings.length ? `, ${plural(config.warnings.length, 'warning', 'warnings')}` : '';
    io.stdout.write(
      `✓ ${config.source.path} is valid: ${plural(providers, 'provider', 'providers')}, ${plural(config.nodes.length - providers, 'identity', 'identities')}${extra}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) io.stderr.write(`${formatIssue(issue)}\n`);
    io.stderr.write(`\n✗ ${plural(error.issues.length, 'error', 'errors')}\n`);
    return 2;
  }
}
