import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { keysPromptSpec } from '../../src/auth/kinds/aws/user/index.js';
import { CredentialForm } from '../../src/screens/CredentialForm.js';
import { frameText, settle } from '../helpers/ui.js';
import { eventually } from '../helpers/wait.js';

const SECRET = 'CANARY-FORM-SECRET-1234567890';

describe('CredentialForm', () => {
  it('renders the AWS keys spec, masks the secret, shows errors inline, and submits', async () => {
    let submitted: Record<string, string> | undefined;
    const ui = render(
      <CredentialForm
        spec={keysPromptSpec('dev', { mfaArn: 'arn:aws:iam::111122223333:mfa/dev', durationSeconds: 43200 })}
        width={100}
        onSubmit={(v) => (submitted = v)}
        onCancel={() => {}}
      />,
    );
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
    // Accept both defaults: one Enter per field, each after the frame that moved the cursor.
    for (let i = 0; i < 3; i++) {
      ui.stdin.write('\r');
      await settle();
    }
    await eventually(() => expect(submitted).toBeDefined());
    expect(submitted).toEqual({
      access_key_id: 'AKIAFORMTEST00000001',
      secret_access_key: SECRET,
      mfa_arn: 'arn:aws:iam::111122223333:mfa/dev',
      session_duration: '12h',
    });
    for (const frame of ui.frames) expect(frame).not.toContain(SECRET);
  });

  it('a 1 MB paste is refused on one line, and a long pasted secret shows as one line of bullets', async () => {
    let submitted: Record<string, string> | undefined;
    const ui = render(
      <CredentialForm
        spec={keysPromptSpec('dev', { durationSeconds: 43200 })}
        width={80}
        onSubmit={(v) => (submitted = v)}
        onCancel={() => {}}
      />,
    );
    ui.stdin.write('AKIAFORMTEST00000001\r');
    await settle();
    ui.stdin.write('s'.repeat(1024 * 1024));
    await settle();
    expect(frameText(ui)).toContain('✗ Too long: Secret Access Key takes at most 16,384 characters');
    const long = `${SECRET}${'z'.repeat(2_000)}`;
    ui.stdin.write(long);
    await settle();
    const frame = frameText(ui);
    expect(frame).not.toContain('Too long');
    // The field is one line wide: a leading … and bullets, never 2,000 of them.
    const line = frame.split('\n').find((l) => l.includes('Secret Access Key:')) as string;
    expect(line).toMatch(/Secret Access Key: …•+▏/);
    expect(line.length).toBeLessThanOrEqual(80);
    for (let i = 0; i < 3; i++) {
      ui.stdin.write('\r');
      await settle();
    }
    await eventually(() => expect(submitted).toBeDefined());
    expect(submitted?.secret_access_key).toBe(long);
    for (const f of ui.frames) expect(f).not.toContain(SECRET);
  });

  it('esc cancels', async () => {
    let cancelled = false;
    const ui = render(
      <CredentialForm
        spec={keysPromptSpec('dev', { durationSeconds: 3600 })}
        width={100}
        onSubmit={() => {}}
        onCancel={() => (cancelled = true)}
      />,
    );
    ui.stdin.write('\u001b');
    await settle(60);
    expect(cancelled).toBe(true);
  });

  it('tab, shift-tab and arrows move between fields, validating the one left', async () => {
    const ui = render(
      <CredentialForm
        spec={keysPromptSpec('dev', { durationSeconds: 3600 })}
        width={100}
        onSubmit={() => {}}
        onCancel={() => {}}
      />,
    );
    ui.stdin.write('\t');
    await settle();
    expect(frameText(ui)).toMatch(/› Access Key ID:[^\n]*\n\s+✗ Access Key ID is required/);
    ui.stdin.write('AKIAFORMTEST00000001');
    await settle();
    ui.stdin.write('\t');
    await settle();
    expect(frameText(ui)).toContain('› Secret Access Key:');
    ui.stdin.write('\u001b[B'); // down: the empty secret is required
    await settle();
    expect(frameText(ui)).toContain('✗ Secret Access Key is required');
    ui.stdin.write('\u001b[A'); // up
    await settle();
    expect(frameText(ui)).toContain('› Access Key ID: AKIAFORMTEST00000001▏');
    ui.stdin.write('\u001b[Z'); // shift-tab on the first field stays there
    await settle();
    expect(frameText(ui)).toContain('› Access Key ID:');
  });

  it('ctrl-r shows the secret only while its field is active, and hides it on leaving', async () => {
    const ui = render(
      <CredentialForm
        spec={keysPromptSpec('dev', { durationSeconds: 3600 })}
        width={100}
        onSubmit={() => {}}
        onCancel={() => {}}
      />,
    );
    ui.stdin.write('AKIAFORMTEST00000001\r');
    await settle();
    ui.stdin.write(SECRET);
    await settle();
    expect(frameText(ui)).toContain('(ctrl-r shows)');
    ui.stdin.write('\x12'); // ctrl-r
    await settle();
    expect(frameText(ui)).toContain(`${SECRET}▏`);
    ui.stdin.write('\r');
    await settle();
    expect(frameText(ui)).not.toContain(SECRET);
    expect(frameText(ui)).toContain('•'.repeat(SECRET.length));
    ui.stdin.write('\u001b[A');
    await settle();
    expect(frameText(ui)).not.toContain(SECRET);
  });

  it('MFA: device and identity, six slots, digits only, paste works, short codes refused, a new code after a refusal', async () => {
    let submitted: Record<string, string> | undefined;
    const spec = {
      title: 'MFA code for dev',
      description: 'Device: arn:aws:iam::111122223333:mfa/dev',
      fields: [
        {
          name: 'code',
          title: 'MFA code',
          required: true,
          secret: false,
          kind: 'otp' as const,
          validate: (v: string) => (/^\d{6}$/.test(v) ? undefined : 'enter the 6 digits shown by the device'),
        },
      ],
    };
    const ui = render(<CredentialForm spec={spec} width={100} onSubmit={(v) => (submitted = v)} onCancel={() => {}} />);
    expect(frameText(ui)).toContain('Device: arn:aws:iam::111122223333:mfa/dev');
    expect(frameText(ui)).toContain('MFA code: _ _ _ _ _ _');
    ui.stdin.write('12a3');
    await settle();
    expect(frameText(ui)).toContain('MFA code: 1 2 3 _ _ _');
    ui.stdin.write('\r');
    await settle();
    expect(frameText(ui)).toContain('✗ enter the 6 digits shown by the device');
    ui.stdin.write('654 3210'); // a new code after a refused one, pasted with a space; a 7th digit is dropped
    await settle();
    expect(frameText(ui)).toContain('MFA code: 6 5 4 3 2 1');
    ui.stdin.write('\r');
    await settle(60);
    expect(submitted).toEqual({ code: '654321' });
  });
});
