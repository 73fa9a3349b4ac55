// Parses and validates config text. Every problem names file:line:column, the key and a hint.
// This module pulls in yaml and zod, so only the slow path (cache miss, `validate`) loads it.
import {
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  YAMLParseError,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';
import { formatDuration, parseDuration } from '../duration.js';
import { kindModule, kindsFor, loadAllKinds } from '../kinds/registry.js';
import type { AnyKind } from '../kind.js';
import { printsAs } from '../credential-types.js';
import { nameProblem } from '../names.js';
import {
  browserSchema,
  filesSchema,
  integrationSchema,
  keyringSchema,
  refreshSchema,
  sessionCacheSchema,
} from './schema.js';
import {
  DEFAULT_REFRESH,
  nodeId,
  type Config,
  type ConfigIssue,
  type IntegrationConfig,
  type KeyringType,
  type NodeConfig,
  type NodeType,
  type RefreshPolicy,
} from './types.js';

export type ConfigFormat = Config['source']['format'];
type Path = readonly (string | number)[];

export interface ParseResult {
  /** Undefined when there are errors, or when an atmos.yaml has no `auth:` section. */
  config?: Config;
  issues: ConfigIssue[];
  /** True for an atmos.yaml without `auth:` — the search goes on to the next place. */
  noAuthSection?: boolean;
}

const SECTION = { provider: 'providers', identity: 'identities' } as const;

class IssueCollector {
  readonly issues: ConfigIssue[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  add(severity: ConfigIssue['severity'], path: Path, message: string, hint?: string, atKey = false): void {
    const offset = this.offsetOf(path, atKey);
    const { line, col } = this.lines.linePos(offset);
    this.issues.push({ severity, file: this.file, line, column: col, key: path.join('.'), message, hint });
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }

  /** Offset of the deepest existing node on the path (the key itself when atKey). */
  private offsetOf(path: Path, atKey: boolean): number {
    let node: unknown = this.doc.contents;
    let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
    for (const [i, step] of path.entries()) {
      if (!isMap(node)) {
        // Sequences: yaml's getIn handles index steps.
        const child = (node as { get?: (k: unknown, keep: boolean) => unknown })?.get?.(step, true);
        if (!child) break;
        node = child;
        offset = (child as YamlNode).range?.[0] ?? offset;
        continue;
      }
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      const key = pair.key as YamlNode;
      const last = i === path.length - 1;
      if (last && (atKey || !pair.value)) {
        offset = key.range?.[0] ?? offset;
        break;
      }
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? key.range?.[0] ?? offset;
    }
    return offset;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function zodHint(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'Remove the key or check its spelling against the configuration reference in the README.';
    case 'invalid_type':
      return isMissing(issue) ? 'Add this required key.' : `Expected a ${issue.expected}.`;
    case 'invalid_format':
    case 'custom':
      return 'See the configuration reference in the README for the expected format.';
    case 'invalid_value':
      return `Use one of: ${issue.values.map(String).join(', ')}.`;
    default:
      return undefined;
  }
}

/** zod 4 leaves `input` out of its issues; a missing key is a type error that received undefined. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
}

function report(collector: IssueCollector, base: Path, error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        collector.add('error', [...path, key], `unknown key "${key}"`, zodHint(issue), true);
      }
    } else {
      const message = isMissing(issue) ? 'required key is missing' : issue.message;
      collector.add('error', path, message, zodHint(issue));
    }
  }
}

/**
 * YAML's rule that a map's keys are unique (two scalars of equal value; no other node is equal to
 * another), checked with a set per map: yaml's own check compares each key with every key before
 * it, quadratic in a map's size (docs/performance.md, "A large configuration, parsed"). Each
 * duplicate is an error at its key, as yaml's.
 */
export function duplicateKeyErrors(doc: Document): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else {
          const at = key.range?.[0] ?? 0;
          errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
      }
    },
  });
  return errors;
}

