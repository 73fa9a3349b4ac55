// `authui whoami [NAME]`: asks STS who an AWS identity's credentials belong to (its kind's
// connection test, with a valid session).
import type { CommandDeps } from '../app/app.js';
import { jsonDocument } from '../auth/visible.js';
import { testTable } from './connection-test.js';

export interface WhoamiOptions {
  name?: string;
  json: boolean;
}

export async function runWhoami(opts: WhoamiOptions, { io, app }: CommandDeps): Promise<number> {
  const { engine } = await app.workspace();
  const name = opts.name ?? engine.defaultNode().name;
  // Who the credentials belong to needs credentials: no probe of the provider without a session.
  const result = await engine.test(name, {}, { probe: false });
  const doc = {
    identity: name,
    ...Object.fromEntries(result.facts.map((f) => [f.key, f.value])),
    expiresAt: result.expiresAt ?? null,
  };
  if (opts.json) io.stdout.write(jsonDocument(doc));
  else io.stdout.write(testTable('Identity', name, result, app.clock.now()));
  return 0;
}
