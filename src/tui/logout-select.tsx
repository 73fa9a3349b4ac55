// `authui logout` with no arguments in a terminal: the LogoutSelect screen drawn inline (not full
// screen); resolves with the choice, or undefined when the user backs out (esc / ctrl-c).
import type { Engine } from '../auth/engine.js';
import type { LogoutScope } from '../auth/logout.js';
import type { IO } from '../app/io.js';
import { logoutOptions } from '../components/logout-select-state.js';
import { LogoutSelect } from '../screens/LogoutSelect.js';
import { inlineWidth, renderInline } from './inline.js';

export type LogoutChoice = { scopes: LogoutScope[]; dryRun: boolean } | { cancelled: true; interrupted: boolean };

export async function chooseLogoutTargets(
  io: IO,
  engine: Engine,
  opts: { dryRun: boolean; keepProvider: boolean },
): Promise<LogoutChoice> {
  let choice: LogoutChoice = { cancelled: true, interrupted: false };
  const options = logoutOptions(engine.list());
  // ctrl-c cancels here: nothing removed, exit 130.
  const instance = renderInline(
    io,
    <LogoutSelect
      options={options}
      width={inlineWidth(io, 120)}
      height={Math.min((io.stderr as NodeJS.WriteStream).rows ?? 24, options.length + 14)}
      initialDryRun={opts.dryRun}
      preview={(scopes) => engine.planLogout(scopes, { keepProvider: opts.keepProvider })}
      onConfirm={(scopes, dry) => {
        choice = { scopes, dryRun: dry };
        instance.unmount();
      }}
      onCancel={(interrupted) => {
        choice = { cancelled: true, interrupted };
        instance.unmount();
      }}
    />,
  );
  await instance.waitUntilExit();
  return choice;
}
