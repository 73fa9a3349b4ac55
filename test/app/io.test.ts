// The hot paths' output (descriptorIO in src/app/io.ts), in child processes on real pipes:
// everything arrives in order even when the reader lags, and a reader that left is an error.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from '../helpers/commonjs-build.js';

const module = commonJsBuildOf('src/app/io.ts');

/** Runs `body` in a child with `out` = descriptorIO().stdout; resolves with its exit code, stdout and stderr. */
function child(body: string, read: (stdout: NodeJS.ReadableStream) => Promise<Buffer>) {
  const script = `const out = require(${JSON.stringify(module)}).descriptorIO().stdout; ${body}`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stdout = read(proc.stdout);
  const code = new Promise<number | null>((resolve) => proc.on('close', resolve));
  return Promise.all([code, stdout, code.then(() => stderr)]);
}

describe('descriptor output', () => {
  it('writes everything, in order, to a pipe whose reader lags, also after the stream exists (non-blocking pipe)', async () => {
    const body = "out.write('head\\n'); void out.isTTY; out.write('a'.repeat(4 << 20)); out.write('\\nEND\\n');";
    const [code, stdout, stderr] = await child(body, async (pipe) => {
      pipe.pause();
      await sleep(300); // the pipe fills; the child's writes must wait or hand over to the stream
      const chunks: Buffer[] = [];
      for await (const chunk of pipe) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.toString()).toBe(`head\n${'a'.repeat(4 << 20)}\nEND\n`);
  });

  it('exitOnceWritten ends the process only once the output handed to the stream has left, with the code asked for', async () => {
    const body =
      "void out.isTTY; out.write('a'.repeat(4 << 20)); out.write('\\nEND\\n'); require(" +
      JSON.stringify(module) +
      ').exitOnceWritten(3);';
    const [code, stdout, stderr] = await child(body, async (pipe) => {
      pipe.pause();
      await sleep(300); // the pipe fills: the rest waits in the stream when the child asks to exit
      const chunks: Buffer[] = [];
      for await (const chunk of pipe) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(stdout.toString()).toBe(`${'a'.repeat(4 << 20)}\nEND\n`);
  });

  it('exitOnceWritten: a reader that went away after a write went to the stream is still a lost result, reported', async () => {
    const io = `require(${JSON.stringify(module)})`;
    const report = "(e) => { require('node:fs').writeSync(2, e.code + ': ' + e.message); return 4; }";
    const body = `void out.isTTY; out.write('a'.repeat(4 << 20)); ${io}.exitOnceWritten(0, ${report});`;
    const [code, , stderr] = await child(body, async (pipe) => {
      pipe.pause();
      await sleep(300); // the pipe fills: the rest waits in the stream when the reader leaves
      (pipe as NodeJS.ReadableStream & { destroy(): void }).destroy();
      return Buffer.alloc(0);
    });
    expect(stderr).toBe('output_failed: Could not write the result to standard output (EPIPE)');
    expect(code).toBe(4);
  });

  it("exitOnceWritten waits for processIO's streams too (the full CLI's output)", async () => {
    const io = `require(${JSON.stringify(module)})`;
    const body = `const app = ${io}.processIO(); app.stdout.write('b'.repeat(4 << 20)); ${io}.exitOnceWritten(4);`;
    const [code, stdout] = await child(body, async (pipe) => {
      pipe.pause();
      await sleep(300); // the pipe fills: the rest waits in process.stdout
      const chunks: Buffer[] = [];
      for await (const chunk of pipe) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(code).toBe(4);
    expect(stdout.length).toBe(4 << 20);
  });

  it('a reader that has gone away: the result is lost, so the write fails with output_failed (EPIPE), not a crash', async () => {
    const body =
      "setTimeout(() => { try { out.write('x'.repeat(1 << 16)); } catch (e) { process.stderr.write(e.code + ': ' + e.message); } }, 200);";
    const [code, , stderr] = await child(body, async (pipe) => {
      (pipe as NodeJS.ReadableStream & { destroy(): void }).destroy();
      return Buffer.alloc(0);
    });
    expect(stderr).toBe('output_failed: Could not write the result to standard output (EPIPE)');
    expect(code).toBe(0);
  });
});
