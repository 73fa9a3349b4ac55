// `authui validate`: every problem in the configuration, with file:line:column and a hint; with
// `--json`, the same as a document for editors and CI (and for the dashboard's parse apart,
// app/config-apart.ts).
import { ConfigError, formatIssue } from '../auth/config/load.js';
import type { ValidateDocument } from '../auth/config/types.js';
import { jsonDocument } from '../auth/visible.js';
import type { CommandDeps } from '../app/app.js';

export interface ValidateOptions {
  json: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function runValidate(opts: ValidateOptions, { io, app }: CommandDeps): Promise<number> {
  let doc: ValidateDocument;
  try {
    const config = await app.config({ noCache: true });
    const providers = config.nodes.filter((n) => n.type === 'provider').length;
    doc = {
      version: 1,
      valid: true,
      path: config.source.path,
      providers,
      identities: config.nodes.length - providers,
      issues: config.warnings,
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    doc = { version: 1, valid: false, issues: error.issues };
  }
  if (opts.json) {
    io.stdout.write(jsonDocument(doc));
    return doc.valid ? 0 : 2;
  }
  for (const issue of doc.issues) io.stderr.write(`${formatIssue(issue)}\n`);
  if (!doc.valid) {
    io.stderr.write(`\n✗ ${plural(doc.issues.length, 'error', 'errors')}\n`);
    return 2;
  }
  const extra = doc.issues.length ? `, ${plural(doc.issues.length, 'warning', 'warnings')}` : '';
  io.stdout.write(
    `✓ ${doc.path} is valid: ${plural(doc.providers ?? 0, 'provider', 'providers')}, ${plural(doc.identities ?? 0, 'identity', 'identities')}${extra}\n`,
  );
  return 0;
}
