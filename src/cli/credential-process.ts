// `authui credential-process NAME`: its own module, so the hot path (the aws CLI calls it for
// every command) loads no readline, child_process, SDK, Ink or React.
import type { CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { requireAws } from './aws-credentials.js';
import { shellWord } from '../auth/names.js';

export async function runCredentialProcess(opts: { name: string }, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  const session = await withBroker(app, workspace, opts.name, `authui credential-process ${shellWord(opts.name)}`, () =>
    workspace.engine.credentials(opts.name),
  );
  const creds = requireAws(session);
  // AWS credential_process output, Version 1.
  io.stdout.write(
    `${JSON.stringify({ Version: 1, AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: session.meta.expiresAt })}\n`,
  );
  return 0;
}
