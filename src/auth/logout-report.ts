// The logout report as text and as JSON (README "Logout report"): one format for the CLI, the
// dashboard's result panel, real runs and --dry-run. Never holds a secret: items are names.
import type { ItemOutcome, LogoutReport, LogoutScope } from './logout.js';
import { visible } from './visible.js';

/** The logout PRD's browser-session warning, shown after every logout (not after a cleanup). */
const BROWSER_SESSION = [
  '⚠ Important: this command only removes locally stored credentials.',
  '',
  '  Your browser session with the identity provider (the AWS access portal, your SSO or OIDC',
  '  login page) may still be active. To end it completely:',
  '',
  "  1. Visit your identity provider's website",
  '  2. Sign out from the browser session',
  '  3. Close all browser windows',
  '',
  '  Local credentials have been removed.',
];

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

/** What the report says it is doing: "Logging out from identity: dev". */
function heading(scopes: readonly LogoutScope[]): string {
  const only = scopes.length === 1 ? scopes[0] : undefined;
  if (only?.kind === 'identity' || only?.kind === 'provider') return `Logging out from ${only.kind}: ${only.name}`;
  if (only?.kind === 'expired') return 'Cleaning up expired sessions';
  if (only?.kind === 'all') return 'Logging out from everything authui stored';
  const names = scopes.flatMap((s) => ('name' in s ? [s.name] : []));
  return `Logging out from ${names.join(', ')}`;
}

/** One removal's line; its label, reason and note name paths and quote a peer's or the system's errors. */
function itemLine(item: ItemOutcome, via: boolean): string {
  const where = via && item.via ? ` (via ${item.via})` : '';
  const label = visible(item.label);
  const reason = visible(item.reason ?? '');
  if (item.status === 'failed') return `  ✗ ${label}${where} (${reason})`;
  if (item.status === 'skipped') return `  – ${label}${where}: not possible — ${reason}`;
  return `  ✓ ${label}${where}${item.status === 'absent' ? ' (already gone)' : ''}${item.note ? ` — ${visible(item.note)}` : ''}`;
}

/**
 * The report as lines, in the order the logout PRD shows a logout going: what it logs out from,
 * the chain it built, each removal (✓/✗, "(via P)" under a provider), the summary, the errors,
 * and the browser-session warning.
 */
export function reportLines(report: LogoutReport): string[] {
  const { plan } = report;
  const cleanup = plan.scopes.some((s) => s.kind === 'expired');
  if (report.items.length === 0 && !report.dryRun && !cleanup) return [alreadyLoggedOut(plan.scopes)];
  const provider = plan.scopes.some((s) => s.kind === 'provider');
  const lines: string[] = [heading(plan.scopes), ''];
  if (report.dryRun) lines.push('Dry run: nothing was changed.', '');
  if (plan.chains.length > 0) {
    lines.push('Building authentication chain...');
    for (const chain of plan.chains) lines.push(`  ✓ Chain: ${chain.join(' → ')}`);
    lines.push('');
  }
  lines.push(
    report.dryRun
      ? 'This would be removed:'
      : provider
        ? 'Removing all credentials for provider...'
        : 'Removing credentials...',
  );
  for (const item of report.items) lines.push(itemLine(item, provider));
  if (report.dryRun) return lines;
  const total = report.items.length;
  lines.push('');
  if (report.failed > 0) {
    lines.push(
      `${cleanup ? 'Cleaned up' : 'Logged out'} with warnings (${total - report.failed}/${total} successful)`,
      '',
      'Errors encountered:',
    );
    for (const item of report.items.filter((i) => i.status === 'failed'))
      lines.push(`  • ${visible(item.label)}: ${visible(item.reason ?? '')}`);
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
  if (!cleanup) lines.push('', ...BROWSER_SESSION);
  return lines;
}

/** ANSI styles for a terminal, as the dashboard's theme draws the same marks. */
const STYLE = {
  bold: (t: string) => `\x1b[1m${t}\x1b[22m`,
  green: (t: string) => `\x1b[32m${t}\x1b[39m`,
  red: (t: string) => `\x1b[31m${t}\x1b[39m`,
  yellow: (t: string) => `\x1b[33m${t}\x1b[39m`,
  dim: (t: string) => `\x1b[2m${t}\x1b[22m`,
};

/** One line styled by what it is: a heading bold, each mark in the dashboard's colour for it. */
function styled(line: string): string {
  if (
    /^(Logging out|Cleaning up|Building|Removing|This would|Dry run|Errors encountered|Logged out|Cleaned up|Removed)/.test(
      line,
    )
  )
    return STYLE.bold(line);
  const mark = /^(\s*)([✓✗–⚠•])(.*)$/.exec(line);
  if (!mark) return line;
  const [, indent, sign, rest] = mark as unknown as [string, string, string, string];
  const paint =
    { '✓': STYLE.green, '✗': STYLE.red, '–': STYLE.dim, '⚠': STYLE.yellow, '•': STYLE.red }[sign] ?? ((t: string) => t);
  return `${indent}${paint(sign)}${sign === '⚠' ? STYLE.bold(rest) : rest}`;
}

/** The report as text; `color` for a terminal that takes it (NO_COLOR unset). */
export function renderReport(report: LogoutReport, opts: { color?: boolean } = {}): string {
  const lines = reportLines(report);
  return `${(opts.color ? lines.map(styled) : lines).join('\n')}\n`;
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
      via: i.via ?? null,
    })),
    counts: { items: report.items.length, removed: report.removed, failed: report.failed },
  };
}
