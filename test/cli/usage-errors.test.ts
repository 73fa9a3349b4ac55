// Usage errors read like every other error: what is wrong, and a hint line. In-process, through
// the same runCli the binary runs.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIO } from '../helpers/io.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

async function run(...argv: string[]) {
  const dir = tempDir();
  const io = captureIO(isolatedEnv(dir), dir);
  const code = await runCli(argv, { io });
  return { code, out: io.out(), err: io.err() };
}

describe('usage errors', () => {
  it('an unknown command says so and suggests the nearest, with the hint', async () => {
    expect(await run('stauts')).toEqual({
      code: 2,
      out: '',
      err: 'error: unknown command "stauts" (did you mean status?)\n  hint: "authui --help" lists the commands.\n',
    });
    expect((await run('--config', 'x.yaml', 'logut')).err).toContain('(did you mean logout?)');
    expect((await run('frobnicate')).err).toBe(
      'error: unknown command "frobnicate"\n  hint: "authui --help" lists the commands.\n',
    );
  });

  it("commander's own errors get the command's hint", async () => {
    expect(await run('status', '--bogus')).toEqual({
      code: 2,
      out: '',
      err: 'error: unknown option \'--bogus\'\n  hint: "authui status --help" shows what it takes.\n',
    });
    const format = await run('env', '--format', 'fish');
    expect(format.code).toBe(2);
    expect(format.err).toMatch(
      /Allowed choices are bash, json, dotenv, github\.\n {2}hint: "authui env --help" shows what it takes\.\n$/,
    );
  });
});
