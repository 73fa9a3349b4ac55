// The rotation reminder points at `authui rotate` and says when the key was last handed out.
import { describe, expect, it } from 'vitest';
import { rotationReminder } from '../../src/tui/engine-actions.js';

describe('rotationReminder', () => {
  it('names the command, and the last use when there was one', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(rotationReminder('openai', now - 3 * 3600_000, now)).toBe(
      'openai: the key is older than its rotate_after (last used 3h 00m ago); run "authui rotate openai" to replace it',
    );
    expect(rotationReminder('hf', undefined, now)).toBe(
      'hf: the key is older than its rotate_after; run "authui rotate hf" to replace it',
    );
  });
});
