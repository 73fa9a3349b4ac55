// The contract every kind implements (docs/architecture.md, "Adding a kind"), beside the engine
// that reads it. A kind owns its
// settings schema, its prompts and flows, the shape of its secret, and declares what it can do:
// what it yields to a child and to tools, what it exports, whether it renews unattended and
// whether Recovery can ask for its credentials again. The engine reads only these declarations.
import type { z } from 'zod';
import type { Clock } from './clock.js';
import type { Config, NodeConfig, NodeType } from './config/types.js';
import type { Fetch } from './http-message.js';
import type { LogoutItem } from './logout.js';
import type { AuthuiPaths, Env } from './paths.js';
import type { Prompter } from './prompter.js';
import type { CredentialType, RegistryLogin, Yields } from './credential-types.js';
import type { BackendName } from './stores/types.js';

/** What the dashboard and `status` can say about a node from config alone. */
export interface NodeDescription {
  account?: string;
  region?: string;
  /** Who or what this node signs in as: a user, an issuer host, "smtp.example.com:587". */
  subject?: string;
  /** The host it talks to, when that is not obvious from the kind ("kitty.example.com"). */
  server?: string;
  /** Settings worth a line in Detail (an API key's organization and project). */
  facts?: { label: string; value: string }[];
}

/** Session length rules; the config loader clamps `session.duration` with them. */
interface DurationRules<Settings> {
  default: number;
  min: number;
  /** Upper bound for this node as configured, given the kind it comes via, and why. */
  limit(settings: Settings, viaKind: string | undefined): { max: number; why: string };
}

/** Non-secret facts about a session, kept in the session index for `status` and the TUI. */
export interface SessionMeta {
  obtainedAt: string;
  /** ISO-8601; absent for credentials that do not expire (API keys, SMTP passwords). */
  expiresAt?: string;
  /** ISO-8601: until when the session can be renewed without the user (a refresh token's expiry). */
  renewableUntil?: string;
  account?: string;
  region?: string;
  subject?: string;
  server?: string;
  /** A long-lived credential stored without the provider's check (`--no-verify`, no test configured). */
  unvalidated?: boolean;
  /** ISO-8601: when the provider last accepted it (login or `authui test`). */
  validatedAt?: string;
  /** The server the session was issued by (the kind's `binding`, engine/sessions.ts), set by the engine. */
  binding?: string;
  /** Non-secret settings entered at login that differ from the config; they apply until the next login. */
  fields?: Record<string, string>;
  /** What the provider said about the credential at validation (user, orgs, token role), shown in Detail. */
  facts?: { label: string; value: string }[];
}

/** A fresh session: the metadata plus the secret part, which only the credential store sees. */
export interface Session<Secret = unknown> {
  meta: SessionMeta;
  secret: Secret;
}

/** Variables a kind puts in a child's environment: `env` prints `variables`, `exec` adds `secrets`. */
export interface EnvExports {
  variables(ctx: ExportContext): Record<string, string>;
  secrets(yields: Yields, meta: SessionMeta, node: NodeConfig): Record<string, string>;
  /** The names `secrets` sets, known without a session (`env` lists them instead of printing values). */
  secretNames(node: NodeConfig): string[];
}

interface ExportContext {
  node: NodeConfig;
  /** The first node of the chain (AWS files are kept per chain root). */
  root: NodeConfig;
  config: Config;
  env: Env;
  /** The region shown for the node (its own, else inherited), when there is one. */
  region?: string;
}

/** An identity a provider says its user has (`authui sso sync`): what it would be in the configuration. */
export interface DiscoveredIdentity {
  /** Its kind and settings, `via` aside (it comes via the provider that found it). */
  kind: string;
  settings: Record<string, unknown>;
  /** What a name template may use ({account_id}, {account_name}, {role_name}). */
  fields: Record<string, string>;
}

/** What a connection test found: facts about who the credentials belong to, in display order. */
export interface TestResult {
  facts: { key: string; label: string; value: string }[];
}

export interface TestContext {
  node: NodeConfig;
  meta: SessionMeta;
  env: Env;
  /** Where authui keeps things (a kind's caches live under cacheDir). */
  paths: Readonly<AuthuiPaths>;
  fetch: Fetch;
  /** This node's entries in the credential store (its long-term secret, its session). */
  secrets: NodeSecrets;
  /**
   * The session of the node this one comes via, valid (renewed when needed), for the tests that
   * use it (XOAUTH2 takes its token from there); only those pay for reading or renewing it.
   */
  parent?(): Promise<ParentSession | undefined>;
  /** What the user asked of the test or mint, by the command's flag names (`sendTo`, `destination`). */
  options?: MintOptions;
}

