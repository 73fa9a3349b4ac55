// `authui token NAME [--ws | --id-token]`: a valid bearer token (or API key) on stdout and nothing
// else, renewed first when it is inside the refresh lead time. Its own module, so the hot path
// loads no argument parser, Ink, React or SDK.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { shellWord } from '../auth/names.js';
import { AuthError } from '../auth/errors.js';
import { withBroker } from '../app/brokered.js';

export interface TokenOptions {
  name: string;
  /** Mint a fresh WebSocket token from the session (never stored). */
  ws: boolean;
  /** Print the OpenID Connect ID token instead of the access token. */
  idToken: boolean;
}

export async function runToken(opts: TokenOptions, { io, app }: CommandDeps): Promise<number> {
  if (opts.ws && opts.idToken)
    throw new AuthError('usage', '--ws and --id-token cannot be combined', { hint: 'Pick one.' });
  const workspace = await app.workspace();
  const { token, warning } = await withBroker(app, workspace, opts.name, `authui token ${shellWord(opts.name)}`, () =>
    opts.ws
      ? workspace.engine.mint(opts.name, 'WebSocket token').then((token) => ({ token, warning: undefined }))
      : workspace.engine.token(opts.name, { idToken: opts.idToken }),
  );
  printWarnings(io, workspace.warnings);
  if (warning) printWarnings(io, [warning]);
  io.stdout.write(`${token}\n`);
  return 0;
}
