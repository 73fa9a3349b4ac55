// The prompt broker's wire format (docs/architecture.md, "Prompt broker"): JSON lines over a
// user-only Unix socket. A process without a terminal that needs input (credential-process,
// token, env, exec) asks the running dashboard; only these messages are accepted, each checked
// field by field, and an answer goes back only on the connection that asked.
import { visible } from '../auth/visible.js';
import type { CredentialPromptSpec, DeviceCodePrompt, PromptField } from '../auth/prompter.js';

export const BROKER_VERSION = 1;
/** Longest accepted line; a credential form spec is far smaller. */
export const MAX_LINE = 64 * 1024;
/** How long a process waits for an answer before it gives up (exit 3, as without a dashboard). */
export const ANSWER_TIMEOUT_MS = 2 * 60_000;

/** A field as it travels: the spec without its validate function (the asking process re-checks). */
type WireField = Omit<PromptField, 'validate'>;

export type ClientMessage =
  | {
      type: 'ask';
      version: number;
      node: string;
      command: string;
      spec: { title: string; description?: string; fields: WireField[] };
    }
  | { type: 'device-code'; version: number; node: string; command: string; prompt: DeviceCodePrompt }
  | { type: 'close' };

export type ServerMessage =
  { type: 'answer'; values: Record<string, string> } | { type: 'refused'; reason: string } | { type: 'cancelled' };

const isString = (v: unknown): v is string => typeof v === 'string';
const KINDS = new Set(['text', 'secret', 'otp', 'choice']);

function field(value: unknown): WireField | undefined {
  const f = value as Record<string, unknown> | null;
  if (typeof f !== 'object' || f === null) return undefined;
  if (!isString(f.name) || !isString(f.title) || typeof f.required !== 'boolean' || typeof f.secret !== 'boolean')
    return undefined;
  if (!isString(f.kind) || !KINDS.has(f.kind)) return undefined;
  if (f.default !== undefined && !isString(f.default)) return undefined;
  if (f.description !== undefined && !isString(f.description)) return undefined;
  if (f.choices !== undefined && !(Array.isArray(f.choices) && f.choices.every(isString))) return undefined;
  return {
    name: f.name,
    title: f.title,
    required: f.required,
    secret: f.secret,
    kind: f.kind as WireField['kind'],
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.description !== undefined ? { description: f.description } : {}),
    ...(f.choices !== undefined ? { choices: f.choices as string[] } : {}),
  };
}

/** A client's line, checked; undefined for anything that is not exactly a documented message. */
export function parseClientMessage(line: string): ClientMessage | undefined {
  if (line.length > MAX_LINE) return undefined;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  if (m.type === 'close') return { type: 'close' };
  if (m.version !== BROKER_VERSION || !isString(m.node) || !isString(m.command)) return undefined;
  // Shown as one line: whatever a client sends, it cannot add lines or terminal sequences.
  const command = visible(m.command.slice(0, 120));
  if (m.type === 'ask') {
    const spec = m.spec as Record<string, unknown> | null;
    if (typeof spec !== 'object' || spec === null || !isString(spec.title) || !Array.isArray(spec.fields))
      return undefined;
    const fields = spec.fields.map(field);
    if (fields.length === 0 || fields.length > 20 || fields.some((f) => f === undefined)) return undefined;
    if (spec.description !== undefined && !isString(spec.description)) return undefined;
    return {
      type: 'ask',
      version: BROKER_VERSION,
      node: m.node,
      command,
      spec: {
        title: spec.title,
        ...(spec.description ? { description: spec.description } : {}),
        fields: fields as WireField[],
      },
    };
  }
  if (m.type === 'device-code') {
    const p = m.prompt as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || !isString(p.title) || !isString(p.verificationUri)) return undefined;
    if (typeof p.expiresAt !== 'number' || (p.userCode !== undefined && !isString(p.userCode))) return undefined;
    return {
      type: 'device-code',
      version: BROKER_VERSION,
      node: m.node,
      command,
      prompt: {
        title: p.title,
        verificationUri: p.verificationUri,
        expiresAt: p.expiresAt,
        ...(p.userCode ? { userCode: p.userCode } : {}),
      },
    };
  }
  return undefined;
}

/** A server's line, checked (the asking side trusts only these shapes). */
export function parseServerMessage(line: string): ServerMessage | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (m?.type === 'cancelled') return { type: 'cancelled' };
  if (m?.type === 'refused' && isString(m.reason)) return { type: 'refused', reason: m.reason };
  if (m?.type === 'answer' && typeof m.values === 'object' && m.values !== null) {
    const values = Object.entries(m.values as Record<string, unknown>);
    if (values.every(([, v]) => isString(v)))
      return { type: 'answer', values: Object.fromEntries(values) as Record<string, string> };
  }
  return undefined;
}

/** The spec as it travels. */
export function wireSpec(spec: CredentialPromptSpec): Extract<ClientMessage, { type: 'ask' }>['spec'] {
  return {
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    fields: spec.fields.map(({ validate: _validate, ...rest }) => rest),
  };
}
