// `authui logout`: precise, previewable, best effort (issue 6). The report format is the same
// for a real run and --dry-run.
import { AuthError } from '../auth/errors.js';
import type { LogoutPlan, LogoutReport } from '../auth/logout.js';
import { openApp, printWarnings, type GlobalOptions } from './app.js';
import type { IO } from './io.js';
import { ttyPrompter } from './prompter.js';

export interface LogoutOptions extends GlobalOptions {
  name?: string;
  provider?: string;
  all: boolean;
  yes: boolean;
  keepProvider: boolean;
  dryRun: boolean;
  json: boolean;
}

export const BROWSER_NOTE =
  'Note: this removed local credentials only. Your identity provider may still have a browser session (e.g. the AWS access portal or your SSO login page); sign out there to end it.';

function scopeOf(opts: LogoutOptions): LogoutPlan['scope'] {
  const given = [opts.name !== undefined, opts.provider !== undefined, opts.all].filter(Boolean).length;
  if (given !== 1) {
    throw new AuthError('usage', given === 0 ? 'Say what to log out from' : 'Give only one of NAME, --provider and --all', {
      hint: 'authui logout NAME | authui logout --provider NAME | authui logout --all [--yes]. Add --dry-run to preview.',
    });
  }
  if (opts.all) return { kind: 'all' };
  return opts.provider !== undefined ? { kind: 'provider', name: opts.provider } : { kind: 'identity', name: opts.name };
}

function chainLine(plan: LogoutPlan): string {
  const names = plan.nodes.map((id) => id.slice(id.indexOf(':') + 1));
  return plan.scope.kind === 'identity' ? `✓ Chain: ${names.join(' → ')}\n` : '';
}

export function renderReport(report: LogoutReport): string {
  const { plan } = report;
  let out = report.dryRun ? 'Dry run: nothing was changed. This would be removed:\n' : '';
  out += chainLine(plan);
  for (const item of report.items) {
    out += item.status === 'failed' ? `✗ ${item.label} (${item.reason})\n` : `✓ ${item.label}${item.status === 'absent' ? ' (already gone)' : ''}\n`;
  }
  const identities = plan.nodes.filter((id) => id.startsWith('identity:')).length;
  const total = report.items.length;
  if (report.dryRun) return out;
  if (report.failed === 0) out += `\nLogged out from ${identities} identit${identities === 1 ? 'y' : 'ies'}\n`;
  else {
    out += `\nLogged out with warnings (${total - report.failed}/${total} successful)\nErrors encountered:\n`;
    for (const item of report.items.filter((i) => i.status === 'failed')) out += `  • ${item.label}: ${item.reason}\n`;
  }
  return `${out}\n${BROWSER_NOTE}\n`;
}

export function reportJson(report: LogoutReport): Record<string, unknown> {
  return {
    schemaVersion: 1,
    dryRun: report.dryRun,
    scope: report.plan.scope,
    nodes: report.plan.nodes,
    items: report.items.map((i) => ({ target: i.target, kind: i.kind, ref: i.ref, label: i.label, status: report.dryRun ? 'planned' : i.status, reason: i.reason ?? null })),
    counts: { items: report.items.length, removed: report.removed, failed: report.failed },
  };
}

export async function runLogout(io: IO, opts: LogoutOptions): Promise<number> {
  const scope = scopeOf(opts);
  const app = await openApp(io, opts);
  printWarnings(io, app.warnings);
  const plan = await app.engine.planLogout(scope, { keepProvider: opts.keepProvider });
  if (plan.items.length === 0) {
    const what = scope.kind === 'all' ? 'Nothing' : `${scope.kind === 'provider' ? 'Provider' : 'Identity'} '${scope.name}'`;
    const text = scope.kind === 'all' ? 'Nothing is stored; already logged out.' : `${what} is already logged out.`;
    const empty: LogoutReport = { plan, dryRun: opts.dryRun, items: [], removed: 0, failed: 0 };
    io.stdout.write(opts.json ? `${JSON.stringify(reportJson(empty), null, 2)}\n` : `${text}\n`);
    return 0;
  }
  if (scope.kind === 'all' && !opts.dryRun && !opts.yes) {
    if (!(io.stdin.isTTY && io.stderr.isTTY)) throw new AuthError('usage', 'logout --all needs confirmation', { hint: 'Add --yes to confirm without a terminal, or --dry-run to preview.' });
    const sure = await ttyPrompter(io).confirm(`Remove all ${plan.items.length} items authui stored?`);
    if (!sure) {
      io.stderr.write('Cancelled; nothing was removed.\n');
      return 0;
    }
  }
  const report = await app.engine.logout(plan, { dryRun: opts.dryRun });
  io.stdout.write(opts.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : renderReport(report));
  return report.failed > 0 && report.failed === report.items.length ? 1 : 0;
}