/**
 * A kind's view of the credential store: its own node's entries, nothing else (the engine makes
 * it: engine/node-secrets.ts). Values are the kind's JSON text; the session comes parsed.
 */
export interface NodeSecrets {
  /** The backend holding them, for messages ("stored in the keyring"). */
  readonly backend: BackendName;
  /** The long-term secret the user entered (access keys, a client secret). */
  readLongTerm(): Promise<string | undefined>;
  writeLongTerm(value: string): Promise<void>;
  deleteLongTerm(): Promise<boolean>;
  /** The node's session secret as the engine keeps it: parsed by the kind, damage and server checked. */
  session(): Promise<unknown>;
}

/** A command's flags for a test or mint; each kind reads the ones it knows. */
export type MintOptions = Readonly<Record<string, string | undefined>>;

/** What a check of the provider without credentials needs (`probe`). */
export type ProbeContext = Pick<TestContext, 'node' | 'env' | 'paths' | 'fetch'>;

/** What revoking a session at its provider needs. */
export type RevokeContext = Pick<TestContext, 'node' | 'env' | 'paths' | 'fetch' | 'secrets'>;

/** What a key rotation needs: the node's store entries, a valid session, and a way to wait. */
export interface RotateContext extends Pick<TestContext, 'node' | 'env' | 'paths' | 'fetch' | 'secrets'> {
  /** The node's current session (valid): IAM calls use it when the user has MFA. */
  session: Yields;
  dryRun: boolean;
  sleep(ms: number): Promise<void>;
  /** For a rotation the user does at the vendor (an API key): asks for the new key. */
  prompter: Prompter;
  clock: Clock;
  /** Epoch ms `token` or `exec` last handed the credential out, when known (the reminder says it). */
  lastUsedAt?: number;
}

/** What a rotation did, line by line; `partly` when the new key works but the old one stayed. */
export interface RotateReport {
  ok: boolean;
  partly?: boolean;
  lines: string[];
  /** The session that replaces the current one (an API key's new key): the engine stores it. */
  session?: Session;
}

/** What a revocation did: or why there is none (said in the logout report, the token stays valid). */
export type RevokeOutcome = { revoked: true } | { revoked: false; why: string };

/** Where a session's parent stands, as a step of the chain sees it. */
export interface ParentSession {
  meta: SessionMeta;
  yields: Yields;
}

export interface KindContext<Settings = unknown> {
  node: NodeConfig;
  settings: Settings;
  config: Config;
  secrets: NodeSecrets;
  prompter: Prompter;
  clock: Clock;
  fetch: Fetch;
  env: Env;
  paths: Readonly<AuthuiPaths>;
  /** The nearest region configured up the chain (not this node's own). */
  inheritedRegion?: string;
  /** The session of the node this one comes via, already valid (the engine walks the chain). */
  parent?: ParentSession;
  /** The user asked to enter new long-term credentials (Recovery's "re-enter"), even if some are stored. */
  reenter?: boolean;
  /** `login --no-verify`: store what was entered without the provider's check, marked unvalidated. */
  noVerify?: boolean;
}

/**
 * A place outside the credential store that a kind's sessions are written to for other tools
 * (the AWS shared files). The engine keeps it in step with the sessions and plans its removal.
 */
export interface Output {
  /** Names the output on its logout items ("aws-files"). */
  name: string;
  /** Rewrites what this output holds for a chain root from the live sessions under it. */
  sync(root: NodeConfig, live: readonly LiveSession[], ctx: OutputContext): Promise<void>;
  /** Logout items for the roots of the nodes that leave (a tree to remove, or to rewrite). */
  plan(roots: readonly { root: NodeConfig; stays: boolean }[], ctx: OutputContext): LogoutItem[];
  /** With --all: what it holds that no configured root accounts for. */
  orphans(known: ReadonlySet<string>, ctx: OutputContext): LogoutItem[];
  /** Removes a tree planned by `plan` or `orphans`. */
  remove(item: LogoutItem, ctx: OutputContext): 'removed' | 'absent';
  /** What the Detail screen shows for a node. */
  describe(node: NodeConfig, root: NodeConfig, ctx: OutputContext): OutputDetail;
}

export interface OutputContext {
  config: Config;
  env: Env;
  locksDir: string;
}

export interface LiveSession {
  node: NodeConfig;
  meta: SessionMeta;
  yields: Yields;
}

