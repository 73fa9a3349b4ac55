// What a kind whose flows have not landed yet declares: a clear error on login, never a fake
// session, and no secret shape (nothing is ever stored for it).
import { AuthError } from '../errors.js';
import type { KindContext } from './types.js';

export const notImplemented = {
  provides: [],
  parseSecret: () => undefined,
  yields: () => ({}),
  reenterable: false,
  authenticate(ctx: KindContext): Promise<never> {
    return Promise.reject(
      new AuthError('not_implemented', `Login is not implemented for kind ${ctx.node.kind} yet`, {
        hint: 'This kind is shown and tracked; its login flow arrives in a later release.',
        context: { [ctx.node.type]: ctx.node.name, kind: ctx.node.kind },
      }),
    );
  },
} as const;
