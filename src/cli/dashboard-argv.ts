/**
 * The command lines that open the dashboard: `authui` and `authui --config PATH`. The binary
 * (src/bin.ts) sends them to the dashboard's own bundle (src/dashboard-main.ts), which has no
 * argument parser. Undefined: not the dashboard.
 */
export function dashboardArgv(argv: readonly string[]): { config?: string } | undefined {
  if (argv.length === 0) return {};
  const [flag, path] = argv;
  if (argv.length === 2 && flag === '--config' && path !== undefined && !path.startsWith('-')) return { config: path };
  return undefined;
}
