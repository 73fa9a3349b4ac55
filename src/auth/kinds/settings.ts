// Typed reads of a node's settings (validated by the config schema before they get here).
import type { NodeConfig } from '../config/types.js';

export function str(node: NodeConfig, ...path: string[]): string | undefined {
  let value: unknown = node.settings;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The 12-digit account in an IAM ARN. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
