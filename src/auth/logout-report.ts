// The logout report as text and as JSON (README "Logout report"): one format for the CLI, the
// dashboard's result panel, real runs and --dry-run. Never holds a secret: items are names.
import type { LogoutReport, LogoutScope } from './logout.js';

const BROWSER_NOTE =
  'Note: this removed local credentials only. Your identity provider may still have a browser session (e.g. the AWS access portal or your SSO login page); sign out there to end it.';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a logout that finds nothing stored says: "Identity 'dev' is already logged out." */
export function alreadyLoggedOut(scopes: readonly LogoutScope[]): string {
  const only = scopes.length === 1 ? scopes[0] : undefined;
  if (only?.kind === 'identity' || only?.kind === 'provider') {
    return `${only.kind === 'provider' ? 'Provider' : 'Identity'} '${only.name}' is already logged out.\nNo credentials found in keyring or file storage.`;
  }
  return 'Nothing is stored; already logged out.\nNo credentials found in keyring or file storage.';
}

/** The report as lines: chain(s), one ✓/✗ line per item, the summary, errors, the note. */
export function reportLines(report: LogoutReport): string[] {
  const { plan } = report;
  const cleanup = plan.scopes.some((s) => s.kind === 'expired');
  if (report.items.length === 0 && !report.dryRun && !cleanup) return [alreadyLoggedOut(plan.scopes)];
  const lines: string[] = report.dryRun ? ['Dry run: nothing was changed. This would be removed:'] : [];
  for (const chain of plan.chains) lines.push(`✓ Chain: ${chain.join(' → ')}`);
  for (const item of report.items) {
    lines.push(
      item.status === 'failed'
        ? `✗ ${item.label} (${item.reason})`
        : item.status === 'skipped'
          ? `– ${item.label}: not possible — ${item.reason}`
          : `✓ ${item.label}${item.status === 'absent' ? ' (already gone)' : ''}${item.note ? ` — ${item.note}` : ''}`,
    );
  }
  if (report.dryRun) return lines;
  const total = report.items.length;
  lines.push('');
  if (report.failed > 0) {
    lines.push(
      `${cleanup ? 'Cleaned up' : 'Logged out'} with warnings (${total - report.failed}/${total} successful)`,
      'Errors encountered:',
    );
    for (const item of report.items.filter((i) => i.status === 'failed'))
      lines.push(`  • ${item.label}: ${item.reason}`);
  } else if (cleanup) {
    lines.push(`Removed ${plural(plan.nodes.length, 'expired session', 'expired sessions')}; long-term keys were kept`);
  } else {
    // Providers count too: logging out of one that no identity comes via is not "0 identities".
    const identities = plan.nodes.filter((id) => id.startsWith('identity:')).length;
    const providers = plan.nodes.length - identities;
    lines.push(
      `Logged out from ${[
        identities || !providers ? plural(identities, 'identity', 'identities') : '',
        providers ? plural(providers, 'provider', 'providers') : '',
      ]
        .filter(Boolean)
        .join(' and ')}`,
    );
  }
  if (!cleanup) lines.push('', BROWSER_NOTE);
  return lines;
}

export function renderReport(report: LogoutReport): string {
  return `${reportLines(report).join('\n')}\n`;
}

export function reportJson(report: LogoutReport): Record<string, unknown> {
  return {
    schemaVersion: 1,
    dryRun: report.dryRun,
    scopes: report.plan.scopes,
    chains: report.plan.chains,
    nodes: report.plan.nodes,
    items: report.items.map((i) => ({
      target: i.target,
      kind: i.kind,
      ref: i.ref,
      label: i.label,
      status: report.dryRun ? 'planned' : i.status,
      reason: i.reason ?? null,
      note: i.note ?? null,
    })),
    counts: { items: report.items.length, removed: report.removed, failed: report.failed },
  };
}
