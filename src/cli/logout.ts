// `authui logout`: precise, previewable, best effort (issue 6). The report format is the same
// for a real run and --dry-run.
import { AuthError, isAuthError } from '../auth/errors.js';
import type { LogoutReport, LogoutScope } from '../auth/logout.js';
import { alreadyLoggedOut, renderReport, reportJson } from '../auth/logout-report.js';
import { printWarnings, type CommandDeps } from '../app/app.js';
import { canPrompt, colorAllowed, type IO } from '../app/io.js';
import { confirmOnTty } from '../tui/confirm.js';
import { jsonDocument } from '../auth/visible.js';

export interface LogoutOptions {
  name?: string;
  provider?: string;
  all: boolean;
  yes: boolean;
  keepProvider: boolean;
  dryRun: boolean;
  json: boolean;
  /** Exit 4 when some removals failed (the default follows the PRD: any success is exit 0). */
  strict?: boolean;
}

const USAGE_HINT =
  'authui logout NAME | authui logout --provider NAME | authui logout --all [--yes]. Add --dry-run to preview. In a terminal, "authui logout" alone lets you choose.';

function scopeOf(opts: LogoutOptions): LogoutScope | undefined {
  const given = [opts.name !== undefined, opts.provider !== undefined, opts.all].filter(Boolean).length;
  if (given > 1) throw new AuthError('usage', 'Give only one of NAME, --provider and --all', { hint: USAGE_HINT });
  if (opts.all) return { kind: 'all' };
  if (opts.provider !== undefined) return { kind: 'provider', name: opts.provider };
  return opts.name !== undefined ? { kind: 'identity', name: opts.name } : undefined;
}

function print(io: IO, report: LogoutReport, json: boolean): void {
  if (json) io.stdout.write(jsonDocument(reportJson(report)));
  // Styled like the dashboard on a terminal; plain for pipes, files and NO_COLOR.
  else io.stdout.write(renderReport(report, { color: io.stdout.isTTY === true && colorAllowed(io.env) }));
}

/**
 * 0 when something was cleaned up or nothing needed it, 1 when every removal failed ("partial
 * success is still success": the logout PRD, FR-006 and Q4; the failures are listed either way);
 * with `strict`, 4 when some removals failed, for scripts that must know.
 */
function exitCodeOf(report: LogoutReport, strict = false): number {
  if (report.failed === 0) return 0;
  if (report.failed === report.items.length) return 1;
  return strict ? 4 : 0;
}

export async function runLogout(opts: LogoutOptions, { io, app }: CommandDeps): Promise<number> {
  let scopes: LogoutScope[];
  let dryRun = opts.dryRun;
  const given = scopeOf(opts);
  if (!given && (opts.json || !canPrompt(io)))
    throw new AuthError('usage', 'Say what to log out from', { hint: USAGE_HINT });
  const workspace = await app.workspace();
  printWarnings(io, workspace.warnings);
  if (given) scopes = [given];
  else {
    // Choosing in the selection is the confirmation, also for "All identities".
    const { chooseLogoutTargets } = await import('../tui/logout-select.js');
    const choice = await chooseLogoutTargets(io, workspace.engine, { dryRun, keepProvider: opts.keepProvider });
    if ('cancelled' in choice) {
      io.stderr.write('Cancelled; nothing was removed.\n');
      return choice.interrupted ? 130 : 0;
    }
    scopes = choice.scopes;
    dryRun = choice.dryRun;
  }
  const plan = await workspace.engine
    .planLogout(scopes, { keepProvider: opts.keepProvider })
    .catch((error: unknown) => {
      // A name that is not there: in a terminal, choosing from the list is the other way.
      if (isAuthError(error) && error.code === 'unknown_target' && error.message.startsWith('No provider or identity'))
        throw new AuthError(error.code, error.message, {
          explanation: error.explanation,
          hint: 'Run "authui logout" without a name in a terminal to choose from the list.',
        });
      throw error;
    });
  if (plan.items.length === 0) {
    const empty: LogoutReport = { plan, dryRun, items: [], removed: 0, failed: 0 };
    io.stdout.write(opts.json ? jsonDocument(reportJson(empty)) : `${alreadyLoggedOut(scopes)}\n`);
    return 0;
  }
  if (given?.kind === 'all' && !dryRun && !opts.yes) {
    if (!canPrompt(io))
      throw new AuthError('usage', 'logout --all needs confirmation', {
        hint: 'Add --yes to confirm without a terminal, or --dry-run to preview.',
      });
    const sure = await confirmOnTty(io, `Remove all ${plan.items.length} items authui stored?`);
    if (!sure) {
      io.stderr.write('Cancelled; nothing was removed.\n');
      return 0;
    }
  }
  const report = await workspace.engine.logout(plan, { dryRun });
  print(io, report, opts.json);
  return exitCodeOf(report, opts.strict);
}

export interface CleanupOptions {
  dryRun: boolean;
  json: boolean;
  strict?: boolean;
}

/** `authui cleanup-expired`: expired sessions go, long-term keys and live sessions stay. */
export async function runCleanupExpired(opts: CleanupOptions, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  printWarnings(io, workspace.warnings);
  const plan = await workspace.engine.planCleanupExpired();
  if (plan.nodes.length === 0 && plan.items.length === 0) {
    const empty: LogoutReport = { plan, dryRun: opts.dryRun, items: [], removed: 0, failed: 0 };
    io.stdout.write(opts.json ? jsonDocument(reportJson(empty)) : 'No expired sessions; nothing to clean up.\n');
    return 0;
  }
  const report = await workspace.engine.logout(plan, { dryRun: opts.dryRun });
  print(io, report, opts.json);
  return exitCodeOf(report, opts.strict);
}
