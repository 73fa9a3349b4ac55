// A local clock minutes off the server's, both ways: the token service (JWTs) and STS (authui
// signs in AWS's time once it has seen the skew). Expiry is shown on our clock as the server meant
// it (a 15-minute token shows 15 minutes), a fresh session is not renewed in a loop, and renewal
// comes when the token really nears its end, not minutes early or late.
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';
import { FakeTokenService } from '../servers/token-service.js';

const MINUTE = 60_000;
const PASSWORD = 'CANARY-clock-skew-password';
const kitty = new FakeTokenService();
/** Our clock; the server's is `skew` ahead of it. */
const clock = { t: Date.parse('2026-12-02T09:00:00Z'), now: () => clock.t };
let skew = 0;

const sts = new FakeSts();
const KEYS = { accessKeyId: 'AKIACLOCKSKEW0000001', secretAccessKey: 'CANARY-clock-skew-aws-secret-00000000' };

beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
  await kitty.start();
  kitty.addUser('ada', PASSWORD);
  kitty.now = () => clock.t + skew;
  kitty.accessSeconds = 15 * 60;
});
afterAll(async () => {
  await kitty.stop();
  await sts.stop();
});
beforeEach(() => {
  kitty.calls.length = 0;
  clock.t = Date.parse('2026-12-02T09:00:00Z');
});

describe.each([
  ['20 minutes ahead', 20 * MINUTE],
  ['20 minutes behind', -20 * MINUTE],
])('the token service’s clock %s of ours', (_what, offset) => {
  it.each([
    ['tokens with iat', true],
    ['tokens without iat (the Date header tells the skew)', false],
  ])('%s: 15 minutes shown, no renewal until the lead, one renewal then', async (_how, withIat) => {
    skew = offset;
    kitty.issuedAtInTokens = withIat;
    const { config } = await parseConfigText(
      `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "${kitty.url}", username: ada }\n`,
      'c.yaml',
      'authui',
    );
    const engine = testEngine({
      config: config as Config,
      store: new MemoryStore(),
      clock,
      env: isolatedEnv(tempDir()),
      paths: resolvePaths(isolatedEnv(tempDir())),
    });
    await engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
    const shown = (engine.list()[0]?.expiresAt ?? 0) - clock.t;
    // Whole seconds in the token and the Date header: within a few seconds of 15 minutes.
    expect(Math.abs(shown - 15 * MINUTE)).toBeLessThan(5_000);
    expect(engine.list()[0]?.state).toBe('active');
    // Used again and again while fresh: never renewed (a clock behind would renew on every use).
    for (let i = 0; i < 3; i++) await engine.credentials('kitty');
    clock.t += 9 * MINUTE;
    await engine.credentials('kitty');
    expect(kitty.refreshCalls).toBe(0);
    // Inside the 5-minute lead (11 minutes in): renewed once, and the new token is 15 minutes again.
    clock.t += 2 * MINUTE;
    await engine.credentials('kitty');
    await engine.credentials('kitty');
    expect(kitty.refreshCalls).toBe(1);
    expect(Math.abs((engine.list()[0]?.expiresAt ?? 0) - clock.t - 15 * MINUTE)).toBeLessThan(5_000);
  });
});

describe.each([
  ['20 minutes ahead', 20 * MINUTE],
  ['20 minutes behind', -20 * MINUTE],
])('STS’s clock %s of ours', (_what, offset) => {
  it('the session shows its real hour left and is reused, not renewed', async () => {
    // The server's clock is off; ours (the one authui signs with at first) is the machine's.
    sts.clockSkewMs = offset;
    const { config } = await parseConfigText(
      'auth:\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 }, session: { duration: 1h } }\n',
      'c.yaml',
      'authui',
    );
    const store = new MemoryStore();
    await store.set('identity:dev/long-term', JSON.stringify(KEYS));
    const engine = testEngine({
      config: config as Config,
      store,
      env: isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url }),
      paths: resolvePaths(isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url })),
    });
    sts.calls.length = 0;
    await engine.login('dev', new ScriptedPrompter([]));
    // The first signature is refused as 15+ minutes off; authui takes AWS's time and signs again,
    // and the check after it is signed in AWS's time from the start.
    expect(sts.calls.map((c) => `${c.action} ${c.status}`)).toEqual([
      'GetSessionToken 403',
      'GetSessionToken 200',
      'GetCallerIdentity 200',
    ]);
    const left = (engine.list()[0]?.expiresAt ?? 0) - Date.now();
    expect(Math.abs(left - 60 * MINUTE)).toBeLessThan(5_000);
    expect(engine.list()[0]?.state).toBe('active');
    await engine.credentials('dev');
    await engine.credentials('dev');
    expect(sts.calls).toHaveLength(3);
  });
});
