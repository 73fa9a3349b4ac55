// Debug mode (`--debug`, AUTHUI_DEBUG=1; AUTHUI_DEBUG_FILE to write there instead of stderr):
// one line per decision authui takes and why: the configuration and its format, the store
// backend, session-cache hits and misses, lock waits, every HTTP request (method, URL without
// its query, status, time), retries and renewal decisions. Callers pass names, URLs and outcomes,
// never a secret; URLs lose their query (it may hold a code) and every value is sanitised.
import { appendFileSync } from 'node:fs';
import type { Env } from './paths.js';
import { visible } from './visible.js';

type Fields = Record<string, string | number | boolean | undefined>;

let sink: ((line: string) => void) | null | undefined;

function sinkFor(env: Env): ((line: string) => void) | null {
  if (env.AUTHUI_DEBUG !== '1' && env.AUTHUI_DEBUG !== 'true') return null;
  const file = env.AUTHUI_DEBUG_FILE;
  if (file)
    return (line) => {
      try {
        appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // Debug output must never break a command.
      }
    };
  return (line) => process.stderr.write(line);
}

/** Whether debug output is on (read once per process, from the environment given first). */
function debugging(env: Env = process.env): boolean {
  if (sink === undefined) sink = sinkFor(env);
  return sink !== null;
}

/** One line: `authui debug: EVENT key=value …`. Does nothing unless debugging. */
export function debug(event: string, fields: Fields = {}, env: Env = process.env): void {
  if (!debugging(env)) return;
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${visible(String(v))}`);
  sink?.(`authui debug: ${[event, ...parts].join(' ')}\n`);
}

/** `--debug`: on for the rest of the run, as if AUTHUI_DEBUG=1. */
export function enableDebug(env: Env): void {
  sink = sinkFor({ ...env, AUTHUI_DEBUG: '1' });
}

/** Turns stderr debug output off (the dashboard draws on the terminal; a file still works). */
export function debugOnlyToFile(env: Env = process.env): boolean {
  if (!debugging(env) || env.AUTHUI_DEBUG_FILE) return false;
  sink = null;
  return true;
}
