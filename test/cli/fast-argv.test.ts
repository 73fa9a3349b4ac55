// The command lines the binary sends to the hot paths' bundle (src/cli/fast-argv.ts); anything
// else must reach the full CLI, which parses it properly or explains the error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInvocation } from '../../src/cli/fast-argv.js';

describe('fastInvocation', () => {
  it('recognises the plain forms of the hot paths', () => {
    expect(fastInvocation(['credential-process', 'dev'])).toEqual({ command: 'credential-process', name: 'dev' });
    expect(fastInvocation(['--config', 'a.yaml', 'credential-process', 'dev'])).toEqual({
      config: 'a.yaml',
      command: 'credential-process',
      name: 'dev',
    });
    expect(fastInvocation(['token', 'kitty', '--id-token'])).toEqual({
      command: 'token',
      name: 'kitty',
      ws: false,
      idToken: true,
    });
    expect(fastInvocation(['env', '--reveal', '--format=json', 'dev'])).toEqual({
      command: 'env',
      name: 'dev',
      format: 'json',
      reveal: true,
    });
    expect(fastInvocation(['env'])).toEqual({ command: 'env', name: undefined, format: 'bash', reveal: false });
    expect(fastInvocation(['exec', 'a', 'b', '--', 'aws', '--', 'x'])).toEqual({
      command: 'exec',
      names: ['a', 'b'],
      commandLine: ['aws', '--', 'x'],
    });
    expect(fastInvocation(['__complete', 'names'])).toEqual({ command: '__complete' });
    expect(fastInvocation(['status', '--json'])).toEqual({ command: 'status', json: true });
  });

  it('leaves everything else to the full CLI: help, unknown flags, bad formats, missing words', () => {
    for (const argv of [
      [],
      ['--config', 'a.yaml'],
      ['--config', '--help'],
      ['credential-process'],
      ['credential-process', '--help'],
      ['credential-process', 'a', 'b'],
      ['token', 'kitty', '--ws', '--id-token'],
      ['token', '--help'],
      ['env', '--format', 'fish'],
      ['env', '--format'],
      ['env', 'a', 'b'],
      ['exec', 'dev'],
      ['exec', 'dev', '--'],
      ['exec', '--help', '--', 'true'],
      ['__complete', 'other'],
      ['status', '--verbose'],
      ['login', 'dev'],
    ])
      expect(fastInvocation(argv), argv.join(' ')).toBeUndefined();
  });

  it('any word after a recognised line that is a flag it does not know sends it to the full CLI', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('credential-process', 'token', 'status'),
        fc.stringMatching(/^--[a-z]{2,8}$/),
        (command, flag) => {
          const known = command === 'token' ? ['--ws', '--id-token'] : command === 'status' ? ['--json'] : [];
          const argv = command === 'status' ? [command, flag] : [command, 'dev', flag];
          if (!known.includes(flag)) expect(fastInvocation(argv)).toBeUndefined();
        },
      ),
    );
  });
});
