// Times from outside, kept within what a Date and a timer hold (src/auth/time-bounds.ts): a token's
// lifetime past the year 275760 is no lifetime, a Retry-After of years or a timeout typed with
// digits too many waits as long as a timer can, and a device code's polling interval stays within
// 50 ms–60 s whatever the server sends.
import { describe, expect, it } from 'vitest';
import { pollIntervalMs } from '../../src/auth/device-code.js';
import { retryAfterMs } from '../../src/auth/errors.js';
import { jwtExpiry } from '../../src/auth/jwt.js';
import { networkTimeoutMs } from '../../src/auth/net.js';
import { secondsAfter } from '../../src/auth/time-bounds.js';

const NOW = Date.parse('2026-12-07T18:00:00Z');
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('times a peer sets', () => {
  it('a lifetime is a moment a Date holds, or none', () => {
    expect(secondsAfter(NOW, 3600)).toBe(NOW + 3_600_000);
    expect(secondsAfter(NOW, '3600')).toBe(NOW + 3_600_000);
    expect(secondsAfter(NOW, -5)).toBe(NOW - 5_000);
    for (const absurd of [1e300, 1e13, Infinity, Number.NaN, 'soon', '', null, undefined, {}])
      expect(secondsAfter(NOW, absurd), String(absurd)).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: NOW / 1000 + 60 }), NOW)).toBe(NOW + 60_000);
    for (const claims of [{ exp: 1e300 }, { exp: 1e15 }, { exp: 1e300, iat: 1 }])
      expect(jwtExpiry(jwt(claims), NOW), JSON.stringify(claims)).toBeUndefined();
  });

  it('a Retry-After waits at most what a timer holds (longer runs after 1 ms)', () => {
    expect(retryAfterMs('7', NOW)).toBe(7_000);
    expect(retryAfterMs('99999999999', NOW)).toBe(2 ** 31 - 1);
    expect(retryAfterMs('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(2 ** 31 - 1);
  });

  it("a device code's polling interval: 5 s when the server sends none or no number, else within 50 ms–60 s", () => {
    expect(pollIntervalMs(undefined)).toBe(5_000);
    expect(pollIntervalMs(7)).toBe(7_000);
    expect(pollIntervalMs('3')).toBe(3_000);
    for (const none of ['soon', Number.NaN, -1, null, {}]) expect(pollIntervalMs(none), String(none)).toBe(5_000);
    expect(pollIntervalMs(0)).toBe(50);
    expect(pollIntervalMs(1e10)).toBe(60_000);
    expect(pollIntervalMs(Infinity)).toBe(60_000);
  });

  it('a timeout from the environment: the default unless a positive number, at most what a timer holds', () => {
    expect(networkTimeoutMs({})).toBe(15_000);
    expect(networkTimeoutMs({ AUTHUI_NETWORK_TIMEOUT_MS: '300' })).toBe(300);
    for (const none of ['0', '-5', 'soon', ''])
      expect(networkTimeoutMs({ AUTHUI_NETWORK_TIMEOUT_MS: none }), none).toBe(15_000);
    expect(networkTimeoutMs({ AUTHUI_NETWORK_TIMEOUT_MS: '150000000000' })).toBe(2 ** 31 - 1);
  });
});
