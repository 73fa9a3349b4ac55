// `authui sso sync PROVIDER [--dry-run | --write] [--name TEMPLATE]`: the identities the signed-in
// user has at an IAM Identity Center provider (every account, every permission set, every page),
// compared with the configuration's: new ones named by the template, unchanged ones, ones gone
// upstream (reported, never deleted: the user decides), and names that clash (reported, skipped).
// `--dry-run` prints the change to the file as a diff; `--write` makes it through the YAML
// document API, so comments and order stay, after the new text has validated.
import { readFileSync, statSync } from 'node:fs';
import { parseDocument, type YAMLMap } from 'yaml';
import type { CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { parseConfigText } from '../auth/config/parse.js';
import { trustConfig } from '../auth/config/trust.js';
import type { NodeConfig } from '../auth/config/types.js';
import { AuthError } from '../auth/errors.js';
import { writeFileAtomic } from '../auth/fs-atomic.js';
import type { DiscoveredIdentity } from '../auth/kind.js';
import { nameProblem, shellWord } from '../auth/names.js';
import { identityName, sameIdentityIn } from '../auth/config/discovered.js';
import { visible } from '../auth/visible.js';

export interface SsoSyncOptions {
  provider: string;
  dryRun: boolean;
  write: boolean;
  /** The name template: {account_id}, {account_name}, {role_name}. */
  name: string;
}

interface Plan {
  added: { name: string; found: DiscoveredIdentity }[];
  unchanged: { name: string; found: DiscoveredIdentity }[];
  gone: NodeConfig[];
  clashes: { name: string; found: DiscoveredIdentity; why: string }[];
}

function plan(nodes: readonly NodeConfig[], provider: NodeConfig, found: DiscoveredIdentity[], template: string): Plan {
  const result: Plan = { added: [], unchanged: [], gone: [], clashes: [] };
  const taken = new Set(nodes.map((n) => n.name));
  const mine = nodes.filter((n) => n.via?.type === 'provider' && n.via.name === provider.name);
  const configured = sameIdentityIn(mine);
  for (const identity of found) {
    const existing = configured(identity);
    if (existing) {
      result.unchanged.push({ name: existing.name, found: identity });
      continue;
    }
    const name = identityName(template, identity.fields);
    const problem = nameProblem(name);
    if (problem || taken.has(name)) {
      result.clashes.push({ name, found: identity, why: problem ?? 'the name is taken' });
      continue;
    }
    taken.add(name);
    result.added.push({ name, found: identity });
  }
  const discovered = sameIdentityIn(found);
  result.gone = mine.filter((n) => n.kind === 'aws/permission-set' && !discovered(n));
  return result;
}

/** The configuration's text with the new identities added under auth.identities (comments and order kept). */
function withAdded(text: string, provider: string, added: Plan['added']): string {
  // Without yaml's duplicate-key check, quadratic in a map's size: the new text is checked whole.
  const doc = parseDocument(text, { uniqueKeys: false });
  if (!doc.hasIn(['auth', 'identities']) || doc.getIn(['auth', 'identities']) === null)
    doc.setIn(['auth', 'identities'], doc.createNode({}));
  const identities = doc.getIn(['auth', 'identities']) as YAMLMap;
  for (const { name, found } of added) {
    const entry = doc.createNode({ kind: found.kind, via: { provider }, ...found.settings }) as YAMLMap;
    for (const item of entry.items) {
      const value = item.value as { flow?: boolean } | null;
      if (value && typeof value === 'object' && 'items' in value) value.flow = true;
    }
    identities.set(doc.createNode(name), entry);
  }
  // No folding: the lines already there come out as they were written.
  return doc.toString({ lineWidth: 0 });
}

/** A unified diff of one contiguous change (what adding entries makes), with three lines of context. */
function diff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 3);
  const toA = Math.min(a.length, a.length - end + 3);
  const toB = Math.min(b.length, b.length - end + 3);
  const lines = [`--- ${path}`, `+++ ${path}`, `@@ -${from + 1},${toA - from} +${from + 1},${toB - from} @@`];
  for (let i = from; i < start; i++) lines.push(` ${a[i]}`);
  for (let i = start; i < a.length - end; i++) lines.push(`-${a[i]}`);
  for (let i = start; i < b.length - end; i++) lines.push(`+${b[i]}`);
  for (let i = a.length - end; i < toA; i++) lines.push(` ${a[i]}`);
  return `${lines.join('\n')}\n`;
}

