// `authui rotate NAME [--dry-run]`: the kind's rotation: new IAM access keys for an aws/user
// (src/auth/kinds/aws/user/rotate.ts), or an API key the user makes at the vendor and enters here
// (src/auth/kinds/api-key/key-kind.ts). Exit 0 rotated, 1 nothing changed (failed), 4 the new key
// is stored but the old one could not be deleted.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { canPrompt } from '../app/io.js';
import { nonInteractive } from '../auth/engine.js';
import { visible } from '../auth/visible.js';

export interface RotateOptions {
  name: string;
  dryRun: boolean;
}

export async function runRotate(opts: RotateOptions, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  printWarnings(io, workspace.warnings);
  const prompter = canPrompt(io)
    ? (await import('../tui/inline-prompter.js')).inlinePrompter(io)
    : nonInteractive(opts.name);
  const report = await workspace.engine.rotate(opts.name, prompter, { dryRun: opts.dryRun });
  // The lines name keys and errors a peer sent.
  io.stdout.write(`${report.lines.map((line) => visible(line)).join('\n')}\n`);
  return report.ok ? 0 : report.partly ? 4 : 1;
}
