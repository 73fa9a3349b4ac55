// Append-only audit trail: login, refresh, recovery and logout events. Never a secret:
// callers pass names and outcomes only, and the fields are fixed.
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './fs-atomic.js';
import { isoTime } from './iso-time.js';

export interface AuditEvent {
  time: string;
  event: 'login' | 'refresh' | 'fallback' | 'recovery' | 'logout' | 'store' | 'use' | 'rotate';
  target: string;
  outcome: 'ok' | 'failed' | 'warning';
  item?: string;
  code?: string;
  detail?: string;
}

/** What handed a node's secret to a tool. */
export type UseBy = 'token' | 'exec' | 'registry';

/** The line recording that a secret was handed to a tool (Detail's "last used"); never the secret. */
export function handedOutEvent(target: string, by: UseBy, now: number): AuditEvent {
  return { time: isoTime(now), event: 'use', target, outcome: 'ok', detail: by };
}

export class AuditLog {
  constructor(private readonly path: string) {}

  append(event: AuditEvent): void {
    try {
      ensurePrivateDir(dirname(this.path));
      // One write per line with O_APPEND keeps concurrent writers from interleaving.
      appendFileSync(this.path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    } catch {
      // The audit trail must never break a login or logout.
    }
  }

  /** The last `count` events for a target, oldest first. Reads only the file's tail. */
  recent(target: string, count: number, keep: (event: AuditEvent) => boolean = () => true): AuditEvent[] {
    let text: string;
    try {
      const fd = openSync(this.path, 'r');
      try {
        const size = fstatSync(fd).size;
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, size - length);
        text = buffer.toString('utf8');
        // A cut first line is not an event.
        if (length < size) text = text.slice(text.indexOf('\n') + 1);
      } finally {
        closeSync(fd);
      }
    } catch {
      return [];
    }
    const events: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.includes(JSON.stringify(target))) continue;
      try {
        const event = JSON.parse(line) as AuditEvent;
        if (event.target === target && keep(event)) events.push(event);
      } catch {
        // A damaged line is skipped, not fatal.
      }
    }
    return events.slice(-count);
  }
}

/** How much of the audit file's end `recent` reads (thousands of events). */
const TAIL_BYTES = 512 * 1024;
