// Append-only audit trail: login, refresh, recovery and logout events. Never a secret:
// callers pass names and outcomes only, and the fields are fixed.
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './fs-atomic.js';

export interface AuditEvent {
  time: string;
  event: 'login' | 'refresh' | 'recovery' | 'logout' | 'store';
  target: string;
  outcome: 'ok' | 'failed' | 'warning';
  item?: string;
  code?: string;
  detail?: string;
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
}
