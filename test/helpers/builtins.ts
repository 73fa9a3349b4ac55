// The built-in modules a run of the binary loaded (process.moduleLoadList, written at exit by a
// --require hook): which of Node's own parts a command costs, such as fetch (undici).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const UNDICI = 'NativeModule internal/deps/undici/undici';

export function builtinsTrace(dir: string): {
  nodeArgs: string[];
  env: { AUTHUI_BUILTINS_FILE: string };
  loaded(): string[];
} {
  const file = join(dir, 'builtins.txt');
  const hook = join(dir, 'builtins.cjs');
  writeFileSync(file, '');
  writeFileSync(
    hook,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.AUTHUI_BUILTINS_FILE, process.moduleLoadList.join('\\n')));",
  );
  return {
    nodeArgs: ['--require', hook],
    env: { AUTHUI_BUILTINS_FILE: file },
    loaded: () => readFileSync(file, 'utf8').split('\n'),
  };
}