export async function parseConfigText(text: string, file: string, format: ConfigFormat): Promise<ParseResult> {
  // Hints name kinds the file does not use, so the checks need them all.
  await loadAllKinds();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  doc.errors.push(...duplicateKeyErrors(doc));
  const collector = new IssueCollector(doc, lines, file);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      collector.issues.push({
        severity: 'error',
        file,
        line: pos.line,
        column: pos.col,
        key: '',
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        hint: 'Check indentation and quoting near this line; quote names that contain ":", "#" or spaces.',
      });
    }
    return { issues: collector.issues };
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias used before its anchor, or an alias bomb.
    collector.add(
      'error',
      [],
      `YAML error: ${error instanceof Error ? error.message : String(error)}`,
      'Check the anchors (&name) and aliases (*name) in the file.',
    );
    return { issues: collector.issues };
  }
  if (!isRecord(root) || !isRecord(root.auth)) {
    if (format === 'atmos') return { issues: [], noAuthSection: true };
    collector.add(
      'error',
      [],
      'the configuration has no "auth:" section',
      'Start the file with "auth:" and put providers and identities under it (see the README).',
    );
    return { issues: collector.issues };
  }
  if (format === 'authui') {
    for (const key of Object.keys(root)) {
      if (key !== 'auth')
        collector.add(
          'error',
          [key],
          `unknown top-level key "${key}"`,
          'authui.yaml holds only an "auth:" section.',
          true,
        );
    }
  }
  const auth = root.auth;
  const known = new Set([
    'keyring',
    'files',
    'refresh',
    'browser',
    'session_cache',
    'providers',
    'identities',
    'integrations',
    'logs',
    'console',
  ]);
  for (const key of Object.keys(auth)) {
    if (!known.has(key))
      collector.add(
        'error',
        ['auth', key],
        `unknown key "${key}"`,
        `The auth section accepts: ${[...known].join(', ')}.`,
        true,
      );
  }

  const keyring = keyringSchema.safeParse(auth.keyring ?? {});
  if (!keyring.success) report(collector, ['auth', 'keyring'], keyring.error);
  const files = filesSchema.safeParse(auth.files ?? {});
  if (!files.success) report(collector, ['auth', 'files'], files.error);
  const browser = browserSchema.safeParse(auth.browser ?? 'print');
  if (!browser.success) report(collector, ['auth', 'browser'], browser.error);
  const sessionCache = sessionCacheSchema.safeParse(auth.session_cache ?? true);
  if (!sessionCache.success) report(collector, ['auth', 'session_cache'], sessionCache.error);
  const refreshSettings = refreshSchema.safeParse(auth.refresh ?? {});
  if (!refreshSettings.success) report(collector, ['auth', 'refresh'], refreshSettings.error);
  const refresh = {
    ...DEFAULT_REFRESH,
    ...(refreshSettings.success ? refreshPolicy(collector, ['auth', 'refresh'], refreshSettings.data) : {}),
  };

  const nodes: NodeConfig[] = [];
  for (const type of ['provider', 'identity'] as const) {
    const section = auth[SECTION[type]];
    if (section === undefined || section === null) continue;
    if (!isRecord(section)) {
      collector.add(
        'error',
        ['auth', SECTION[type]],
        `"${SECTION[type]}" must be a map of name → settings`,
        `Write "${SECTION[type]}:" followed by indented "name: { kind: … }" entries.`,
      );
      continue;
    }
    for (const [name, raw] of Object.entries(section)) {
      const node = await parseNode(collector, type, name, raw);
      if (node) nodes.push(node);
    }
  }
  // Names that were declared, even if their settings failed validation: a "via" naming one
  // of them is not a missing-node error (the node's own errors are already reported).
  const declared = new Set<string>();
  for (const type of ['provider', 'identity'] as const) {
    const section = auth[SECTION[type]];
    if (isRecord(section)) for (const name of Object.keys(section)) declared.add(nodeId(type, name));
  }
  checkGraph(collector, nodes, declared);
  applyDurations(collector, nodes);
  for (const node of nodes) {
    const own = (node.settings.session as { refresh?: RefreshSettings } | undefined)?.refresh;
    if (own)
      node.refresh = refreshPolicy(collector, ['auth', SECTION[node.type], node.name, 'session', 'refresh'], own);
  }

  const integrations = parseIntegrations(collector, auth.integrations, nodes, declared);

  if (collector.hasErrors || !keyring.success || !files.success) return { issues: collector.issues };
  return {
    issues: collector.issues,
    config: {
      // The loader sets where it came from and whether it is trusted (config/load.ts).
      source: { path: file, format, origin: 'named', digest: '', trusted: true },
      keyring: {
        type: (keyring.data.type ?? 'system') as KeyringType,
        path: keyring.data.spec?.path,
        passwordEnv: keyring.data.spec?.password_env,
      },
      files: { basePath: files.data.base_path },
      browser: browser.success ? browser.data : 'print',
      sessionCache: sessionCache.success ? sessionCache.data : true,
      refresh,
      nodes,
      integrations,
      warnings: collector.issues.filter((i) => i.severity === 'warning'),
    },
  };
}

