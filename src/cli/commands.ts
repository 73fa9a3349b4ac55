// The command table: every command's name, arguments and flags, once. From it come commander's
// program (cli/program.ts), the hot paths' matcher (cli/fast-argv.ts), the shell completion
// (cli/completion.ts) and, with the handler tables beside them (cli/handlers.ts,
// cli/fast-handlers.ts), the dispatch. Data only: the build reads the hot paths' names from it
// for the binary, and the hot paths' bundle matches a line with it before anything else runs, so
// it imports only the names of the env formats.

import { ENV_FORMATS } from './env-formats.js';

export interface FlagSpec {
  /** The long flag without its dashes: "json" is `--json`, "no-verify" is `--no-verify`. */
  flag: string;
  /** Takes a value: its placeholder ("format" → `--format <format>`). */
  value?: string;
  /** The values it accepts, when they are a fixed list. */
  choices?: readonly string[];
  /** Its value when the flag is not given. */
  default?: string;
  description: string;
}

interface ArgSpec {
  name: string;
  required: boolean;
  /** Takes every remaining word. */
  variadic?: boolean;
  /** The words it accepts, when they are a fixed list. */
  choices?: readonly string[];
  description: string;
}

export interface CommandSpec {
  /** "status"; a subcommand is written with its parent ("import aws"). */
  name: string;
  description: string;
  args: readonly ArgSpec[];
  flags: readonly FlagSpec[];
  /**
   * A hot path: its plain command lines run from the hot paths' bundle (src/fast-main.ts), which
   * the binary loads for the command's name; other lines go to commander.
   */
  fast?: boolean;
  /**
   * A hot path whose plain lines the binary first offers to the session-cache answers
   * (src/answer-main.ts), which print them when the session cache and what the last run kept
   * settle them, and decline otherwise.
   */
  answered?: boolean;
  /** The words after `--` are a command line of its own (exec). */
  commandLine?: boolean;
  /** Left out of --help and completion. */
  hidden?: boolean;
}

/** What the parents of subcommands ("import aws", "git config") are, for --help. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  import: 'bring existing configuration over (import aws)',
  git: "authui as git's credential helper (git config)",
  kube: "authui as kubectl's credential plugin (kube token, kube config)",
  registry: "authui as the container tools' credential helper (registry config)",
  sso: 'IAM Identity Center (sso sync)',
};

/** Flags every command takes (before the command word). */
export const GLOBAL_FLAGS = [
  {
    flag: 'config',
    value: 'path',
    description:
      'configuration file (else AUTHUI_CONFIG, ./authui.yaml, ./atmos.yaml, $XDG_CONFIG_HOME/authui/config.yaml)',
  },
  {
    flag: 'debug',
    description: 'print what authui decides and why on stderr (or to AUTHUI_DEBUG_FILE); never a secret',
  },
] as const satisfies readonly FlagSpec[];

const json = { flag: 'json', description: 'print the JSON report (see the README)' } as const;
const dryRun = { flag: 'dry-run', description: 'print what would be removed; change nothing' } as const;
const strict = {
  flag: 'strict',
  description: 'exit 4 when some removals failed (by default any success exits 0)',
} as const;

