import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { keysPromptSpec } from '../../src/auth/kinds/aws-user.js';
import { CredentialForm } from '../../src/screens/CredentialForm.js';
import { frameText, settle } from '../helpers/ui.js';

const SECRET = 'CANARY-FORM-SECRET-1234567890';

describe('CredentialForm', () => {
  it('renders the AWS keys spec, masks the secret, shows errors inline, and submits', async () => {
    let submitted: Record<string, string> | undefined;
    const ui = render(<CredentialForm spec={keysPromptSpec('dev', { mfaArn: 'arn:aws:iam::111122223333:mfa/dev', durationSeconds: 43200 })} width={100} onSubmit={(v) => (submitted = v)} onCancel={() => {}} />);
    expect(frameText(ui)).toContain('AWS access keys for dev');
    expect(frameText(ui)).toContain('MFA ARN [arn:aws:iam::111122223333:mfa/dev]:');
    expect(frameText(ui)).toContain('Session Duration [12h]:');
    ui.stdin.write('nope\r');
    await settle();
    expect(frameText(ui)).toContain('✗ expected 20 characters starting with AKIA');
    for (let i = 0; i < 4; i++) ui.stdin.write('\x7f');
    ui.stdin.write('AKIAFORMTEST00000001\r');
    await settle();
    ui.stdin.write(`${SECRET}`);
    await settle();
    expect(frameText(ui)).toContain('•'.repeat(SECRET.length));
    expect(ui.lastFrame()).not.toContain(SECRET);
    ui.stdin.write('\r\r\r'); // accept both defaults
    await settle(60);
    expect(submitted).toEqual({ access_key_id: 'AKIAFORMTEST00000001', secret_access_key: SECRET, mfa_arn: 'arn:aws:iam::111122223333:mfa/dev', session_duration: '12h' });
    for (const frame of ui.frames) expect(frame).not.toContain(SECRET);
  });

  it('esc cancels', async () => {
    let cancelled = false;
    const ui = render(<CredentialForm spec={keysPromptSpec('dev', { durationSeconds: 3600 })} width={100} onSubmit={() => {}} onCancel={() => (cancelled = true)} />);
    ui.stdin.write('\u001b');
    await settle(60);
    expect(cancelled).toBe(true);
  });
});
