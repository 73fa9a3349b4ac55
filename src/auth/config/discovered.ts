// Identities a provider discovered (IAM Identity Center's accounts × permission sets: the kind
// contract's `discover`), as configuration nodes. `authui sso sync` writes them into the file;
// a provider with `auto_provision_identities: true` (Atmos's name) has them without a file
// change: each login saves what it found (names and ids, never a secret) under the cache
// directory, and every load adds those the file does not already declare, marked `discovered`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readOwnJson, writeFileAtomic } from '../fs-atomic.js';
import type { DiscoveredIdentity } from '../kind.js';
import { nameProblem, pathSegment } from '../names.js';
import type { AuthuiPaths } from '../paths.js';
import { AuthError } from '../errors.js';
import { nodeId, type Config, type NodeConfig } from './types.js';

const DEFAULT_NAME_TEMPLATE = '{account_name}/{role_name}';

/** A discovered identity's name: the template filled in, made a valid name (spaces and the like become "-"). */
export function identityName(template: string, fields: Record<string, string>): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = fields[key];
    if (value === undefined)
      throw new AuthError('usage', `--name: unknown field {${key}}`, {
        hint: `Use ${Object.keys(fields)
          .map((k) => `{${k}}`)
          .join(', ')}.`,
      });
    // Within a field, "/" would start a new path step: only the template's own slashes separate.
    return value.replace(/\//g, '-');
  });
  return filled
    .replace(/[^\p{L}\p{N}._/@+=-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/(^|\/)[-.]+|[-.]+(?=\/|$)/g, '$1')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');
}

interface Principal {
  name?: string;
  account?: { id?: string; name?: string };
}

type Described = Pick<NodeConfig, 'kind' | 'settings'>;

/**
 * The keys under which two identities are the same one: the same kind and principal name in the
 * same account, by the account's id or by its name (either, when both are written).
 */
function identityKeys({ kind, settings }: Described): string[] {
  const principal = settings.principal as Principal | undefined;
  if (!principal) return [];
  const { name, account } = principal;
  const keys: string[] = [];
  if (account?.id !== undefined) keys.push(JSON.stringify([kind, name ?? null, 'id', account.id]));
  if (account?.name !== undefined) keys.push(JSON.stringify([kind, name ?? null, 'name', account.name]));
  return keys;
}

/**
 * Finds, for an identity, the first of `items` that is the same one (identityKeys). An index,
 * not a search per identity: a provider discovers thousands of identities against as many
 * already known, on every login and every load.
 */
export function sameIdentityIn<T extends Described>(items: readonly T[]): (identity: Described) => T | undefined {
  const first = new Map<string, number>();
  items.forEach((item, at) => {
    for (const key of identityKeys(item)) if (!first.has(key)) first.set(key, at);
  });
  return (identity) => {
    const at = Math.min(...identityKeys(identity).map((key) => first.get(key) ?? Infinity));
    return items[at];
  };
}

function fileOf(paths: Pick<AuthuiPaths, 'cacheDir'>, provider: NodeConfig): string {
  return join(paths.cacheDir, 'discovered', `${pathSegment(provider.id)}.json`);
}

/** Saves what a provider's login discovered (replacing what the last one did). */
export function saveDiscovered(
  paths: Pick<AuthuiPaths, 'cacheDir'>,
  provider: NodeConfig,
  found: DiscoveredIdentity[],
): void {
  mkdirSync(join(paths.cacheDir, 'discovered'), { recursive: true, mode: 0o700 });
  writeFileAtomic(fileOf(paths, provider), JSON.stringify({ provider: provider.id, identities: found }));
}

/** Whether a provider takes its identities from discovery. */
export function autoProvisions(node: NodeConfig): boolean {
  return node.type === 'provider' && node.settings.auto_provision_identities === true;
}

/**
 * The nodes that `found` adds to `nodes` under `provider`: those no configured identity already
 * is, named by the default template; a name already taken (or not valid) is left out.
 */
export function discoveredNodes(
  nodes: readonly NodeConfig[],
  provider: NodeConfig,
  found: readonly DiscoveredIdentity[],
): NodeConfig[] {
  const taken = new Set(nodes.map((n) => n.name));
  const known = sameIdentityIn(nodes);
  const via = { type: 'provider', name: provider.name } as const;
  const added: NodeConfig[] = [];
  for (const identity of found) {
    if (known(identity)) continue;
    let name: string;
    try {
      name = identityName(DEFAULT_NAME_TEMPLATE, identity.fields);
    } catch {
      continue;
    }
    if (nameProblem(name) || taken.has(name)) continue;
    taken.add(name);
    added.push({
      id: nodeId('identity', name),
      type: 'identity',
      name,
      kind: identity.kind,
      default: false,
      via,
      settings: identity.settings,
      discovered: true,
    });
  }
  return added;
}

/** The configuration with the identities its auto-provisioning providers last discovered. */
export function withDiscovered(config: Config, paths: Pick<AuthuiPaths, 'cacheDir'>): Config {
  const providers = config.nodes.filter(autoProvisions);
  if (providers.length === 0) return config;
  const nodes = [...config.nodes];
  for (const provider of providers) {
    // Only the user's own file adds identities; none yet, or unreadable: the next login writes it.
    const saved = readOwnJson(fileOf(paths, provider)) as
      { provider?: string; identities?: DiscoveredIdentity[] } | null | undefined;
    if (saved?.provider !== provider.id || !Array.isArray(saved.identities)) continue;
    // The shape `discover` writes, checked as the schema would (the file is ours, but a file).
    const valid = saved.identities.filter((i) => {
      const p = (i?.settings as { principal?: Principal } | undefined)?.principal;
      return (
        i?.kind === 'aws/permission-set' &&
        typeof p?.name === 'string' &&
        /^\d{12}$/.test(p.account?.id ?? '') &&
        typeof i.fields === 'object'
      );
    });
    nodes.push(...discoveredNodes(nodes, provider, valid));
  }
  return { ...config, nodes };
}
