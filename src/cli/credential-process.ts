// `authui credential-process NAME`: its own module, so the hot path (the aws CLI calls it for
// every command) loads no readline, child_process, SDK, Ink or React.
import type { CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { credentialProcessOutput, requireAws } from './aws-credentials.js';
import { shellWord } from '../auth/names.js';

export async function runCredentialProcess(opts: { name: string }, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  const session = await withBroker(app, workspace, opts.name, `authui credential-process ${shellWord(opts.name)}`, () =>
    workspace.engine.credentials(opts.name),
  );
  io.stdout.write(credentialProcessOutput(requireAws(session), session.meta.expiresAt));
  return 0;
}
