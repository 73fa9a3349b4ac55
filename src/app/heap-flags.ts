// V8 flags for the long-lived dashboard, set by the binary before it compiles the dashboard's
// bundle (a code cache is only accepted under the flags it was made with) and by the runner.
import { setFlagsFromString } from 'node:v8';

/**
 * A dashboard lives for hours and allocates in bursts (a frame, a re-read of the list). V8 grows
 * its young generation to 32 MB after such bursts and keeps it; at 1 MB semi-spaces the frame
 * times stay within budget and the resident memory is about 20 MB lower. And it lets the old
 * generation grow by up to 2–4× its live size before collecting; at 1.1× the frame times stay
 * within budget and a dashboard of 20,000 identities holds 5–12 MB less (Node 24: in half the
 * runs), for a start about 30 ms slower at that size (docs/performance.md). V8 reads both while
 * the program runs, so they take effect when set; set later than the start, the second saves
 * nothing.
 *
 * Nor does the dashboard need V8's optimising compilers: its frames are small, and their compile
 * jobs keep megabytes of malloc arenas and touch megabytes more of the binary. Without Turbofan
 * the resident memory is about 10 MB lower; without Maglev (Node 24's; 20 and 22 ship it off)
 * Node 24's is about 7 MB lower again, at 20,000 identities. The frames' p95 stays within budget
 * with the baseline compiler alone (docs/performance.md, "Memory and scale"). V8 reads both flags
 * whenever it would optimise, so set at run time they hold; `--max-opt`, from which the command
 * line derives them, does not.
 *
 * And it asks V8 to favour memory over speed (`--optimize-for-size`), the mode V8 otherwise takes
 * for a background tab or under memory pressure: each full collection then compacts the pages it
 * left half empty and hands freed pages back. V8 reads it at every collection. At 20,000
 * identities it held 4 MB less on Node 20 and 9–10 MB less on Node 22 and 24 (docs/performance.md,
 * "Memory and scale"), the frames' p95 within 1 ms of what it was.
 *
 * In that mode V8's baseline compiler, run in a background thread, waits for a collection when
 * its code does not fit, and a process that exits meanwhile waits for that thread for ever:
 * about one exit in fifty hung on Node 24 (test/cli/exit.test.ts). It compiles on the main
 * thread instead (`--no-concurrent-sparkplug`, read at each batch it compiles); the frames' p95
 * stayed within budget (README, Benchmark).
 */
export function keepHeapSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=10');
  setFlagsFromString('--no-turbofan');
  setFlagsFromString('--no-maglev');
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--no-concurrent-sparkplug');
}
