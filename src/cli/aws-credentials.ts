import { AuthError } from '../auth/errors.js';
import type { SessionResult } from '../auth/kinds/types.js';

/** The AWS key triple of a session, or a usage error for identities of other kinds. */
export function requireAws(session: SessionResult, name: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  const s = session.secret;
  if (!s.accessKeyId || !s.secretAccessKey) throw new AuthError('usage', `"${name}" does not hold AWS credentials`, { hint: 'Use an aws/* identity.' });
  return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken || undefined };
}
