// The Detail screen's view-model: the engine's facts about a node as label/value lines. Pure,
// so it is tested without a terminal.
import { formatRemaining } from '../auth/duration.js';
import type { NodeDetail } from '../auth/engine/views.js';
import { liveState, STATE_LABEL, STATE_SYMBOL } from '../auth/status.js';

const BACKEND_LABEL = {
  system: 'system keyring',
  file: 'encrypted file store',
  memory: 'memory store (gone at exit)',
} as const;

/** The detail as label/value lines; pure, so it is tested without a terminal. */
export function detailLines(
  d: NodeDetail,
  now: number,
  failure?: { code: string; message: string },
  lastTest?: { ok: boolean; at: number; summary: string },
): [string, string][] {
  const live = liveState(d.state, d.expiresAt, now);
  const expiry =
    d.expiresAt === undefined
      ? d.state === 'logged_out'
        ? ''
        : ' · does not expire'
      : ` · ${formatRemaining(d.expiresAt - now)}${d.expiresAt > now ? ' left' : ''} · ${new Date(d.expiresAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  const lines: [string, string][] = [
    ['Kind', `${d.label} (${d.kind}, ${d.type})`],
    ['State', `${STATE_SYMBOL[live]} ${STATE_LABEL[live]}${expiry}`],
    ['Chain', d.chain.map((n) => n.name).join(' → ')],
  ];
  if (failure) lines.push(['Last error', `${failure.code}: ${failure.message}`]);
  if (d.account || d.region) lines.push(['Account', `${d.account ?? '—'}   Region: ${d.region ?? '—'}`]);
  if (d.subject) lines.push(['Subject', d.subject]);
  if (d.server) lines.push(['Server', d.server]);
  if (d.renewableUntil !== undefined && d.state !== 'logged_out')
    lines.push([
      'Renews',
      d.renewableUntil > now
        ? `by itself for ${formatRemaining(d.renewableUntil - now)} more (refresh token)`
        : 'no longer by itself: log in again',
    ]);
  const time = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  for (const fact of d.facts ?? []) lines.push([fact.label, fact.value]);
  if (d.validatedAt !== undefined) lines.push(['Validated', time(d.validatedAt)]);
  else if (d.state === 'unvalidated')
    lines.push(['Validated', 'never: stored without a check (authui test NAME checks it)']);
  if (d.lastUsedAt !== undefined) lines.push(['Last used', time(d.lastUsedAt)]);
  if (lastTest)
    lines.push([
      'Last test',
      `${lastTest.ok ? '✓ passed' : '✗ failed'} ${time(lastTest.at)}${lastTest.summary ? ` · ${lastTest.summary}` : ''}`,
    ]);
  if (d.rotateAt !== undefined)
    lines.push(['Rotate', d.rotateAt <= now ? `due since ${time(d.rotateAt)}` : `by ${time(d.rotateAt)}`]);
  if (d.fallback) lines.push(['Fallback', `${d.fallback} stands in (this session cannot be renewed)`]);
  if (d.obtainedAt !== undefined)
    lines.push(['Obtained', `${new Date(d.obtainedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`]);
  if (d.discovered) lines.push(['Discovered', 'by its provider at login (auto_provision_identities), not in the file']);
  d.usedBy.forEach((use, i) => lines.push([i === 0 ? 'Used by' : '', use]));
  lines.push(['Secrets', `${BACKEND_LABEL[d.storage.backend]} · ${d.storage.location}`]);
  lines.push(['', d.storage.entries.length ? `entries: ${d.storage.entries.join(', ')}` : 'no entries stored']);
  for (const output of d.outputs) {
    const [first, ...rest] = output.paths;
    const note = output.note ? ` (${output.note})` : '';
    lines.push([
      output.title,
      output.written ? `${first ?? ''}${note}` : 'not written (no live session in this chain)',
    ]);
    if (output.written) for (const path of rest) lines.push(['', path]);
  }
  return lines;
}

export function historyLines(d: NodeDetail): string[] {
  if (d.history.length === 0) return ['no events yet'];
  return d.history.map(
    (e) =>
      `${e.time.replace('T', ' ').slice(0, 19)}  ${e.event.padEnd(8)} ${e.outcome.padEnd(7)}${e.code ? ` ${e.code}` : ''}${e.item ? ` ${e.item}` : ''}${e.detail ? ` (${e.detail})` : ''}`,
  );
}
