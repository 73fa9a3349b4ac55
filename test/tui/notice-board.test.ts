// The notice line's two sources: the answer to a user's action stays up for a few seconds before
// background news (renewals, expiry warnings) may replace it; nothing is dropped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noticeBoard } from '../../src/tui/engine-actions.js';
import { makeStore } from '../helpers/ui.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('noticeBoard', () => {
  it('holds background news back while a foreground answer is fresh, then shows it', () => {
    vi.useFakeTimers();
    const store = makeStore([]);
    const notices = noticeBoard(store);
    notices.background({ level: 'warning', text: 'corp expires soon' });
    expect(store.getState().notice?.text).toBe('corp expires soon');
    notices.foreground({ level: 'info', text: 'Logged in to dev' });
    notices.background({ level: 'warning', text: 'kitty: renewal failed' });
    expect(store.getState().notice?.text).toBe('Logged in to dev');
    vi.advanceTimersByTime(3_900);
    expect(store.getState().notice?.text).toBe('Logged in to dev');
    vi.advanceTimersByTime(200);
    expect(store.getState().notice?.text).toBe('kitty: renewal failed');
  });
});
