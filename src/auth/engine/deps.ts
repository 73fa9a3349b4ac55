// What the engine's services share: the graph, the session repository, the outputs, the kinds,
// the audit log and the clock, and a way to tell the engine's listeners that something changed.
import type { AuditLog } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Fetch } from '../http-message.js';
import type { AuthuiPaths, Env } from '../paths.js';
import type { NodeGraph } from './graph.js';
import type { Outputs } from './outputs.js';
import type { KindLookup } from './binding.js';
import type { SessionRepository } from './sessions.js';

export interface ServiceDeps {
  graph: NodeGraph;
  sessions: SessionRepository;
  outputs: Outputs;
  kinds: KindLookup;
  audit: AuditLog;
  clock: Clock;
  fetch: Fetch;
  env: Env;
  paths: Readonly<AuthuiPaths>;
  /** Called after every change to the stored sessions (the engine tells its listeners). */
  changed(): void;
}