export const COMMANDS = [
  {
    name: 'status',
    description: 'show every provider and identity with its state and expiry (no network)',
    args: [],
    flags: [{ flag: 'json', description: 'print the versioned JSON document described in the README' }],
    fast: true,
    answered: true,
  },
  {
    name: 'validate',
    description: 'check the configuration and print every problem with file:line:column',
    args: [],
    flags: [{ flag: 'json', description: 'print the problems as a JSON document (see the README)' }],
  },
  {
    name: 'trust',
    description: 'use a configuration found in the working directory (until it changes)',
    args: [
      {
        name: 'path',
        required: false,
        description: 'the configuration file (default: ./authui.yaml or ./atmos.yaml)',
      },
    ],
    flags: [],
  },
  {
    name: 'login',
    description: 'log in, walking the chain from its root; prompts only in a terminal',
    args: [{ name: 'name', required: false, description: 'identity or provider (default: the one marked default)' }],
    flags: [
      {
        flag: 'no-verify',
        description: 'store an API key or SMTP password without checking it with the provider (shown as not validated)',
      },
      { flag: 'open', description: 'open browser sign-ins in the system browser (the link is printed either way)' },
    ],
  },
  {
    name: 'logout',
    description: 'remove credentials authui stored, precisely, with a per-item report',
    args: [
      {
        name: 'name',
        required: false,
        description: 'identity whose chain to log out (none in a terminal: choose interactively)',
      },
    ],
    flags: [
      { flag: 'provider', value: 'name', description: 'the provider and every identity that comes via it' },
      { flag: 'all', description: 'everything authui stored' },
      { flag: 'yes', description: 'confirm --all without asking' },
      { flag: 'confirm', description: 'the same as --yes' },
      { flag: 'keep-provider', description: 'keep the provider session (next login needs no browser/MFA)' },
      dryRun,
      json,
      strict,
    ],
  },
  {
    name: 'cleanup-expired',
    description: 'remove sessions that have already expired; long-term keys stay',
    args: [],
    flags: [dryRun, json, strict],
  },
  {
    name: 'credential-process',
    description: 'print credentials in the AWS credential_process format (Version 1)',
    args: [{ name: 'name', required: true, description: 'an AWS identity' }],
    flags: [],
    fast: true,
    answered: true,
  },
  {
    name: 'token',
    description: 'print a valid bearer token (renewed first when it is about to expire), nothing else',
    args: [{ name: 'name', required: true, description: 'a token-service or oidc provider, or an API key' }],
    flags: [
      { flag: 'ws', description: 'mint and print a fresh WebSocket token (token services; never stored)' },
      { flag: 'id-token', description: 'print the OpenID Connect ID token instead' },
    ],
    fast: true,
    answered: true,
  },
  {
    name: 'env',
    description: "print the node's variables; secrets only with --reveal (their names otherwise)",
    args: [{ name: 'name', required: false, description: 'a provider or identity (default: the one marked default)' }],
    flags: [
      {
        flag: 'format',
        value: 'format',
        choices: ENV_FORMATS,
        default: 'bash',
        description: 'output format',
      },
      { flag: 'reveal', description: 'also print the secrets (keys, tokens, session credentials)' },
    ],
    fast: true,
    answered: true,
  },
  {
    name: 'exec',
    description: "run a command with the nodes' exports (credentials refreshed if needed)",
    args: [
      { name: 'names', required: false, variadic: true, description: 'NAME [NAME…] (default: the default identity)' },
    ],
    flags: [
      {
        flag: 'serve',
        description: 'give the command the AWS container-credentials endpoint (renewed while it runs) instead of keys',
      },
    ],
    fast: true,
    answered: true,
    commandLine: true,
  },
  {
    name: 'serve',
    description: "serve an AWS identity's credentials on loopback (the container-credentials endpoint the SDKs speak)",
    args: [{ name: 'name', required: true, description: 'an AWS identity' }],
    flags: [{ flag: 'port', value: 'port', description: 'the port (default: any free one)' }],
  },
  {
    name: 'shell',
    description: "start your $SHELL with the nodes' exports (AUTHUI_SHELL names them); its exit code is the shell's",
    args: [
      {
        name: 'names',
        required: false,
        variadic: true,
        description: 'nodes whose exports the shell gets (default: the default identity)',
      },
    ],
    flags: [],
    fast: true,
  },
  {
    name: 'prompt',
    description: "one short line for a shell prompt: the nodes' time left (session index only; never fails)",
    args: [
      {
        name: 'names',
        required: false,
        variadic: true,
        description: 'nodes to show (default: AUTHUI_SHELL, else AWS_PROFILE, else the default identity)',
      },
    ],
    flags: [],
    fast: true,
    answered: true,
  },
  {
    name: 'whoami',
    description: "ask STS who the identity's credentials belong to",
    args: [{ name: 'name', required: false, description: 'an AWS identity (default: the one marked default)' }],
    flags: [{ flag: 'json', description: 'print JSON' }],
  },
  {
    name: 'test',
    description: "the kind's connection test: exit 0 passes, 1 fails, 3 needs a login",
    args: [{ name: 'name', required: true, description: 'any provider or identity' }],
    flags: [
      { flag: 'json', description: 'print the outcome as JSON (also when it fails)' },
      {
        flag: 'send-to',
        value: 'address',
        description: 'SMTP accounts: also send a test message there (nothing is sent otherwise)',
      },
    ],
  },
  {
    name: 'console',
    description: 'sign in to the AWS console with the identity (federation sign-in link)',
    args: [{ name: 'name', required: true, description: 'an AWS identity' }],
    flags: [
      { flag: 'print', description: 'print the sign-in link instead of opening it' },
      { flag: 'region', value: 'region', description: "the console region (default: the identity's)" },
      { flag: 'destination', value: 'url', description: 'the console page to land on' },
    ],
  },
  {
    name: 'rotate',
    description:
      "replace a stored key: an aws/user's access keys (create, verify, store, delete the old), or an API key (enter the new one, checked before it replaces the old)",
    args: [{ name: 'name', required: true, description: 'an aws/user identity or an API-key provider' }],
    flags: [{ flag: 'dry-run', description: 'say what would happen; change nothing' }],
  },
  {
    name: 'import aws',
    description: 'map an AWS config file (~/.aws/config, read only) to authui YAML',
    args: [],
    flags: [
      { flag: 'from', value: 'path', description: 'the AWS config file (default $AWS_CONFIG_FILE or ~/.aws/config)' },
      {
        flag: 'credentials',
        value: 'path',
        description: 'the AWS credentials file (default $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)',
      },
      {
        flag: 'write',
        value: 'path',
        description: 'write the YAML there instead of stdout (not over an existing file)',
      },
      { flag: 'force', description: 'with --write: replace an existing file' },
      { flag: 'dry-run', description: 'print what would be written; write and store nothing' },
      {
        flag: 'keys',
        description: "with --write: copy static keys from the credentials file into authui's credential store",
      },
    ],
  },
  {
    name: 'git config',
    description: "make authui git's credential helper for https://HOST (in your global git config)",
    args: [
      {
        name: 'host',
        required: true,
        description: 'the host, as in the remote URL (github.com), or HOST/PATH for the repositories under PATH',
      },
      { name: 'name', required: true, description: 'the provider whose token git sends' },
    ],
    flags: [
      {
        flag: 'username',
        value: 'name',
        description: 'the user name git sends (default: x-access-token for GitHub, else oauth2)',
      },
      { flag: 'print', description: 'print the git commands instead of running them' },
    ],
  },
  {
    name: 'kube token',
    description: "kubectl's exec credential plugin: an ExecCredential with the node's EKS token or ID token",
    args: [{ name: 'name', required: true, description: 'an AWS identity (EKS) or an oidc provider' }],
    flags: [{ flag: 'cluster', value: 'name', description: 'the EKS cluster the token is for (AWS identities)' }],
    fast: true,
    answered: true,
  },
  {
    name: 'kube config',
    description: 'add or update the cluster, user and context in your kubeconfig that make kubectl use authui',
    args: [{ name: 'name', required: true, description: 'an AWS identity (EKS) or an oidc provider' }],
    flags: [
      { flag: 'cluster', value: 'name', description: 'the cluster (its EKS name for AWS identities)' },
      { flag: 'server', value: 'url', description: "the API server's https:// URL" },
      { flag: 'ca', value: 'file', description: "the cluster's CA certificate (PEM)" },
      {
        flag: 'kubeconfig',
        value: 'file',
        description: 'the file to write (default: $KUBECONFIG, else ~/.kube/config)',
      },
      { flag: 'context', value: 'name', description: 'the context name (default: NAME@CLUSTER)' },
    ],
  },
  {
    name: 'sso sync',
    description:
      "add an identity for every account and permission set the provider's user has (new, unchanged, gone, clashes)",
    args: [{ name: 'provider', required: true, description: 'an aws/iam-identity-center provider' }],
    flags: [
      { flag: 'dry-run', description: 'print the change to the configuration as a diff; write nothing' },
      { flag: 'write', description: 'add the new identities to the configuration (comments and order kept)' },
      {
        flag: 'name',
        value: 'template',
        default: '{account_name}/{role_name}',
        description: 'how new identities are named: {account_id}, {account_name}, {role_name}',
      },
    ],
  },
  {
    name: 'registry config',
    description: 'make docker, skopeo and podman ask authui for the registries in auth.integrations (credHelpers)',
    args: [],
    flags: [{ flag: 'write', description: "write them into docker's config.json instead of printing them" }],
  },
  {
    name: 'docker-credential',
    description: "docker's credential helper protocol (what docker-credential-authui runs)",
    args: [
      {
        name: 'operation',
        required: true,
        choices: ['get', 'list', 'store', 'erase'],
        description: 'what docker asks',
      },
    ],
    flags: [],
    fast: true,
    hidden: true,
  },
  {
    name: 'git-credential',
    description: "git's credential helper protocol (get; store and erase change nothing)",
    args: [
      { name: 'name', required: true, description: 'the provider whose token git sends' },
      { name: 'host', required: true, description: 'the only host it answers for' },
      { name: 'operation', required: true, choices: ['get', 'store', 'erase'], description: 'what git asks' },
    ],
    flags: [
      { flag: 'username', value: 'name', description: 'the user name git sends' },
      { flag: 'path', value: 'path', description: 'answer only for repositories under this path' },
    ],
    fast: true,
    hidden: true,
  },
  {
    name: 'doctor',
    description:
      'check the setup a bug report needs: runtime, config and trust, store, session cache, broker, clock, AWS files',
    args: [],
    flags: [{ flag: 'json', description: 'the checks as JSON' }],
  },
  {
    name: 'completion',
    description: 'print a shell completion script (commands, flags, and the names in your config)',
    args: [{ name: 'shell', required: true, choices: ['bash', 'zsh', 'fish'], description: 'bash, zsh or fish' }],
    flags: [],
  },
  {
    name: '__complete',
    description: 'the names of the configuration, one per line (for the completion scripts)',
    args: [{ name: 'what', required: true, choices: ['names'], description: 'names' }],
    flags: [],
    fast: true,
    hidden: true,
  },
  {
    name: 'demo',
    description: 'open the dashboard on a sample setup in a throwaway directory (no account needed)',
    args: [],
    flags: [
      { flag: 'identities', value: 'n', description: 'add N synthetic identities (load testing)' },
      { flag: 'dir', value: 'path', description: 'use and keep this directory instead of a temp dir' },
    ],
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]['name'];
export type FastCommandName = Extract<(typeof COMMANDS)[number], { fast: true }>['name'];

/** What a command line asks for, whichever parser read it. */
export interface Invocation {
  command: CommandName;
  /** `--config PATH`. */
  config?: string;
  /**
   * Each argument and flag by key: a boolean flag is true or false, a value flag its value (or
   * its default, else undefined), an argument its word (a variadic one its words); the command
   * line after `--` is `commandLine`.
   */
  options: Record<string, string | boolean | string[] | undefined>;
}