/** `auth.integrations`: each a known kind via a declared node, one per registry host. */
function parseIntegrations(
  collector: IssueCollector,
  section: unknown,
  nodes: readonly NodeConfig[],
  declared: ReadonlySet<string>,
): IntegrationConfig[] {
  if (section === undefined || section === null) return [];
  const base = ['auth', 'integrations'];
  if (!isRecord(section)) {
    collector.add(
      'error',
      base,
      '"integrations" must be a map of name → settings',
      'See "Container registries" in the README.',
    );
    return [];
  }
  const integrations: IntegrationConfig[] = [];
  for (const [name, raw] of Object.entries(section)) {
    const path = [...base, name];
    const kind = isRecord(raw) ? raw.kind : undefined;
    // Atmos configurations carry integrations authui does not act on (aws/eks, azure/acr…): noted, kept out.
    if (typeof kind === 'string' && kind !== 'aws/ecr' && kind !== 'registry') {
      collector.add(
        'warning',
        [...path, 'kind'],
        `authui does not use integrations of kind "${kind}"; ignored`,
        'authui acts on aws/ecr and registry integrations.',
      );
      continue;
    }
    const parsed = integrationSchema.safeParse(raw);
    if (!parsed.success) {
      report(collector, path, parsed.error);
      continue;
    }
    const { via: v } = parsed.data;
    const via =
      v.provider !== undefined
        ? { type: 'provider' as const, name: v.provider }
        : { type: 'identity' as const, name: v.identity as string };
    if (!nodes.some((n) => n.type === via.type && n.name === via.name) && !declared.has(nodeId(via.type, via.name))) {
      collector.add(
        'error',
        [...path, 'via', via.type],
        `no ${via.type} named "${via.name}"`,
        `Declare it under auth.${SECTION[via.type]}, or fix the name.`,
      );
      continue;
    }
    const integration: IntegrationConfig =
      parsed.data.kind === 'aws/ecr'
        ? {
            name,
            kind: 'aws/ecr',
            via,
            host: (
              parsed.data.spec.registry.host ??
              `${parsed.data.spec.registry.account_id}.dkr.ecr.${parsed.data.spec.registry.region}.amazonaws.com`
            ).toLowerCase(),
            region: parsed.data.spec.registry.region,
          }
        : {
            name,
            kind: 'registry',
            via,
            host: parsed.data.spec.registry.host.toLowerCase(),
            username: parsed.data.spec.username,
          };
    const clash = integrations.find((i) => i.host === integration.host);
    if (clash) {
      collector.add(
        'error',
        [...path, 'spec', 'registry'],
        `"${name}" and "${clash.name}" are both for ${integration.host}`,
        'One integration per registry host: a credential helper answers with one login.',
      );
      continue;
    }
    integrations.push(integration);
  }
  return integrations;
}

async function parseNode(
  collector: IssueCollector,
  type: NodeType,
  name: string,
  raw: unknown,
): Promise<NodeConfig | undefined> {
  const path = ['auth', SECTION[type], name];
  const problem = nameProblem(name);
  if (problem) {
    collector.add(
      'error',
      path,
      `invalid ${type} name ${JSON.stringify(name)}: ${problem}`,
      'Use letters, digits, ".", "-", "_" and "/" between words; names never become raw file paths.',
      true,
    );
    return undefined;
  }
  if (!isRecord(raw) || typeof raw.kind !== 'string') {
    collector.add(
      'error',
      isRecord(raw) ? [...path, 'kind'] : path,
      `${type} "${name}" needs a "kind"`,
      `Supported ${type} kinds: ${kindsFor(type).join(', ')}.`,
    );
    return undefined;
  }
  const module = kindModule(raw.kind);
  if (module?.role !== type) {
    const other = type === 'provider' ? 'identity' : 'provider';
    const hint = module
      ? `"${raw.kind}" is ${other === 'identity' ? 'an identity' : 'a provider'} kind; move it under "${SECTION[other]}".`
      : `Supported ${type} kinds: ${kindsFor(type).join(', ')}.`;
    collector.add('error', [...path, 'kind'], `unknown ${type} kind "${raw.kind}"`, hint);
    return undefined;
  }
  const schema = await module.schema();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    report(collector, path, parsed.error);
    return undefined;
  }
  const data = parsed.data as Record<string, unknown> & {
    via?: NodeRef;
    fallback?: NodeRef;
    default?: boolean;
  };
  const { kind, default: isDefault, via, fallback, ...settings } = data;
  return {
    id: nodeId(type, name),
    type,
    name,
    kind: kind as string,
    default: isDefault === true,
    via: via ? refOf(via) : undefined,
    ...(fallback ? { fallback: refOf(fallback) } : {}),
    settings,
  };
}

