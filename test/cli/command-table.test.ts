// One command table (src/cli/commands.ts), two parsers: the hot paths' matcher (cli/fast-argv.ts)
// must read every line it accepts exactly as commander does, and leave everything else to
// commander, which parses it properly or explains the error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandSpec, type Invocation } from '../../src/cli/commands.js';
import { optionKey } from '../../src/cli/plain-line.js';
import { fastInvocation } from '../../src/cli/fast-argv.js';
import { HANDLERS } from '../../src/cli/handlers.js';
import { parseCommandLine } from '../../src/cli/program.js';
import { captureIO } from '../helpers/io.js';

const FAST = (COMMANDS as readonly CommandSpec[]).filter((c) => c.fast);

async function commander(argv: string[]): Promise<Invocation | number | object> {
  return parseCommandLine(argv, captureIO({}, '/'));
}

/** Words a command line of `spec` could be made of: its flags in every form, good and bad values, operands. */
function vocabulary(spec: CommandSpec): string[] {
  const words = ['dev', 'kitty', 'names', '--', '-x', '--help', '--bogus', '--debug', ''];
  for (const f of spec.flags) {
    words.push(`--${f.flag}`);
    if (f.value) words.push(`--${f.flag}=json`, `--${f.flag}=fish`, 'json', 'github', `--${f.flag}=`);
    else words.push(`--${f.flag}=yes`);
  }
  return words;
}

describe('the command table', () => {
  it('every command has a handler and every handler a command', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('recognises the plain forms of the hot paths', () => {
    expect(fastInvocation(['credential-process', 'dev'])).toEqual({
      command: 'credential-process',
      options: { name: 'dev' },
    });
    expect(fastInvocation(['--config', 'a.yaml', 'credential-process', 'dev'])).toMatchObject({ config: 'a.yaml' });
    expect(fastInvocation(['token', 'kitty', '--id-token'])?.options).toEqual({
      name: 'kitty',
      ws: false,
      idToken: true,
    });
    expect(fastInvocation(['env', '--reveal', '--format=json', 'dev'])?.options).toEqual({
      name: 'dev',
      format: 'json',
      reveal: true,
    });
    expect(fastInvocation(['env'])?.options).toEqual({ name: undefined, format: 'bash', reveal: false });
    expect(fastInvocation(['exec', 'a', 'b', '--', 'aws', '--', 'x'])?.options).toEqual({
      names: ['a', 'b'],
      commandLine: ['aws', '--', 'x'],
      serve: false,
    });
    expect(fastInvocation(['exec', '--serve', 'a', '--', 'aws'])?.options).toMatchObject({ serve: true });
    expect(fastInvocation(['__complete', 'names'])?.options).toEqual({ what: 'names' });
    expect(fastInvocation(['kube', 'token', 'dev', '--cluster', 'prod'])).toEqual({
      command: 'kube token',
      options: { name: 'dev', cluster: 'prod' },
    });
    expect(fastInvocation(['status', '--json'])?.options).toEqual({ json: true });
  });

  it('leaves help, unknown flags, bad values, missing and extra words to commander', () => {
    for (const argv of [
      [],
      ['--config', 'a.yaml'],
      ['--config', '--help'],
      ['credential-process'],
      ['credential-process', '--help'],
      ['credential-process', 'a', 'b'],
      ['token', '--help'],
      ['env', '--format', 'fish'],
      ['env', '--format'],
      ['env', 'a', 'b'],
      ['exec', 'dev'],
      ['exec', 'dev', '--'],
      ['exec', '--help', '--', 'true'],
      ['__complete', 'other'],
      ['status', '--verbose'],
      ['status', '--debug'],
      ['login', 'dev'],
      ['kube', 'dev'],
      ['kube', 'config', 'dev'],
      ['kube', 'token'],
    ])
      expect(fastInvocation(argv), argv.join(' ')).toBeUndefined();
  });

  it('every line the fast matcher accepts, commander reads the same way', async () => {
    for (const spec of FAST) {
      const word = fc.constantFrom(...vocabulary(spec));
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.array(word, { maxLength: 5 }), async (withConfig, words) => {
          const argv = [...(withConfig ? ['--config', 'a.yaml'] : []), ...spec.name.split(' '), ...words];
          const fast = fastInvocation(argv);
          if (fast) expect(await commander(argv), argv.join(' ')).toEqual(fast);
        }),
        { numRuns: 150 },
      );
    }
  });

  it("the fast matcher takes every flag of a fast command, in each of commander's forms", async () => {
    for (const spec of FAST) {
      const operands = spec.args.filter((a) => a.required).map((a) => a.choices?.[0] ?? 'dev');
      const tail = spec.commandLine ? ['--', 'true'] : [];
      for (const f of spec.flags) {
        const forms = f.value
          ? [[`--${f.flag}`, f.choices?.[1] ?? 'v'], [`--${f.flag}=${f.choices?.[1] ?? 'v'}`]]
          : [[`--${f.flag}`]];
        for (const form of forms) {
          const argv = [...spec.name.split(' '), ...form, ...operands, ...tail];
          const fast = fastInvocation(argv);
          expect(fast?.options[optionKey(f.flag)], argv.join(' ')).toBe(f.value ? (f.choices?.[1] ?? 'v') : true);
          expect(await commander(argv)).toEqual(fast);
        }
      }
    }
  });
});
