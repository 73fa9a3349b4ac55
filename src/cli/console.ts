// `authui console NAME [--print] [--region R] [--destination URL]`: an AWS console sign-in URL
// for the identity (src/auth/kinds/aws/console.ts). Opened in the system browser where there is
// a display, printed otherwise or with --print. The URL signs whoever holds it in: it goes to
// stdout (or the opener) only, never to stderr, logs or the audit trail.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { openInBrowser } from '../app/open-url.js';
import { hasDisplay } from '../auth/display.js';

export interface ConsoleOptions {
  name: string;
  print: boolean;
  region?: string;
  destination?: string;
}

export async function runConsole(opts: ConsoleOptions, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  const url = await workspace.engine.mint(opts.name, 'console sign-in link', {
    region: opts.region,
    destination: opts.destination,
  });
  printWarnings(io, workspace.warnings);
  if (opts.print || !hasDisplay(io.env)) {
    io.stdout.write(`${url}\n`);
    return 0;
  }
  openInBrowser(url, io.env);
  io.stderr.write(`Opened the AWS console for ${opts.name} in your browser (--print prints the link instead).\n`);
  return 0;
}