/** `{ provider: x }` or `{ identity: x }` as written in `via:` and `fallback:`. */
type NodeRef = { provider?: string; identity?: string };

function refOf(ref: NodeRef): { type: NodeType; name: string } {
  return ref.provider !== undefined
    ? { type: 'provider', name: ref.provider }
    : { type: 'identity', name: ref.identity as string };
}

type RefreshSettings = {
  ahead?: string | number;
  check_interval?: string | number;
  retries?: number;
  backoff?: string | number;
};

/** The longest check interval or backoff: they are timers, and a typo of a few digits more must not spin one. */
const LONGEST_REFRESH_WAIT_S = 86_400;

/** The refresh settings written in the file, as milliseconds; bad durations are reported. */
function refreshPolicy(collector: IssueCollector, path: Path, raw: RefreshSettings): Partial<RefreshPolicy> {
  const out: Partial<RefreshPolicy> = {};
  const ms = (
    key: keyof RefreshSettings,
    field: 'aheadMs' | 'checkIntervalMs' | 'backoffMs',
    min: number,
    max = Infinity,
  ) => {
    const value = raw[key];
    if (value === undefined) return;
    const seconds = parseDuration(value as string | number);
    if (seconds === undefined || seconds < min || seconds > max) {
      const bound =
        seconds === undefined ? '' : seconds < min ? ` (at least ${min}s)` : ` (at most ${formatDuration(max)})`;
      collector.add(
        'error',
        [...path, key],
        `invalid duration ${JSON.stringify(value)}${bound}`,
        'Use seconds (30) or h/m/s units (30s, 5m, 1h).',
      );
      return;
    }
    out[field] = seconds * 1000;
  };
  ms('ahead', 'aheadMs', 0);
  ms('check_interval', 'checkIntervalMs', 1, LONGEST_REFRESH_WAIT_S);
  ms('backoff', 'backoffMs', 1, LONGEST_REFRESH_WAIT_S);
  if (raw.retries !== undefined) out.retries = raw.retries;
  return out;
}

function checkGraph(collector: IssueCollector, nodes: NodeConfig[], declared: ReadonlySet<string>): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const providers = new Set(nodes.filter((n) => n.type === 'provider').map((n) => n.name));
  const defaults = nodes.filter((n) => n.default);
  for (const extra of defaults.slice(1)) {
    collector.add(
      'error',
      ['auth', SECTION[extra.type], extra.name, 'default'],
      `more than one node is marked default ("${defaults[0]?.name}" and "${extra.name}")`,
      'Keep "default: true" on one identity only.',
    );
  }
  for (const node of nodes) {
    const path = ['auth', SECTION[node.type], node.name];
    if (node.type === 'identity' && providers.has(node.name)) {
      collector.add(
        'error',
        path,
        `"${node.name}" is both a provider and an identity`,
        'Names must be unique across providers and identities so commands like "authui login NAME" are unambiguous.',
        true,
      );
    }
    const module = kindModule(node.kind);
    if (node.fallback) checkFallback(collector, node, byId.get(nodeId(node.fallback.type, node.fallback.name)));
    if (!node.via) continue; // kinds that need "via" require it in their schema
    const viaPath = [...path, 'via', node.via.type];
    const target = byId.get(nodeId(node.via.type, node.via.name));
    if (!target) {
      if (declared.has(nodeId(node.via.type, node.via.name))) continue;
      const candidates = nodes.filter((n) => n.type === node.via?.type).map((n) => n.name);
      collector.add(
        'error',
        viaPath,
        `"${node.name}" comes via ${node.via.type} "${node.via.name}", which is not defined`,
        candidates.length
          ? `Defined ${SECTION[node.via.type]}: ${candidates.join(', ')}.`
          : `Define it under "${SECTION[node.via.type]}".`,
      );
      continue;
    }
    if (!module?.via) {
      collector.add(
        'error',
        [...path, 'via'],
        `${node.kind} ${node.type === 'provider' ? 'providers' : 'identities'} are roots and cannot have "via"`,
        'Remove "via".',
      );
      continue;
    }
    const needs = module.via.needs;
    const offers = kindModule(target.kind)?.provides ?? [];
    if (!needs.some((n) => offers.includes(n))) {
      const fitting = [...kindsFor('provider'), ...kindsFor('identity')].filter((k) =>
        kindModule(k)?.provides.some((p) => needs.includes(p)),
      );
      const hint = module.via.hint?.(target) ?? `It can come via: ${fitting.join(', ')}.`;
      collector.add('error', viaPath, `${node.kind} cannot come via ${target.kind} "${target.name}"`, hint);
    }
  }
  // Cycles: follow via links; a walk longer than the node count has looped.
  const reported = new Set<string>();
  for (const start of nodes) {
    const seen: string[] = [];
    let current: NodeConfig | undefined = start;
    while (current?.via) {
      if (seen.includes(current.id)) {
        const cycle = seen.slice(seen.indexOf(current.id));
        const key = [...cycle].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          const names = [...cycle, current.id].map((id) => id.split(':').slice(1).join(':'));
          collector.add(
            'error',
            ['auth', SECTION[current.type], current.name, 'via'],
            `"via" forms a cycle: ${names.join(' → ')}`,
            'Every chain must start at a root: a node without "via".',
          );
        }
        break;
      }
      seen.push(current.id);
      current = byId.get(nodeId(current.via.type, current.via.name));
    }
  }
}

