// The browser opener: a peer's link (a verification link, an authorization endpoint) is handed
// over only when it is a web link, as one argument and never through a shell — on Windows not
// `cmd /c start`, which would run a query's `&…` as commands.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';

const spawned: { command: string; args: readonly string[] }[] = [];
vi.mock('node:child_process', async (original) => ({
  ...(await original<typeof import('node:child_process')>()),
  spawn: (command: string, args: readonly string[]) => {
    spawned.push({ command, args });
    return { on: () => undefined, unref: () => undefined } as unknown as ChildProcess;
  },
}));
const { openerFor, openInBrowser } = await import('../../src/app/open-url.js');

afterEach(() => void (spawned.length = 0));

describe('openInBrowser', () => {
  it('hands an https link (or plain http on loopback) to the opener as one argument', () => {
    const link = 'https://login.example.com/device?user_code=ABCD-EFGH&x=1';
    openInBrowser(link, {}, 'linux');
    openInBrowser('http://127.0.0.1:8080/cb?a=1&b=2', { AUTHUI_BROWSER: 'play-browser' }, 'linux');
    expect(spawned).toEqual([
      { command: 'xdg-open', args: [link] },
      { command: 'play-browser', args: ['http://127.0.0.1:8080/cb?a=1&b=2'] },
    ]);
  });

  it('opens nothing for a file: link, another scheme, plain http elsewhere or no URL', () => {
    for (const link of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://evil.example.com/share',
      'http://evil.example.com/device',
      '--help',
      'https//missing-colon',
    ])
      openInBrowser(link, {}, 'linux');
    expect(spawned).toEqual([]);
  });

  it('uses no shell on Windows: url.dll takes the link whole, & and all', () => {
    expect(openerFor('win32')).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler'] });
    openInBrowser('https://login.example.com/authorize?a=1&calc', {}, 'win32');
    expect(spawned).toEqual([
      { command: 'rundll32', args: ['url.dll,FileProtocolHandler', 'https://login.example.com/authorize?a=1&calc'] },
    ]);
  });
});