export interface OutputDetail {
  title: string;
  /** Files it wrote, first the main one. */
  paths: string[];
  /** "profile dev" */
  note?: string;
  written: boolean;
}

export interface KindModule<Settings = never, Secret = unknown> {
  kind: string;
  role: NodeType;
  /** Short human label for tables: "AWS user", "OIDC". */
  label: string;
  /** The settings schema (zod), loaded only when a config file is parsed. */
  schema(): Promise<z.ZodType>;
  /** What its parent must yield; absent → it is always a root. */
  via?: {
    needs: readonly CredentialType[];
    /** A kind-specific hint when `target` cannot be its parent. */
    hint?(target: { kind: string; name: string }): string | undefined;
  };
  /** What its sessions can yield (static, for config checks); `yields` gives the values. */
  provides: readonly CredentialType[];
  duration?: DurationRules<Settings>;
  describe(settings: Settings): NodeDescription;
  /**
   * What identifies the server its secrets are issued by and sent to (an origin; an issuer and
   * client id; a host and port), from settings a configuration can set. Stored with each session
   * and compared before a stored secret is sent or handed out (engine/sessions.ts). Absent when
   * no setting decides where its secrets go.
   */
  binding?(settings: Settings): Record<string, string | number | undefined>;
  /**
   * Where its sign-in pages may be (exact origins, or domains whose subdomains count too): a
   * link a background command asks the dashboard to show must lead there (the prompt broker).
   */
  signInPlaces?(settings: Settings, env: Env): { origins: string[]; domains?: readonly string[] };
  /** The stored secret, checked; undefined when it is damaged (treated as no session). */
  parseSecret(value: unknown): Secret | undefined;
  yields(secret: Secret): Yields;
  /** True when the session can still be renewed without the user at `now`, even once expired. */
  renewable?(secret: Secret, now: number): boolean;
  /** Recovery can offer "re-enter credentials": the kind asks for new long-term secrets. */
  reenterable: boolean;
  /** How long a stored credential may live before the dashboard says to rotate it (`rotate_after`), in ms. */
  rotation?(settings: Settings): number | undefined;
  /** Said beside its session's logout item: what removing the local copy does not do. */
  logoutNote?: string;
  /** Places its sessions are written to for other tools. */
  outputs?: readonly Output[];
  env?: EnvExports;
  /**
   * What it makes from a valid session and never stores, by name: a WebSocket token (`authui
   * token NAME --ws`), a console sign-in link (`authui console`). One that finds the session
   * rejected throws `token_expired`; the engine renews and retries once.
   */
  mint?: Readonly<Record<string, (yields: Yields, ctx: TestContext) => Promise<string>>>;
  /** The identities its signed-in user has at the provider (IAM Identity Center: accounts × permission sets). */
  discover?(yields: Yields, ctx: TestContext): Promise<DiscoveredIdentity[]>;
  /**
   * A login to its cloud's container registry made from a valid session (an aws/ecr integration:
   * ECR's GetAuthorizationToken in `ctx.options.region`), for docker's credential helper.
   */
  registryLogin?(yields: Yields, ctx: TestContext): Promise<RegistryLogin>;
  /** Replaces the stored long-term credential with a new one made at the provider (`authui rotate`). */
  rotate?(ctx: RotateContext): Promise<RotateReport>;
  /** Ends the session at the provider before logout deletes the local copy (RFC 7009 and the like). */
  revoke?(secret: Secret, ctx: RevokeContext): Promise<RevokeOutcome>;
  /** A connection test with a valid session: asks the provider who the credentials belong to. */
  test?(yields: Yields, ctx: TestContext): Promise<TestResult>;
  /**
   * A check of the provider before the first login (`authui test NAME` with no session): that
   * it can be reached and is configured right (discovery, the token endpoint). No credential.
   */
  probe?(ctx: ProbeContext): Promise<TestResult>;
  authenticate(ctx: KindContext<Settings>): Promise<Session<Secret>>;
  /** Renews without prompting; `current` is absent when there is no session yet. */
  refresh?(ctx: KindContext<Settings>, current: Session<Secret> | undefined): Promise<Session<Secret>>;
}

/** A kind with its types erased, as the registry and the engine hold it. */
export type AnyKind = KindModule<never, unknown>;

/** Declares a kind with its settings and secret types checked, and erases them for the registry. */
export function defineKind<Settings, Secret>(kind: KindModule<Settings, Secret>): AnyKind {
  return kind as unknown as AnyKind;
}
