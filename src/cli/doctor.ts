// `authui doctor [--json]`: what a bug report needs to know about the setup, each check ✓ (fine),
// ! (works, but worth knowing) or ✗ (broken) with what fixes it: the runtime, the configuration
// and its trust, the credential backend, whether it answers and who else can read it, the session
// cache, the prompt broker, the clock against STS when AWS identities are configured, and the AWS
// files' modes.
// Exit 1 when any check fails. Never a secret: it reads no stored value.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandDeps, Workspace } from '../app/app.js';
import { isAuthError } from '../auth/errors.js';
import { awsFilesBase } from '../auth/kinds/aws/files.js';
import { DEFAULT_REGION, stsUrl } from '../auth/kinds/aws/sts.js';
import { systemClock } from '../auth/clock.js';
import type { AuthuiPaths } from '../auth/paths.js';
import { SessionCache, sessionCacheEnabled } from '../auth/session-cache.js';
import { jsonDocument, visible } from '../auth/visible.js';
import { fetch } from '../auth/fetch.js';

export interface DoctorOptions {
  json: boolean;
}

type Mark = 'ok' | 'warn' | 'fail';

interface Check {
  name: string;
  mark: Mark;
  detail: string;
  fix?: string;
}

const nodes = (n: number) => `${n} node${n === 1 ? '' : 's'}`;

const SYMBOL: Record<Mark, string> = { ok: '✓', warn: '!', fail: '✗' };

function runtime(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20)
    return { name: 'runtime', mark: 'fail', detail: `node ${process.version}`, fix: 'Install Node 22 or 24.' };
  return {
    name: 'runtime',
    mark: major === 20 ? 'warn' : 'ok',
    detail: `node ${process.version} (${process.platform} ${process.arch})`,
    ...(major === 20 ? { fix: 'Node 20 is past its end of life; authui is tested on 22 and 24 as well.' } : {}),
  };
}

/** Modes other users could read or write (Windows reports none: its ACLs protect the files). */
function tooOpen(path: string, dir: boolean): string | undefined {
  if (process.platform === 'win32') return undefined;
  const mode = lstatSync(path).mode & 0o777;
  const want = dir ? 0o700 : 0o600;
  return mode & 0o077
    ? `${path} is ${mode.toString(8).padStart(4, '0')}, not ${want.toString(8).padStart(4, '0')}`
    : undefined;
}

function awsFiles(workspace: Workspace, env: CommandDeps['io']['env']): Check | undefined {
  let base: string;
  try {
    base = awsFilesBase(workspace.engine.config, env);
  } catch (error) {
    return { name: 'AWS files', mark: 'fail', detail: error instanceof Error ? error.message : String(error) };
  }
  let problems: string[];
  try {
    problems = [tooOpen(base, true) ?? ''];
    for (const root of readdirSync(base)) {
      const dir = join(base, root);
      if (!lstatSync(dir).isDirectory()) continue;
      problems.push(tooOpen(dir, true) ?? '');
      for (const file of readdirSync(dir)) problems.push(tooOpen(join(dir, file), false) ?? '');
    }
  } catch {
    return { name: 'AWS files', mark: 'ok', detail: `${base} (none written yet)` };
  }
  problems = problems.filter(Boolean);
  return problems.length
    ? { name: 'AWS files', mark: 'fail', detail: problems.join('; '), fix: `chmod -R go-rwx ${base}` }
    : { name: 'AWS files', mark: 'ok', detail: `${base} (directories 0700, files 0600)` };
}

/** How the session cache seals its files here: with pads where it has a place for them of ours. */
function sessionCacheCheck(paths: AuthuiPaths, enabled: boolean): Check {
  const name = 'session cache';
  if (!enabled) return { name, mark: 'ok', detail: 'off (tools read the credential store on every call)' };
  let warning: string | undefined;
  const cache = new SessionCache({
    dir: paths.sessionCache,
    padDir: paths.sessionCachePads,
    enabled,
    clock: systemClock,
    onWarning: (message) => (warning = message),
  });
  const pads = cache.padsAt();
  if (pads) return { name, mark: 'ok', detail: `one-time pads in ${pads}` };
  const aes = 'AES-256-GCM under a machine key: a few ms more per tool call';
  return warning
    ? {
        name,
        mark: 'warn',
        detail: `${aes}. ${warning}`,
        fix: `chmod 700 ${paths.sessionCachePads} if it is yours; another user's has to be removed by them or root.`,
      }
    : {
        name,
        mark: 'ok',
        detail: `${aes} (${paths.sessionCachePads ? `${paths.sessionCachePads} cannot be made` : 'no place for one-time pads here'})`,
      };
}

