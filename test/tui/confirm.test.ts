// The yes/no question on the terminal: a "no" unless the answer is yes, and the question's text
// through the sanitiser (a kind's confirmation may quote a server).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/app/io.js';
import { confirmOnTty } from '../../src/tui/confirm.js';

function terminal() {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const io = { stdin, stderr, stdout: new PassThrough(), env: {}, cwd: '/' } as unknown as IO;
  return { io, stdin, shown: () => shown };
}

describe('confirmOnTty', () => {
  it('asks with the question written out, and takes only a yes as yes', async () => {
    const t = terminal();
    const answer = confirmOnTty(t.io, 'Store it at evil\x1b]0;PWNED\x07\x1b[2J?');
    t.stdin.write('y\n');
    expect(await answer).toBe(true);
    expect(t.shown()).toContain('Store it at evil\\x1b]0;PWNED\\x07\\x1b[2J? [y/N] ');
    expect(t.shown()).not.toContain('\x1b]0;');
    const no = terminal();
    const refused = confirmOnTty(no.io, 'Remove everything?');
    no.stdin.write('sure\n');
    expect(await refused).toBe(false);
  });
});
