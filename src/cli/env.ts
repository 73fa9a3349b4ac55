// `authui env [NAME]`: the node's variables in a shell's, dotenv's, JSON's or GitHub's format.
// Its own module, on the hot path (src/fast-main.ts): no argument parser, Ink or SDK.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { shellWord } from '../auth/names.js';
import { envOutput, type EnvFormat } from './env-formats.js';

export async function runEnv(
  opts: { name?: string; format: EnvFormat; reveal?: boolean },
  { io, app }: CommandDeps,
): Promise<number> {
  const workspace = await app.workspace();
  const name = opts.name ?? workspace.engine.defaultNode().name;
  const { warning, ...exports } = await withBroker(app, workspace, name, `authui env ${shellWord(name)}`, () =>
    workspace.engine.exports(name, { secrets: opts.reveal === true, keep: true }),
  );
  if (warning) printWarnings(io, [warning]);
  const { stdout, stderr } = envOutput(name, exports, opts.format);
  io.stdout.write(stdout);
  if (stderr) io.stderr.write(stderr);
  return 0;
}
