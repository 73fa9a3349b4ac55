// `authui import aws [--from PATH] [--credentials PATH] [--write PATH] [--force] [--dry-run] [--keys]`:
// an existing AWS config as authui YAML. The AWS files are only read. The YAML goes to stdout,
// or to --write (never over an existing file without --force); what could not be mapped goes to
// stderr with its line. Keys are copied only with --keys, into the credential store, never YAML.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseConfigText } from '../auth/config/parse.js';
import { trustConfig } from '../auth/config/trust.js';
import { AuthError } from '../auth/errors.js';
import { writeFileAtomic } from '../auth/fs-atomic.js';
import { importAwsConfig, type ImportNote, type ImportResult } from '../auth/import/aws-config.js';
import { entryName } from '../auth/stores/types.js';
import { visible } from '../auth/visible.js';
import { createApp, type CommandDeps } from '../app/app.js';
import type { IO } from '../app/io.js';

export interface ImportOptions {
  from?: string;
  credentials?: string;
  write?: string;
  force?: boolean;
  dryRun?: boolean;
  keys?: boolean;
}

function home(io: IO): string {
  return io.env.HOME ?? homedir();
}

function readSource(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuthError('usage', `Cannot read the AWS ${what} file ${path}`, {
      explanation: (error as NodeJS.ErrnoException).code,
      hint: what === 'config' ? 'Name it with --from PATH.' : 'Name it with --credentials PATH.',
    });
  }
}

export function renderImport(result: ImportResult, source: string): string {
  // Comments quote the AWS file's sections and its path: one line each, nothing a terminal acts on.
  const header = [
    `# authui configuration imported from ${visible(source)} by "authui import aws".`,
    ...result.notes.filter((n) => n.level === 'suggestion').map((n) => `# line ${n.line}: ${visible(n.message)}`),
  ];
  const auth: Record<string, unknown> = {};
  if (Object.keys(result.providers).length) auth.providers = result.providers;
  if (Object.keys(result.identities).length) auth.identities = result.identities;
  return `${header.join('\n')}\n${stringify({ auth }, { lineWidth: 0 })}`;
}

const noteLine = (n: ImportNote) => `${visible(n.file)}:${n.line}: ${n.level}: ${visible(n.message)}\n`;

export async function runImportAws(opts: ImportOptions, { io, app }: CommandDeps): Promise<number> {
  const configPath = resolve(io.cwd, opts.from ?? io.env.AWS_CONFIG_FILE ?? join(home(io), '.aws', 'config'));
  const credentialsPath = resolve(
    io.cwd,
    opts.credentials ?? io.env.AWS_SHARED_CREDENTIALS_FILE ?? join(home(io), '.aws', 'credentials'),
  );
  const result = importAwsConfig({
    config: { path: configPath, text: readSource(configPath, 'config') },
    credentials: existsSync(credentialsPath)
      ? { path: credentialsPath, text: readSource(credentialsPath, 'credentials') }
      : undefined,
  });
  const yaml = renderImport(result, configPath);
  // What we write must pass `validate`: check it before it lands anywhere.
  const checked = await parseConfigText(yaml, opts.write ?? 'imported.yaml', 'authui');
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (errors.length)
    throw new AuthError('invalid_config', 'The imported configuration does not validate', {
      explanation: errors.map((e) => `${e.key}: ${e.message}`).join('; '),
      hint: 'Please report this with the AWS config that caused it (keys removed).',
    });
  for (const n of result.notes.filter((n) => n.level !== 'suggestion')) io.stderr.write(noteLine(n));
  const users = Object.keys(result.keys);
  if (opts.keys && !opts.write)
    throw new AuthError('usage', '--keys needs --write', {
      hint: 'The keys go to the credential store of the configuration written with --write PATH.',
    });
  if (opts.write) {
    const target = resolve(io.cwd, opts.write);
    if (existsSync(target) && !opts.force)
      throw new AuthError('usage', `${target} exists`, { hint: 'Add --force to replace it, or write elsewhere.' });
    if (opts.dryRun) {
      io.stdout.write(yaml);
      io.stderr.write(`Dry run: ${visible(target)} was not written${opts.keys ? '; no key was stored' : ''}.\n`);
      if (opts.keys && users.length) io.stderr.write(`Would store the keys of: ${users.join(', ')}\n`);
      return 0;
    }
    writeFileAtomic(target, yaml, 0o600);
    // What authui wrote from the user's own AWS files, at their request, is theirs: trusted as written.
    trustConfig(app.paths.trustFile, resolve(io.cwd, target));
    io.stderr.write(
      `✓ Wrote ${visible(target)}: ${Object.keys(result.providers).length} providers, ${Object.keys(result.identities).length} identities\n`,
    );
    if (opts.keys && users.length) {
      // The configuration just written, not the one this run found.
      const workspace = await createApp({
        io,
        paths: app.paths,
        clock: app.clock,
        global: { config: target },
      }).workspace();
      for (const name of users) {
        const keys = result.keys[name] as { accessKeyId: string; secretAccessKey: string };
        await workspace.store.set(entryName.longTerm(`identity:${name}`), JSON.stringify(keys));
      }
      io.stderr.write(`✓ Stored the keys of ${users.join(', ')} in ${workspace.store.backend}\n`);
    } else if (users.length) {
      io.stderr.write(
        `Keys were not copied (${users.join(', ')}): "authui login" asks for them, or run again with --keys.\n`,
      );
    }
    return 0;
  }
  io.stdout.write(yaml);
  return 0;
}
