// One error type for the whole engine. Front ends render it; they never parse messages.
import { timerDelayMs } from './time-bounds.js';
import { shortened } from './visible.js';

export type AuthErrorCode =
  | 'invalid_credentials'
  | 'expired_token'
  | 'access_denied'
  | 'consent_required'
  | 'permission_denied'
  | 'mfa_invalid'
  | 'needs_interactive_login'
  | 'network'
  | 'timeout'
  | 'clock_skew'
  | 'rate_limited'
  | 'server_error'
  | 'token_expired'
  | 'invalid_config'
  | 'untrusted_config'
  | 'binding_mismatch'
  | 'output_failed'
  | 'keyring_unavailable'
  | 'file_permission'
  | 'unknown_target'
  | 'cancelled'
  | 'usage';

/** Context that helps a user act on an error. Never holds a secret. */
export interface AuthErrorContext {
  identity?: string;
  provider?: string;
  account?: string;
  region?: string;
  endpoint?: string;
  file?: string;
  kind?: string;
}

export interface AuthErrorInit {
  explanation?: string;
  hint?: string;
  context?: AuthErrorContext;
  retryable?: boolean;
  recoverable?: boolean;
  /** How long the server asked us to wait before trying again (429 / 503 `Retry-After`). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The most of its message, explanation and hint an error carries. They quote peers (an OAuth
 * error_description, a vendor's message) and configurations, which can run to megabytes that no
 * terminal or dashboard screen should have to lay out.
 */
const MOST_CHARACTERS = { message: 1_000, explanation: 4_000, hint: 1_000 };

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly explanation: string | undefined;
  readonly hint: string | undefined;
  readonly context: AuthErrorContext;
  readonly retryable: boolean;
  readonly recoverable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: AuthErrorCode, message: string, init: AuthErrorInit = {}) {
    super(shortened(message, MOST_CHARACTERS.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AuthError';
    this.code = code;
    this.explanation =
      init.explanation === undefined ? undefined : shortened(init.explanation, MOST_CHARACTERS.explanation);
    this.hint = init.hint === undefined ? undefined : shortened(init.hint, MOST_CHARACTERS.hint);
    this.context = init.context ?? {};
    this.retryable = init.retryable ?? false;
    this.recoverable = init.recoverable ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      explanation: this.explanation,
      hint: this.hint,
      context: this.context,
      retryable: this.retryable,
      recoverable: this.recoverable,
    };
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}

/** The operating system's file errors a person can act on, in words. */
const FILE_PROBLEMS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'part of the path is not a directory',
  EIO: 'an input/output error',
};
const FILE_VERBS: Record<string, string> = {
  mkdir: 'create',
  open: 'open',
  write: 'write',
  rename: 'replace',
  unlink: 'remove',
  rmdir: 'remove',
  utime: 'update',
};

/**
 * A file error from the operating system (a read-only or full disk, a directory not ours) as an
 * AuthError with the path and what to do; anything else is returned as it is. Every front end
 * passes errors through here, so a write that fails anywhere reads the same.
 */
export function withFileProblem(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException | undefined;
  if (isAuthError(error) || typeof e?.code !== 'string' || typeof e.path !== 'string') return error;
  const problem = FILE_PROBLEMS[e.code];
  if (!problem) return error;
  const hint =
    e.code === 'ENOSPC' || e.code === 'EDQUOT'
      ? 'Free some disk space and try again.'
      : e.code === 'EROFS'
        ? 'Remount it read-write, or point XDG_STATE_HOME / XDG_DATA_HOME (and files.base_path) at a writable place.'
        : 'Check that the directory is yours and writable (chmod 700), then try again.';
  return new AuthError(
    'file_permission',
    `Cannot ${FILE_VERBS[e.syscall ?? ''] ?? 'use'} ${e.path}: ${problem} (${e.code})`,
    {
      hint,
      context: { file: e.path },
    },
  );
}

/** Process exit codes (README, "Exit codes"). */
const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  interactive: 3,
  partial: 4,
  /** The user backed out (esc, ctrl-c): as a shell reports an interrupted command. */
  cancelled: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!isAuthError(error)) return ExitCode.failed;
  switch (error.code) {
    case 'invalid_config':
    case 'usage':
    case 'unknown_target':
      return ExitCode.usage;
    case 'needs_interactive_login':
    case 'token_expired':
    case 'consent_required':
    case 'untrusted_config':
    case 'binding_mismatch':
      return ExitCode.interactive;
    case 'cancelled':
      return ExitCode.cancelled;
    default:
      return ExitCode.failed;
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return timerDelayMs(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : timerDelayMs(Math.max(0, at - now));
}
