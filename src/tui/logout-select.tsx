// `authui logout` with no arguments in a terminal: the LogoutSelect screen drawn inline (not full
// screen); resolves with the choice, or undefined when the user backs out (esc / ctrl-c).
import { render } from 'ink';
import type { Engine } from '../auth/engine.js';
import type { LogoutScope } from '../auth/logout.js';
import type { IO } from '../cli/io.js';
import { logoutOptions } from '../components/logout-select-state.js';
import { LogoutSelect } from '../screens/LogoutSelect.js';

export type LogoutChoice = { scopes: LogoutScope[]; dryRun: boolean } | { cancelled: true; interrupted: boolean };

export async function chooseLogoutTargets(io: IO, engine: Engine, opts: { dryRun: boolean; keepProvider: boolean }): Promise<LogoutChoice> {
  const stdout = io.stdout as NodeJS.WriteStream;
  let choice: LogoutChoice = { cancelled: true, interrupted: false };
  const options = logoutOptions(engine.list());
  // ctrl-c is ours here (cancel, nothing removed), so Ink must not exit the process on it.
  const instance = render(
    <LogoutSelect
      options={options}
      width={Math.min(stdout.columns ?? 80, 120)}
      height={Math.min(stdout.rows ?? 24, options.length + 14)}
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
    { stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  return choice;
}
