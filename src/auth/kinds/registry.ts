// The one list of kinds. Adding a kind: its folder under kinds/, and one line here.
//
// Kinds are loaded when a configuration names them (loadKinds), not when the engine is: a
// `token` or `credential-process` from cache then runs only the modules of the kinds in its
// config, and the hot paths' code cache holds only those (docs/architecture.md, "Start-up").
// After loading, lookups are synchronous, as the engine and the config checks need them.
import type { AnyKind } from '../kind.js';

const LOADERS: Readonly<Record<string, () => Promise<AnyKind>>> = {
  'aws/user': async () => (await import('./aws/user/index.js')).awsUser,
  'aws/assume-role': async () => (await import('./aws/assume-role/index.js')).awsAssumeRole,
  'aws/permission-set': async () => (await import('./aws/permission-set/index.js')).awsPermissionSet,
  'aws/iam-identity-center': async () => (await import('./aws/iam-identity-center/index.js')).awsIamIdentityCenter,
  oidc: async () => (await import('./oidc/index.js')).oidc,
  'token-service': async () => (await import('./token-service/index.js')).tokenService,
  'api-key/openai': async () => (await import('./api-key/openai/index.js')).apiKeyOpenai,
  'api-key/anthropic': async () => (await import('./api-key/anthropic/index.js')).apiKeyAnthropic,
  'api-key/huggingface': async () => (await import('./api-key/huggingface/index.js')).apiKeyHuggingface,
  'api-key/generic': async () => (await import('./api-key/generic/index.js')).apiKeyGeneric,
  smtp: async () => (await import('./smtp/index.js')).smtp,
};

/** Every kind's name, in the order the config's hints list them. */
const ALL_KINDS = Object.keys(LOADERS);

/** Each kind's name as the registry holds it, by name. */
const NAMES = new Map(ALL_KINDS.map((kind) => [kind, kind]));

/**
 * The registry's own string for a kind's name, for the nodes that name it: parsed from JSON or
 * YAML, each node's name was a string of its own (20,000 identities of one kind: 20,000 copies).
 */
export function sharedKindName(kind: string): string {
  return NAMES.get(kind) ?? kind;
}

const loaded = new Map<string, AnyKind>();

/** Loads the named kinds (unknown names are left for the config checks to report). */
export async function loadKinds(kinds: Iterable<string>): Promise<void> {
  const wanted = [...new Set(kinds)].filter((kind) => !loaded.has(kind) && Object.hasOwn(LOADERS, kind));
  const modules = await Promise.all(wanted.map((kind) => (LOADERS[kind] as () => Promise<AnyKind>)()));
  modules.forEach((module, i) => {
    // The list's name and the kind's own declaration must agree, or lookups would miss it.
    if (module.kind !== wanted[i]) throw new Error(`Kind listed as ${wanted[i]} declares itself ${module.kind}`);
    loaded.set(module.kind, module);
  });
}

/** Loads every kind: for checking a configuration, whose hints name kinds it does not use. */
export function loadAllKinds(): Promise<void> {
  return loadKinds(ALL_KINDS);
}

/** A loaded kind; undefined for a name that is no kind. A kind not yet loaded is a bug. */
export function kindModule(kind: string): AnyKind | undefined {
  const module = loaded.get(kind);
  if (module || !Object.hasOwn(LOADERS, kind)) return module;
  throw new Error(`Kind ${kind} used before loadKinds loaded it`);
}

/** The loaded kinds of a role, in the list's order (after loadAllKinds: every one). */
export function kindsFor(role: AnyKind['role']): string[] {
  return ALL_KINDS.filter((kind) => loaded.get(kind)?.role === role);
}
