// An engine for tests that drive it directly: the system clock, authui's fetch and a memory store
// unless the test gives its own, and the paths of its env.
import { systemClock } from '../../src/auth/clock.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/auth/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { fetch } from '../../src/auth/fetch.js';

export function testEngine(
  opts: Omit<EngineOptions, 'clock' | 'fetch' | 'store' | 'paths'> & Partial<EngineOptions>,
): Engine {
  return createEngine({
    clock: systemClock,
    fetch,
    store: new MemoryStore(),
    paths: resolvePaths(opts.env),
    ...opts,
  });
}
