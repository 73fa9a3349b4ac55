/**
 * The command lines that open the dashboard: `authui` and `authui --config PATH`. The binary
 * (src/bin.ts) and the ESM entry (src/main.ts) both route on it, skipping what the dashboard
 * does not need (the hot paths' bundle, the argument parser). Undefined: not the dashboard.
 */
export function dashboardArgv(argv: readonly string[]): { config?: string } | undefined {
  if (argv.length === 0) return {};
  const [flag, path] = argv;
  if (argv.length === 2 && flag === '--config' && path !== undefined && !path.startsWith('-')) return { config: path };
  return undefined;
}
