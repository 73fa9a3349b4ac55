// `import aws` mapping, on AWS config files written the ways people write them: sso-session
// blocks and the legacy sso_start_url form, role chains with MFA, aws-vault and Granted
// credential_process profiles, [default], odd spacing, comments, duplicated sections and names
// authui cannot take. Every result must pass the config loader.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import { importAwsConfig } from '../../../src/auth/import/aws-config.js';
import { renderImport } from '../../../src/cli/import-aws.js';

const SSO_AND_ROLES = `# work laptop
[default]
region = eu-west-1
output = json

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile prod-ro]
sso_session = acme
sso_account_id = 444455556666
sso_role_name = ReadOnly
region = eu-central-1

[profile   staging.dev  ]
sso_session=acme
sso_account_id=555566667777
sso_role_name=Developer

[profile legacy-admin]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-west-2
sso_account_id = 111122223333
sso_role_name = AdministratorAccess

[profile legacy-ro]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-west-2
sso_account_id = 111122223333
sso_role_name = ReadOnly

; IAM user with a role chain
[profile dev]
region = us-east-1

[profile dev-admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = dev
mfa_serial = arn:aws:iam::111122223333:mfa/dev
role_session_name = dev-session
duration_seconds = 3600
external_id = ext-123

[profile dev-audit]
role_arn = arn:aws:iam::999988887777:role/Audit
source_profile = dev-admin
region = eu-west-1

[profile vaulted]
credential_process = aws-vault exec work --json

[profile granted-prod]
credential_process = granted credential-process --profile prod

[profile ec2-role]
role_arn = arn:aws:iam::111122223333:role/Ec2
credential_source = Ec2InstanceMetadata

[profile orphan-role]
role_arn = arn:aws:iam::111122223333:role/X
source_profile = nowhere

[profile dev]
output = text

[profile ../escape]
region = us-east-1

[profile acme]
region = us-east-1
aws_access_key_id = AKIAACMECOLLIDES0001
aws_secret_access_key = collide-secret
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = default-secret-canary

[dev]
aws_access_key_id=AKIADEV0000000000001
aws_secret_access_key=dev-secret-canary
`;

describe('import aws', () => {
  const result = importAwsConfig({
    config: { path: '/home/me/.aws/config', text: SSO_AND_ROLES },
    credentials: { path: '/home/me/.aws/credentials', text: CREDENTIALS },
  });

  it('maps sso-session blocks, permission sets, the legacy form, users and role chains', () => {
    expect(result.providers).toEqual({
      acme: { kind: 'aws/iam-identity-center', region: 'us-east-1', start_url: 'https://acme.awsapps.com/start' },
      'legacy-sso': {
        kind: 'aws/iam-identity-center',
        region: 'us-west-2',
        start_url: 'https://legacy.awsapps.com/start',
      },
    });
    expect(result.identities).toMatchObject({
      default: { kind: 'aws/user', credentials: { region: 'eu-west-1' } },
      'prod-ro': {
        kind: 'aws/permission-set',
        via: { provider: 'acme' },
        principal: { name: 'ReadOnly', account: { id: '444455556666' }, region: 'eu-central-1' },
      },
      'staging.dev': { kind: 'aws/permission-set', principal: { name: 'Developer', account: { id: '555566667777' } } },
      'legacy-admin': { via: { provider: 'legacy-sso' }, principal: { name: 'AdministratorAccess' } },
      'legacy-ro': { via: { provider: 'legacy-sso' } },
      // The role profile's MFA serial moves to the user the chain starts from.
      dev: { kind: 'aws/user', credentials: { region: 'us-east-1', mfa_arn: 'arn:aws:iam::111122223333:mfa/dev' } },
      'dev-admin': {
        kind: 'aws/assume-role',
        via: { identity: 'dev' },
        principal: {
          assume_role: 'arn:aws:iam::111122223333:role/Admin',
          session_name: 'dev-session',
          external_id: 'ext-123',
        },
        session: { duration: 3600 },
      },
      'dev-audit': { via: { identity: 'dev-admin' }, principal: { region: 'eu-west-1' } },
    });
    for (const gone of ['vaulted', 'granted-prod', 'ec2-role', 'orphan-role', '../escape', 'acme'])
      expect(result.identities).not.toHaveProperty(gone);
  });

  it('lists what it could not map, conflicts and suggestions with their lines', () => {
    const lines = result.notes.map((n) => `${n.line} ${n.level}: ${n.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^22 suggestion: \[profile legacy-admin\] uses the legacy sso_start_url form/),
        expect.stringMatching(
          /^51 suggestion: \[profile vaulted\] gets its credentials from aws-vault; .*"authui credential-process vaulted"/,
        ),
        expect.stringMatching(/^54 suggestion: \[profile granted-prod\] gets its credentials from Granted/),
        '57 skipped: [profile ec2-role] assumes its role with credential_source = Ec2InstanceMetadata, which authui cannot chain from',
        '65 conflict: [profile dev] appears 2 times (also line 35); their keys were merged, the later value winning',
        expect.stringMatching(/^68 skipped: \[profile \.\.\/escape\]: the name cannot be used/),
        '71 conflict: [profile acme]: "acme" is already the name of an sso-session; the profile was left out',
        '61 skipped: [profile orphan-role]: source_profile "nowhere" was not imported, so neither was this profile',
      ]),
    );
  });

  it('keeps keys out of the YAML; they are only offered to the store', async () => {
    const yaml = renderImport(result, '/home/me/.aws/config');
    for (const secret of ['default-secret-canary', 'dev-secret-canary', 'AKIADEV', 'collide-secret'])
      expect(yaml).not.toContain(secret);
    expect(result.keys).toEqual({
      default: { accessKeyId: 'AKIADEFAULT000000001', secretAccessKey: 'default-secret-canary' },
      dev: { accessKeyId: 'AKIADEV0000000000001', secretAccessKey: 'dev-secret-canary' },
    });
    expect(yaml).toContain('# line 51: [profile vaulted] gets its credentials from aws-vault');
    const { issues } = await parseConfigText(yaml, 'imported.yaml', 'authui');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('a config with nothing but a default region, or no sections at all, gives an empty but valid config', async () => {
    for (const text of ['region = us-east-1\n', '[default]\nregion = us-east-1\n', '']) {
      const empty = importAwsConfig({ config: { path: 'c', text } });
      expect(empty.identities).toEqual({});
      const { issues } = await parseConfigText(renderImport(empty, 'c'), 'i.yaml', 'authui');
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    }
  });

  it('a Windows-edited file (CRLF, tabs, a role as [default] sourced from a user) maps the same way', async () => {
    const text = [
      '[profile base]',
      'region\t=\tap-southeast-2',
      '',
      '[default]',
      'role_arn = arn:aws:iam::123456789012:role/Dev   ',
      'source_profile = base',
      '# trailing comment',
      '',
    ].join('\r\n');
    const windows = importAwsConfig({
      config: { path: 'C:/Users/me/.aws/config', text },
      credentials: {
        path: 'c',
        text: '[base]\r\naws_access_key_id=AKIABASE000000000001\r\naws_secret_access_key=base-secret\r\n',
      },
    });
    expect(windows.identities).toEqual({
      base: { kind: 'aws/user', credentials: { region: 'ap-southeast-2' } },
      default: {
        kind: 'aws/assume-role',
        via: { identity: 'base' },
        principal: { assume_role: 'arn:aws:iam::123456789012:role/Dev' },
      },
    });
    expect(windows.notes).toEqual([]);
    const { issues } = await parseConfigText(renderImport(windows, 'c'), 'i.yaml', 'authui');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
