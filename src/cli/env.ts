// `authui env [NAME]`: the node's variables in a shell's, dotenv's, JSON's or GitHub's format.
// Its own module, on the hot path (src/fast-main.ts): no argument parser, Ink or SDK.
import { printWarnings, type CommandDeps } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { shellWord } from '../auth/names.js';
import { formatEnv, type EnvFormat } from './env-formats.js';

export async function runEnv(
  opts: { name?: string; format: EnvFormat; reveal?: boolean },
  { io, app }: CommandDeps,
): Promise<number> {
  const workspace = await app.workspace();
  const name = opts.name ?? workspace.engine.defaultNode().name;
  const { variables, secrets, hidden, warning } = await withBroker(
    app,
    workspace,
    name,
    `authui env ${shellWord(name)}`,
    () => workspace.engine.exports(name, { secrets: opts.reveal === true }),
  );
  if (warning) printWarnings(io, [warning]);
  io.stdout.write(formatEnv({ ...variables, ...secrets }, opts.format));
  // A secret is never printed by accident: its names are listed, with the two ways to get it.
  if (hidden?.length)
    io.stderr.write(
      `# not shown: ${hidden.join(', ')}. Run a command with them: authui exec ${shellWord(name)} -- CMD, or print them: authui env ${shellWord(name)} --reveal\n`,
    );
  return 0;
}
