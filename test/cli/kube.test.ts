// kube token's ExecCredential versions and kube config's refusals: hostile or broken input is a
// usage error that names the problem, and a kubeconfig authui cannot read is left as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execCredential, requestedApiVersion } from '../../src/cli/exec-credential.js';
import { runCommand } from '../helpers/cli.js';
import { cliWorkspace } from '../helpers/workspace.js';

describe('kube token', () => {
  it('answers in the ExecCredential version kubectl asks for, and refuses one it does not speak', () => {
    const info = (apiVersion: unknown) => JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: {} });
    expect(requestedApiVersion(undefined)).toBe('client.authentication.k8s.io/v1beta1');
    expect(requestedApiVersion(info('client.authentication.k8s.io/v1'))).toBe('client.authentication.k8s.io/v1');
    expect(requestedApiVersion(info('client.authentication.k8s.io/v1beta1'))).toBe(
      'client.authentication.k8s.io/v1beta1',
    );
    for (const bad of [info('client.authentication.k8s.io/v1alpha1'), info(7), '{', 'null', '[]'])
      expect(() => requestedApiVersion(bad)).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(
      JSON.parse(execCredential('client.authentication.k8s.io/v1', 'tok', Date.UTC(2026, 11, 5, 12, 0, 0, 500))),
    ).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: {},
      status: { token: 'tok', expirationTimestamp: '2026-12-05T12:00:00Z' },
    });
  });

  it('says a node that yields no AWS credentials and no ID token cannot serve kubectl, before any login', async () => {
    const ws = cliWorkspace(
      'auth:\n  keyring: { type: file }\n  providers:\n    ts: { kind: api-key/generic }\n',
      'pw-kube-1',
    );
    const run = await runCommand(['kube', 'token', 'ts'], { env: ws.env, cwd: ws.cwd });
    expect(run.stderr).toContain('"ts" yields neither AWS credentials nor an ID token');
    expect(run.code).toBe(2);
  });
});

describe('kube config', () => {
  const CONFIG = 'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user }\n';

  it('refuses a plain-http server, a name it would not write, a missing or non-PEM CA, and missing flags', async () => {
    const ws = cliWorkspace(CONFIG, 'pw-kube-2');
    const notPem = join(ws.dir, 'ca.txt');
    writeFileSync(notPem, 'hello\n');
    const kubeconfig = join(ws.dir, 'kubeconfig');
    const base = ['kube', 'config', 'dev', '--kubeconfig', kubeconfig];
    for (const [args, said] of [
      [['--cluster', 'c', '--server', 'http://10.0.0.1'], /--server must be an https:\/\/ URL/],
      [['--cluster', 'c', '--server', 'not a url'], /is not a URL/],
      [['--cluster', 'c\u001b]0;x\u0007', '--server', 'https://h'], /is not a kubeconfig entry name/],
      [
        ['--cluster', 'c', '--context', '../x', '--server', 'https://h'],
        /--context "..\/x" is not a kubeconfig entry name/,
      ],
      [['--cluster', 'c', '--server', 'https://h', '--ca', join(ws.dir, 'none.pem')], /Cannot read --ca .*ENOENT/],
      [['--cluster', 'c', '--server', 'https://h', '--ca', notPem], /holds no PEM certificate/],
      [['--server', 'https://h'], /kube config needs --cluster/],
      [['--cluster', 'c'], /kube config needs --server/],
    ] as const) {
      const run = await runCommand([...base, ...args], { env: ws.env, cwd: ws.cwd });
      expect(run.stderr, args.join(' ')).toMatch(said);
      expect(run.stderr).not.toContain('\u001b');
      expect(run.code).toBe(2);
    }
  });

  it('leaves a kubeconfig it cannot read exactly as it was', async () => {
    const ws = cliWorkspace(CONFIG, 'pw-kube-3');
    for (const text of ['clusters: [unclosed\n', '- a list\n', 'clusters: not-a-list\n']) {
      const kubeconfig = join(ws.dir, 'kubeconfig');
      writeFileSync(kubeconfig, text);
      const run = await runCommand(
        ['kube', 'config', 'dev', '--cluster', 'c', '--server', 'https://h', '--kubeconfig', kubeconfig],
        { env: ws.env, cwd: ws.cwd },
      );
      expect(run.stderr, text).toMatch(/is left as it is/);
      expect(run.code).toBe(2);
      expect(readFileSync(kubeconfig, 'utf8')).toBe(text);
    }
  });
});