function describe(found: DiscoveredIdentity): string {
  return `${found.fields.account_name} (${found.fields.account_id}) ${found.fields.role_name}`;
}

export async function runSsoSync(opts: SsoSyncOptions, { io, app }: CommandDeps): Promise<number> {
  if (opts.dryRun && opts.write)
    throw new AuthError('usage', '--dry-run and --write cannot be combined', { hint: 'Pick one.' });
  const workspace = await app.workspace();
  const { engine } = workspace;
  const provider = engine.resolve(opts.provider);
  if (provider.type !== 'provider')
    throw new AuthError('usage', `"${opts.provider}" is an identity; sso sync lists what a provider gives`, {
      hint: 'authui sso sync PROVIDER (an aws/iam-identity-center provider).',
    });
  identityName(opts.name, { account_id: '', account_name: '', role_name: '' }); // the template, before the network
  const found = await withBroker(app, workspace, provider.name, `authui sso sync ${shellWord(provider.name)}`, () =>
    engine.discover(provider.name),
  );
  const result = plan(engine.config.nodes, provider, found, opts.name);
  const accounts = new Set(found.map((f) => f.fields.account_id)).size;
  const out: string[] = [
    `${provider.name}: ${found.length} permission sets in ${accounts} accounts — ${result.added.length} new, ${result.unchanged.length} unchanged, ${result.gone.length} gone, ${result.clashes.length} not added`,
  ];
  const shown = 20;
  const list = <T>(title: string, items: T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    out.push(title);
    for (const item of items.slice(0, shown)) out.push(`  ${line(item)}`);
    if (items.length > shown) out.push(`  … and ${items.length - shown} more`);
  };
  list('New:', result.added, (a) => `+ ${a.name}  ${describe(a.found)}`);
  list('Gone upstream (kept in the configuration; remove them yourself if they should go):', result.gone, (n) => {
    const p = n.settings.principal as { name?: string; account?: { id?: string; name?: string } } | undefined;
    return `- ${n.name}  ${p?.account?.name ?? p?.account?.id ?? '?'} ${p?.name ?? '?'}`;
  });
  list('Not added (the name clashes; try --name "{account_name}-{account_id}/{role_name}"):', result.clashes, (c) => {
    return `! ${c.name}  ${describe(c.found)}: ${c.why}`;
  });
  io.stdout.write(`${out.map((line) => visible(line)).join('\n')}\n`);
  if (!opts.dryRun && !opts.write) {
    if (result.added.length > 0)
      io.stderr.write(
        `Run with --dry-run to see the change to ${visible(engine.config.source.path)}, --write to make it.\n`,
      );
    return 0;
  }
  if (result.added.length === 0) return 0;
  const path = engine.config.source.path;
  const before = readFileSync(path, 'utf8');
  const after = withAdded(before, provider.name, result.added);
  // The new text must load as the old one did: never a file that no longer validates.
  const check = await parseConfigText(after, path, engine.config.source.format);
  const errors = check.issues.filter((i) => i.severity === 'error');
  if (!check.config || errors.length > 0)
    throw new AuthError('invalid_config', `The synced configuration would not validate: ${errors[0]?.message ?? '?'}`, {
      hint: 'Nothing was written. Fix the configuration (authui validate) and sync again.',
    });
  if (opts.dryRun) {
    io.stdout.write(visible(diff(path, before, after), true));
    return 0;
  }
  writeFileAtomic(path, after, statSync(path).mode & 0o777);
  // A project file the user trusted stays trusted: they asked for this change.
  if (engine.config.source.origin === 'project' && engine.config.source.trusted) trustConfig(app.paths.trustFile, path);
  io.stderr.write(`Added ${result.added.length} identities to ${visible(path)}.\n`);
  return 0;
}
