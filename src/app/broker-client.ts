// The asking side of the prompt broker: a Prompter for a process without a terminal that sends
// each prompt to the running dashboard (broker-protocol.ts) and waits up to two minutes for the
// answer. The socket must be this user's (checked before anything is sent), and the answer is
// checked with the spec's own validators, as the form would.
import { isNamedPipe } from '../auth/paths.js';
import { lstatSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { AuthError } from '../auth/errors.js';
import type { Prompter } from '../auth/prompter.js';
import {
  ANSWER_TIMEOUT_MS,
  BROKER_VERSION,
  parseServerMessage,
  wireSpec,
  type ClientMessage,
  type ServerMessage,
} from './broker-protocol.js';
import { shellWord } from '../auth/names.js';

/** `path` (the app's brokerSocket) when a dashboard of this user is listening there; undefined otherwise. */
export async function reachableBroker(path: string): Promise<string | undefined> {
  // A socket file must be this user's; a Windows named pipe has no owner to check here.
  if (!isNamedPipe(path)) {
    try {
      const stat = lstatSync(path);
      if (!stat.isSocket() || stat.uid !== process.getuid?.()) return undefined;
    } catch {
      return undefined;
    }
  }
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => (probe.destroy(), resolve(path)));
    probe.once('error', () => resolve(undefined));
  });
}

/** The dashboard quit (or stopped answering) between being found and being asked: no answer. */
function goneAway(name: string): AuthError {
  return new AuthError('needs_interactive_login', 'The dashboard went away before answering', {
    hint: `Run "authui login ${shellWord(name)}" in a terminal.`,
  });
}

function open(path: string, message: ClientMessage & { node: string }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.write(`${JSON.stringify(message)}\n`);
      resolve(socket);
    });
    socket.once('error', () => reject(goneAway(message.node)));
  });
}

/** The server's one answer on this connection; rejects on timeout, on a bad line or a hang-up. */
function answer(socket: Socket, timeoutMs: number, name: string): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new AuthError('needs_interactive_login', `No answer from the dashboard within ${timeoutMs / 60_000} minutes`, {
          hint: `Run "authui login ${shellWord(name)}" in a terminal.`,
        }),
      );
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const at = buffer.indexOf('\n');
      if (at < 0) return;
      clearTimeout(timer);
      const message = parseServerMessage(buffer.slice(0, at));
      if (message) resolve(message);
      else reject(new AuthError('server_error', 'The dashboard answered something that is not a broker message'));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(goneAway(name));
    });
  });
}

/** `command`: what asked, as the dashboard shows it ("aws sts get-caller-identity"). */
export function brokerPrompter(path: string, name: string, command: string): Prompter {
  const base = { version: BROKER_VERSION, node: name, command };
  return {
    ask: async (spec) => {
      const socket = await open(path, { type: 'ask', ...base, spec: wireSpec(spec) });
      const reply = await answer(socket, ANSWER_TIMEOUT_MS, name);
      if (reply.type !== 'answer')
        throw new AuthError('needs_interactive_login', `The prompt for "${name}" was refused in the dashboard`, {
          hint: `Run "authui login ${shellWord(name)}" in a terminal.`,
        });
      for (const field of spec.fields) {
        const value = reply.values[field.name] ?? '';
        const problem = value === '' && !field.required ? undefined : field.validate?.(value);
        if (problem) throw new AuthError('usage', `The value entered for ${field.title} is not valid: ${problem}`);
      }
      return reply.values;
    },
    confirm: async () => false,
    showDeviceCode: (prompt) => {
      const controller = new AbortController();
      const socket = open(path, { type: 'device-code', ...base, prompt });
      void socket
        .then((s) => answer(s, prompt.expiresAt - Date.now(), name))
        .then((reply) => reply.type === 'cancelled' && controller.abort())
        .catch(() => {});
      return {
        signal: controller.signal,
        close: () => void socket.then((s) => s.end(`${JSON.stringify({ type: 'close' })}\n`)).catch(() => {}),
      };
    },
    notice: () => {},
  };
}
