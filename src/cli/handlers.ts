// What runs each command of the table (cli/commands.ts): the hot paths' handlers and the rest.
// The type makes a command without a handler, or a handler without a command, a compile error.
import { AuthError } from '../auth/errors.js';
import type { CommandName } from './commands.js';
import type { Shell } from './completion.js';
import { FAST_HANDLERS, given, word, type Handler } from './fast-handlers.js';

export const HANDLERS = {
  ...FAST_HANDLERS,
  validate: async (o, deps) => (await import('./validate.js')).runValidate({ json: given(o, 'json') }, deps),
  trust: async (o, deps) => (await import('./trust.js')).runTrust({ path: word(o, 'path') }, deps),
  login: async (o, deps) =>
    (await import('./login.js')).runLogin(
      { name: word(o, 'name'), noVerify: given(o, 'noVerify'), open: given(o, 'open') },
      deps,
    ),
  logout: async (o, deps) =>
    (await import('./logout.js')).runLogout(
      {
        name: word(o, 'name'),
        provider: word(o, 'provider'),
        all: given(o, 'all'),
        yes: given(o, 'yes') || given(o, 'confirm'),
        keepProvider: given(o, 'keepProvider'),
        dryRun: given(o, 'dryRun'),
        json: given(o, 'json'),
        strict: given(o, 'strict'),
      },
      deps,
    ),
  'cleanup-expired': async (o, deps) =>
    (await import('./logout.js')).runCleanupExpired(
      { dryRun: given(o, 'dryRun'), json: given(o, 'json'), strict: given(o, 'strict') },
      deps,
    ),
  whoami: async (o, deps) =>
    (await import('./whoami.js')).runWhoami({ name: word(o, 'name'), json: given(o, 'json') }, deps),
  test: async (o, deps) =>
    (await import('./connection-test.js')).runConnectionTest(
      { name: word(o, 'name') as string, json: given(o, 'json'), sendTo: word(o, 'sendTo') },
      deps,
    ),
  console: async (o, deps) =>
    (await import('./console.js')).runConsole(
      {
        name: word(o, 'name') as string,
        print: given(o, 'print'),
        region: word(o, 'region'),
        destination: word(o, 'destination'),
      },
      deps,
    ),
  rotate: async (o, deps) =>
    (await import('./rotate.js')).runRotate({ name: word(o, 'name') as string, dryRun: given(o, 'dryRun') }, deps),
  'import aws': async (o, deps) =>
    (await import('./import-aws.js')).runImportAws(
      {
        from: word(o, 'from'),
        credentials: word(o, 'credentials'),
        write: word(o, 'write'),
        force: given(o, 'force'),
        dryRun: given(o, 'dryRun'),
        keys: given(o, 'keys'),
      },
      deps,
    ),
  serve: async (o, deps) => {
    const port = word(o, 'port');
    if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535))
      throw new AuthError('usage', `--port takes a port number (0–65535), not ${JSON.stringify(port)}`, {
        hint: 'authui serve NAME --port 9911',
      });
    return (await import('./serve.js')).runServe(
      { name: word(o, 'name') as string, port: port === undefined ? undefined : Number(port) },
      deps,
    );
  },
  'git config': async (o, deps) =>
    (await import('./git-config.js')).runGitConfig(
      {
        host: word(o, 'host') as string,
        name: word(o, 'name') as string,
        username: word(o, 'username'),
        print: given(o, 'print'),
      },
      deps,
    ),
  'kube config': async (o, deps) => {
    const required = (flag: string) => {
      const value = word(o, flag);
      if (value === undefined)
        throw new AuthError('usage', `kube config needs --${flag}`, {
          hint: 'authui kube config NAME --cluster CLUSTER --server https://HOST [--ca FILE]',
        });
      return value;
    };
    return (await import('./kube-config.js')).runKubeConfig(
      {
        name: word(o, 'name') as string,
        cluster: required('cluster'),
        server: required('server'),
        ca: word(o, 'ca'),
        kubeconfig: word(o, 'kubeconfig'),
        context: word(o, 'context'),
      },
      deps,
    );
  },
  'sso sync': async (o, deps) =>
    (await import('./sso-sync.js')).runSsoSync(
      {
        provider: word(o, 'provider') as string,
        dryRun: given(o, 'dryRun'),
        write: given(o, 'write'),
        name: word(o, 'name') as string,
      },
      deps,
    ),
  'registry config': async (o, deps) =>
    (await import('./registry-config.js')).runRegistryConfig({ write: given(o, 'write') }, deps),
  doctor: async (o, deps) => (await import('./doctor.js')).runDoctor({ json: given(o, 'json') }, deps),
  completion: async (o, deps) =>
    (await import('./completion.js')).runCompletion({ shell: word(o, 'shell') as Shell }, deps),
  demo: async (o, deps) => {
    const identities = word(o, 'identities');
    if (identities !== undefined && !/^\d+$/.test(identities))
      throw new AuthError('usage', `--identities takes a number, not ${JSON.stringify(identities)}`, {
        hint: 'authui demo --identities 5000',
      });
    return (await import('./demo.js')).runDemo(
      { identities: identities === undefined ? undefined : Number(identities), dir: word(o, 'dir') },
      deps,
    );
  },
} satisfies Record<CommandName, Handler>;