async function clock(env: CommandDeps['io']['env']): Promise<Check> {
  // Where AWS logins go (the override, or AWS's own with its FIPS and dual-stack settings).
  const endpoint = stsUrl(DEFAULT_REGION, env);
  try {
    const started = Date.now();
    const answer = await fetch(endpoint, { signal: AbortSignal.timeout(3000) });
    const date = Date.parse(answer.headers.get('date') ?? '');
    if (Number.isNaN(date)) return { name: 'clock', mark: 'warn', detail: `${endpoint} sent no Date header` };
    const skew = Math.round((date - (started + Date.now()) / 2) / 1000);
    const detail = `${Math.abs(skew)} s ${skew >= 0 ? 'behind' : 'ahead of'} STS (${endpoint})`;
    if (Math.abs(skew) > 15 * 60)
      return {
        name: 'clock',
        mark: 'fail',
        detail,
        fix: 'AWS refuses requests signed more than 15 minutes off: set the clock (timedatectl set-ntp true).',
      };
    if (Math.abs(skew) > 60)
      return {
        name: 'clock',
        mark: 'warn',
        detail,
        fix: 'authui corrects for it; tokens with short lives may still be cut short.',
      };
    return { name: 'clock', mark: 'ok', detail };
  } catch (error) {
    return {
      name: 'clock',
      mark: 'warn',
      detail: `could not reach ${endpoint} (${error instanceof Error ? error.message : String(error)})`,
      fix: 'Offline, or behind a proxy: the check needs STS to answer.',
    };
  }
}

export async function runDoctor(opts: DoctorOptions, { io, app }: CommandDeps): Promise<number> {
  const checks: Check[] = [runtime()];
  let workspace: Workspace | undefined;
  try {
    workspace = await app.workspace();
  } catch (error) {
    checks.push({
      name: 'config',
      mark: 'fail',
      detail: error instanceof Error ? error.message : String(error),
      fix: isAuthError(error) ? error.hint : undefined,
    });
  }
  if (workspace) {
    const { engine, store, requested, fallbackReason } = workspace;
    const source = engine.config.source;
    checks.push(
      source.trusted
        ? { name: 'config', mark: 'ok', detail: `${source.path} (${source.origin}, ${nodes(engine.list().length)})` }
        : {
            name: 'config',
            mark: 'fail',
            detail: `${source.path} is a project configuration you have not trusted`,
            fix: `Read it, then run "authui trust" in ${io.cwd}.`,
          },
    );
    const answers = await store.list().then(
      (names) => `${names.length} entries`,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    checks.push(
      answers instanceof Error
        ? {
            name: 'store',
            mark: 'fail',
            detail: `${store.backend} · ${store.location}: ${answers.message}`,
            fix: isAuthError(answers) ? answers.hint : undefined,
          }
        : {
            name: 'store',
            mark: fallbackReason ? 'warn' : 'ok',
            detail: `${store.backend} · ${store.location} (answers: ${answers})`,
            ...(fallbackReason ? { fix: `asked for ${requested}: ${fallbackReason}` } : {}),
          },
    );
    checks.push({ name: 'store readers', mark: 'ok', detail: store.readers });
    checks.push(sessionCacheCheck(app.paths, sessionCacheEnabled(engine.config, io.env)));
    const { reachableBroker } = await import('../app/broker-client.js');
    const broker = await reachableBroker(app.paths.brokerSocket);
    checks.push({
      name: 'broker',
      mark: 'ok',
      detail: broker
        ? `a dashboard answers at ${broker}: tools without a terminal ask there`
        : `no dashboard running (${app.paths.brokerSocket}); tools without a terminal say what to run`,
    });
    if (engine.list().some((n) => engine.provides(n.name).includes('aws'))) {
      checks.push(await clock(io.env));
      const files = awsFiles(workspace, io.env);
      if (files) checks.push(files);
    }
  }
  const failed = checks.some((c) => c.mark === 'fail');
  if (opts.json) {
    io.stdout.write(jsonDocument({ ok: !failed, checks }));
    return failed ? 1 : 0;
  }
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    io.stdout.write(visible(`${SYMBOL[c.mark]} ${c.name.padEnd(width)}  ${c.detail}`) + '\n');
    if (c.fix) io.stdout.write(visible(`  ${' '.repeat(width)}  → ${c.fix}`) + '\n');
  }
  return failed ? 1 : 0;
}
