import { AuthError } from '../errors.js';
import type { KindContext, SessionResult } from './types.js';

/** Login for kinds whose flows have not landed yet: a clear error, never a fake session. */
export function loginNotImplemented(ctx: KindContext): Promise<SessionResult> {
  return Promise.reject(
    new AuthError('not_implemented', `Login is not implemented for kind ${ctx.node.kind} yet`, {
      hint: 'This kind is shown and tracked; its login flow arrives in a later release.',
      context: { [ctx.node.type]: ctx.node.name, kind: ctx.node.kind },
    }),
  );
}
