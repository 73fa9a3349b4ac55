// The dashboard's side of the prompt broker: a Unix socket in a user-only directory, mode 0600.
// Each connection is one request from a process without a terminal (credential-process, token,
// env, exec): its form (an MFA code, new keys) or its device code is raised in the dashboard,
// naming the node and the command that asked; the answer goes back on that connection only.
// Requests are taken one at a time. Anything that is not a documented message is refused.
import { isNamedPipe } from '../auth/paths.js';
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { MAX_LINE, parseClientMessage, type ClientMessage, type ServerMessage } from '../app/broker-protocol.js';
import type { Prompter } from '../auth/prompter.js';

export interface Broker {
  path: string;
  close(): void;
}

/** Reads one line at a time from a socket; a line over MAX_LINE ends the connection. */
function lines(socket: Socket, onLine: (line: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_LINE) return void socket.destroy();
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      onLine(line);
    }
  });
}

function send(socket: Socket, message: ServerMessage): void {
  if (!socket.destroyed) socket.end(`${JSON.stringify(message)}\n`);
}

/** Whether another dashboard is serving on the socket. */
function alive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

/**
 * Starts serving, or answers why not (another dashboard serves, or the directory is not the
 * user's alone). The directory must be owned by this user with no group or other access.
 */
export async function startBroker(
  /** The app's brokerSocket (paths.ts). */
  path: string,
  prompter: Prompter,
  /** Whether a sign-in link for a node leads where its configuration says (engine.signInUrlAllowed). */
  signInUrlAllowed: (node: string, url: string) => boolean,
): Promise<Broker | string> {
  // A Windows named pipe has no directory, file or mode; it is gone with the process that made it.
  const pipe = isNamedPipe(path);
  // sun_path: 108 bytes on Linux, 104 on macOS, with the closing NUL; longer, listen fails with
  // an error that names something else (EADDRINUSE on Linux).
  const longest = process.platform === 'darwin' ? 103 : 107;
  if (!pipe && Buffer.byteLength(path) > longest)
    return `the prompt broker is off: its socket path ${path} is longer than the ${longest} bytes a Unix socket takes (set XDG_RUNTIME_DIR to a shorter directory)`;
  if (!pipe) {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o077) !== 0)
      return `the prompt broker is off: ${dir} must be a directory of yours with mode 0700`;
  }
  if (await alive(path)) return 'another dashboard answers the prompts of background commands';
  if (!pipe) {
    try {
      unlinkSync(path); // a socket left by a dashboard that crashed
    } catch {
      // none there
    }
  }
  let queue = Promise.resolve();
  const server = createServer((socket) => {
    let handled = false;
    lines(socket, (line) => {
      if (handled) return;
      handled = true;
      const message = parseClientMessage(line);
      if (!message || message.type === 'close') {
        send(socket, { type: 'refused', reason: 'not a prompt broker message' });
        return;
      }
      if (message.type === 'device-code' && !signInUrlAllowed(message.node, message.prompt.verificationUri)) {
        send(socket, {
          type: 'refused',
          reason: `the sign-in link is not on a server the configuration names for ${message.node}`,
        });
        return;
      }
      queue = queue.then(() => serve(message, socket, prompter)).catch(() => {});
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  if (!pipe) chmodSync(path, 0o600);
  return {
    path,
    close: () => {
      server.close();
      if (pipe) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

async function serve(
  message: Exclude<ClientMessage, { type: 'close' }>,
  socket: Socket,
  prompter: Prompter,
): Promise<void> {
  if (socket.destroyed) return;
  const asker = `${message.command} (for ${message.node})`;
  if (message.type === 'ask') {
    // The asker can time out or die while the form is up: then the form closes and says so,
    // rather than taking what the user types to no one.
    const gone = new AbortController();
    socket.once('close', () => gone.abort());
    const asked = prompter.ask(
      {
        ...message.spec,
        description: [`${asker} is waiting for this.`, message.spec.description].filter(Boolean).join(' '),
      },
      { signal: gone.signal },
    );
    const outcome = await asked.then((values) => ({ values })).catch(() => 'refused' as const);
    if (gone.signal.aborted) prompter.notice(`${asker} stopped waiting; its prompt was closed and nothing was sent`);
    else if (outcome === 'refused')
      send(socket, { type: 'refused', reason: 'the prompt was cancelled in the dashboard' });
    else send(socket, { type: 'answer', values: outcome.values });
    return;
  }
  const wait = prompter.showDeviceCode({ ...message.prompt, title: `${message.prompt.title} · ${asker}` });
  await new Promise<void>((resolve) => {
    const done = () => {
      wait.close();
      resolve();
    };
    wait.signal.addEventListener('abort', () => (send(socket, { type: 'cancelled' }), done()), { once: true });
    lines(socket, (line) => parseClientMessage(line)?.type === 'close' && done());
    socket.once('close', done);
  });
}
