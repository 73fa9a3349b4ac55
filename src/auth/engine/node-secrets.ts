// Each kind's view of the credential store: its own node's entries and nothing else. A kind
// never names store entries; one that misbehaves cannot read or overwrite another node's
// secrets, and its session is read the way the engine reads it (damage and server checked).
import type { NodeConfig } from '../config/types.js';
import type { NodeSecrets } from '../kind.js';
import { entryName } from '../stores/types.js';
import type { SessionRepository } from './sessions.js';

export function nodeSecrets(sessions: SessionRepository, node: NodeConfig): NodeSecrets {
  const { store } = sessions;
  const longTerm = entryName.longTerm(node.id);
  return {
    backend: store.backend,
    readLongTerm: () => store.get(longTerm),
    writeLongTerm: (value) => store.set(longTerm, value),
    deleteLongTerm: () => store.delete(longTerm),
    session: () => sessions.secret(node),
  };
}
