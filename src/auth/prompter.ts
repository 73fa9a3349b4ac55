// The engine never reads a terminal: it asks a Prompter it was given.
import { AuthError } from './errors.js';

type FieldKind = 'text' | 'secret' | 'otp' | 'choice';

export interface PromptField {
  name: string;
  title: string;
  description?: string;
  required: boolean;
  secret: boolean;
  kind: FieldKind;
  default?: string;
  choices?: readonly string[];
  /** Returns a message when the value is not acceptable. */
  validate?(value: string): string | undefined;
}

export interface CredentialPromptSpec {
  title: string;
  description?: string;
  fields: readonly PromptField[];
}

/**
 * A sign-in that happens in a browser: a device code to approve (RFC 8628), or, without
 * `userCode`, an authorization URL whose answer comes back to authui's loopback listener.
 */
export interface DeviceCodePrompt {
  /** What is being signed in to ("AWS IAM Identity Center acme-sso"). */
  title: string;
  verificationUri: string;
  /** The code the page must show; absent for a browser sign-in (the redirect comes back by itself). */
  userCode?: string;
  expiresAt: number;
}

/** The front end's side of a device-code wait. */
export interface DeviceCodeWait {
  /** Aborted when the user gives up (esc in the dashboard). */
  signal: AbortSignal;
  /** The flow has ended (approved, failed or cancelled): take the code off the screen. */
  close(): void;
}

export interface Prompter {
  /**
   * Resolves with a value per field name; rejects with AuthError when input cannot be had.
   * `signal`: the one who asked has gone away; the prompt closes (the prompt broker).
   */
  ask(spec: CredentialPromptSpec, opts?: { signal?: AbortSignal }): Promise<Record<string, string>>;
  confirm(message: string): Promise<boolean>;
  showDeviceCode(prompt: DeviceCodePrompt): DeviceCodeWait;
  /** A line for the person at the prompt: a warning (default), or a step that succeeded. */
  notice(message: string, level?: 'warning' | 'success'): void;
}

/** What a prompt answers when the user backs out (esc, ctrl-c, giving up a device code). */
export function loginCancelled(): AuthError {
  return new AuthError('cancelled', 'Login cancelled', { hint: 'Nothing was saved.' });
}
