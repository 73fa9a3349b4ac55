// Dashboard load test, run in its own process by bench/run.mjs: the real app (config, engine,
// store, Ink) on a demo workspace with N synthetic identities, rendering to an in-memory
// terminal. Prints one JSON line of figures.
import { PassThrough, Writable } from 'node:stream';
import { render } from 'ink';
import { createApp } from '../src/app/app.js';
import type { IO } from '../src/app/io.js';
import { Screens } from '../src/screens/Screens.js';
import { StoreProvider } from '../src/store/context.js';
import { keepHeapSmall } from '../src/app/heap-flags.js';
import { INK_OPTIONS } from '../src/tui/run.js';
import { openDashboardStore, workspaceOpening } from '../src/tui/dashboard-state.js';

const [configPath, samplesArg] = process.argv.slice(2);
const SAMPLES = Number(samplesArg ?? 60);

class Terminal extends Writable {
  columns = 100;
  rows = 30;
  isTTY = true;
  private waiter: (() => void) | undefined;
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
    done();
  }
  nextWrite(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

const stdout = new Terminal();
const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {}, ref: () => {}, unref: () => {} });
const io: IO = { stdout, stderr: process.stderr, stdin, env: process.env, cwd: process.cwd() };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function timed(trigger: () => void): Promise<number> {
  const frame = stdout.nextWrite();
  const start = performance.now();
  trigger();
  await frame;
  return performance.now() - start;
}

keepHeapSmall(); // as the dashboard does
const started = performance.now();
const app = createApp({ io, global: { config: configPath } });
const workspace = await app.workspace();
const store = openDashboardStore(workspaceOpening(workspace), io, { now: app.clock.now(), debugMuted: false });
const first = stdout.nextWrite();
const instance = render(
  <StoreProvider store={store}>
    <Screens />
  </StoreProvider>,
  { ...INK_OPTIONS, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream },
);
await first;
const firstFrameMs = performance.now() - started;
await pause(100);

const tick: number[] = [];
let now = store.getState().now;
for (let i = 0; i < SAMPLES; i++) {
  now += 1000;
  tick.push(await timed(() => store.getState().tick(now)));
  await pause(20); // past the frame throttle, as real ticks are a second apart
}
const key: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  key.push(await timed(() => stdin.write(i % 2 ? 'k' : 'j')));
  await pause(20);
}
await timed(() => stdin.write('/'));
await pause(20);
const filter: number[] = [];
const letters = 'load-0';
for (let i = 0; i < Math.min(SAMPLES, 40); i++) {
  const ch = letters[i % letters.length] as string;
  filter.push(await timed(() => stdin.write(i % letters.length === letters.length - 1 ? '\x7f' : ch)));
  await pause(20);
}
instance.unmount();
console.log(
  JSON.stringify({
    nodes: store.getState().nodes.length,
    firstFrameMs,
    tickP95: p95(tick),
    tickMedian: median(tick),
    keyP95: p95(key),
    keyMedian: median(key),
    filterP95: p95(filter),
  }),
);
process.exit(0);
