// How an error reaches a person: message, explanation, hint. Never a stack trace.
import { exitCodeFor, isAuthError, withFileProblem } from '../auth/errors.js';
import { hostOf } from '../auth/net.js';
import { visible } from '../auth/visible.js';
import type { Output } from '../app/io.js';

export function renderError(raw: unknown): string {
  const error = withFileProblem(raw);
  if (!isAuthError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return `error: ${visible(message)}\n  hint: this is a bug in authui; please report it with the command you ran.\n`;
  }
  // Messages quote configs and peers: every part goes through the sanitiser; only the
  // explanation has lines of its own.
  let text = `error: ${visible(error.message)}\n`;
  if (error.explanation) text += `${visible(error.explanation, true).replace(/^/gm, '  ')}\n`;
  // The server a network error is about, unless the words above already name it.
  const endpoint = error.context.endpoint && visible(error.context.endpoint);
  if (endpoint && !text.includes(hostOf(endpoint) ?? endpoint)) text += `  endpoint: ${endpoint}\n`;
  if (error.hint) text += `  hint: ${visible(error.hint)}\n`;
  return text;
}

export function reportError(stderr: Output, error: unknown): number {
  stderr.write(renderError(error));
  return exitCodeFor(withFileProblem(error));
}
