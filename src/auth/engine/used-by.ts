// Which tools take a node's credentials through authui (Detail's "Used by"): the registries of
// `auth.integrations`, the kubeconfig users whose exec plugin is `authui kube token NAME`, and
// the git credential helpers set to `authui git-credential NAME HOST`. Read from the tools' own
// files where authui wrote them; nothing is written, and a file that cannot be read says nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, NodeConfig } from '../config/types.js';
import type { Env } from '../paths.js';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The words of a helper or plugin line as `shellWord` wrote them (bare or single-quoted). */
function words(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] as string),
  );
}

async function kubectlUses(node: NodeConfig, env: Env): Promise<string[]> {
  const files = env.KUBECONFIG
    ? env.KUBECONFIG.split(':').filter(Boolean)
    : env.HOME
      ? [join(env.HOME, '.kube', 'config')]
      : [];
  const found: string[] = [];
  for (const file of files) {
    const text = read(file);
    if (!text?.includes('authui')) continue;
    let users: unknown;
    try {
      users = ((await import('yaml')).parse(text) as { users?: unknown } | null)?.users;
    } catch {
      continue;
    }
    if (!Array.isArray(users)) continue;
    for (const entry of users as { name?: unknown; user?: { exec?: { command?: unknown; args?: unknown } } }[]) {
      const exec = entry?.user?.exec;
      const args = Array.isArray(exec?.args) ? exec.args.map(String) : [];
      const at = args.indexOf('token');
      if (String(exec?.command ?? '').endsWith('authui') && args[at - 1] === 'kube' && args[at + 1] === node.name)
        found.push(`kubectl: user ${String(entry.name)} (${file})`);
    }
  }
  return found;
}

function gitUses(node: NodeConfig, env: Env): string[] {
  const files = [
    ...(env.HOME ? [join(env.HOME, '.gitconfig')] : []),
    join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? '', '.config'), 'git', 'config'),
  ];
  const found: string[] = [];
  for (const file of files) {
    for (const m of (read(file) ?? '').matchAll(/helper = !authui git-credential (.+)$/gm)) {
      const [name, host, ...flags] = words(m[1] ?? '');
      const path = flags[flags.indexOf('--path') + 1];
      if (name === node.name && host)
        found.push(`git: https://${host}${flags.includes('--path') && path ? `/${path}` : ''} (${file})`);
    }
  }
  return found;
}

/** What uses the node, one line each. */
export async function usedBy(node: NodeConfig, config: Pick<Config, 'integrations'>, env: Env): Promise<string[]> {
  return [
    ...config.integrations
      .filter((i) => i.via.name === node.name)
      .map((i) => `docker, skopeo, podman: ${i.host} (integration ${i.name}, ${i.kind})`),
    ...(await kubectlUses(node, env)),
    ...gitUses(node, env),
  ];
}
