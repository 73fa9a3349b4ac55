// API keys and SMTP in the demo, in a real pty: an OpenAI key rejected three times opens
// Recovery, `e` re-enters it and it is checked and stored; the SMTP account takes a wrong then
// the right password; `t` runs the connection test of a row.
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

describe.skipIf(tmuxMissing !== undefined)(
  `API keys and SMTP in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('a rejected key opens Recovery, re-enter stores the right one; SMTP asks again after a 535; t tests a row', async () => {
      session = await TmuxSession.demo({ columns: 110, rows: 32 });
      const s = session;
      // The demo's openai key is stored and valid; a login with a rejected key keeps it until Recovery.
      await s.selectRow('openai');
      s.send('l');
      for (const attempt of [1, 2, 3]) {
        await s.waitFor((screen) => screen.includes('OpenAI key for openai') && screen.includes('› API key:'));
        // The key, then Organization (pre-filled from config) and Project: enter accepts each.
        s.send(`sk-wrong-${attempt}`, 'Enter');
        await s.waitFor((screen) => screen.includes('› Organization [org-demo]:'));
        s.send('Enter', 'Enter');
        if (attempt < 3) await s.waitFor((screen) => screen.includes('That key was rejected'));
      }
      let screen = await s.waitFor((text) => text.includes('Login failed · openai'));
      console.log(`--- recovery ---\n${screen}`);
      expect(screen).toContain('invalid_credentials: OpenAI rejected the key: revoked or mistyped');
      s.send('e');
      await s.waitFor((text) => text.includes('OpenAI key for openai'));
      s.send('sk-demo-openai-not-a-real-key-0001', 'Enter');
      await s.waitFor((text) => text.includes('› Organization [org-demo]:'));
      s.send('Enter', 'Enter');
      // The row stops spinning a frame after the notice: wait for both, not the notice's frame.
      screen = await s.waitFor(
        (text) =>
          text.includes('Logged in to openai') && /openai\s+OpenAI key \(p… ● active\s+never\s+org-demo/.test(text),
      );
      expect(screen).not.toContain('sk-');

      await s.selectRow('mail');
      s.send('l');
      await s.waitFor((text) => text.includes('SMTP account mail') && text.includes('Username [alerts@example.com]'));
      s.send('Enter');
      await s.waitFor((text) => text.includes('› Password:'));
      s.send('not-the-password', 'Enter');
      await s.waitFor((text) => text.includes('› From [alerts@example.com]:'));
      s.send('Enter');
      await s.waitFor((text) => text.includes('That username or password was rejected'));
      s.send('Enter');
      await s.waitFor((text) => text.includes('› Password:'));
      s.send('demo-smtp-app-password', 'Enter');
      await s.waitFor((text) => text.includes('› From [alerts@example.com]:'));
      s.send('Enter');
      await s.waitFor((text) => text.includes('Logged in to mail'));

      s.send('t');
      await s.waitFor((text) => text.includes('✓ mail: connection test passed'));
      await s.selectRow('openai');
      s.send('t');
      screen = await s.waitFor((text) =>
        text.includes('✓ openai: connection test passed · Subject org-demo · Models 2'),
      );
      console.log(`--- after t ---\n${screen}`);
      for (const secret of ['demo-smtp-app-password', 'not-the-password', 'sk-demo-openai'])
        expect(screen).not.toContain(secret);
      s.send('q');
      await s.waitFor((text) => text.includes('EXIT-CODE=0'));
    }, 60_000);
  },
);