/** A fallback must exist and hand out a key or a bearer token for `token` and `exec` to use instead. */
function checkFallback(collector: IssueCollector, node: NodeConfig, target: NodeConfig | undefined): void {
  const ref = node.fallback as { type: NodeType; name: string };
  const path = ['auth', SECTION[node.type], node.name, 'fallback', ref.type];
  if (!target) {
    collector.add(
      'error',
      path,
      `"${node.name}" falls back to ${ref.type} "${ref.name}", which is not defined`,
      `Define it under "${SECTION[ref.type]}".`,
    );
    return;
  }
  // A fallback hands out what `authui token` prints: a bearer token or key.
  const standsIn = (kind: string) => kindModule(kind)?.provides.some((type) => printsAs(type, 'bearer'));
  if (!standsIn(target.kind)) {
    collector.add(
      'error',
      path,
      `${target.kind} "${target.name}" cannot stand in for "${node.name}": it holds no key or token`,
      `Point fallback at a provider of a kind that holds one: ${kindsFor('provider').filter(standsIn).join(', ')}.`,
    );
  }
}

function applyDurations(collector: IssueCollector, nodes: NodeConfig[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    const module: AnyKind | undefined = kindModule(node.kind);
    const rules = module?.duration;
    const raw = (node.settings.session as { duration?: string | number } | undefined)?.duration;
    const path = ['auth', SECTION[node.type], node.name, 'session', 'duration'];
    if (!rules) {
      if (raw !== undefined)
        collector.add(
          'warning',
          path,
          `session.duration is ignored for kind ${node.kind}`,
          'The provider decides how long these sessions last.',
        );
      continue;
    }
    let seconds = rules.default;
    if (raw !== undefined) {
      const parsed = parseDuration(raw);
      if (parsed === undefined || parsed === 0) {
        collector.add(
          'error',
          path,
          `invalid duration ${JSON.stringify(raw)}`,
          'Use seconds (900) or h/m/s units (15m, 12h, 1h30m).',
        );
        continue;
      }
      seconds = parsed;
    }
    const parent = node.via ? byId.get(nodeId(node.via.type, node.via.name)) : undefined;
    const limit = rules.limit(node.settings as never, parent?.kind);
    const clamped = Math.min(Math.max(seconds, rules.min), limit.max);
    // A default that the chain cuts short is reported too: the user did not ask for less.
    if (clamped !== seconds && (raw !== undefined || clamped !== rules.default)) {
      const why =
        seconds < rules.min
          ? `below the minimum of ${formatDuration(rules.min)}`
          : `above ${formatDuration(limit.max)}, ${limit.why}`;
      collector.add(
        'warning',
        raw !== undefined ? path : ['auth', SECTION[node.type], node.name],
        `session duration ${formatDuration(seconds)} is ${why}; using ${formatDuration(clamped)}`,
        'Set session.duration within the limits to silence this warning.',
      );
    }
    node.sessionDuration = clamped;
  }
}
