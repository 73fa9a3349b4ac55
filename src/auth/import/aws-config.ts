// `authui import aws`: an AWS shared config file (and, for names only unless asked, the
// credentials file) mapped to authui nodes. Parsing is the `ini` package's; this module only maps
// sections to kinds and finds the line each section starts on, so every conflict and every
// section it cannot map is reported where it came from. Nothing here writes anything.
import { parse } from 'ini';
import { nameProblem, shellWord } from '../names.js';

export interface ImportNote {
  file: string;
  line: number;
  /** conflict: two sections want one name; skipped: not mapped; suggestion: a hint for a tool's profile. */
  level: 'conflict' | 'skipped' | 'suggestion';
  message: string;
}

type Node = Record<string, unknown>;

export interface ImportResult {
  providers: Record<string, Node>;
  identities: Record<string, Node>;
  notes: ImportNote[];
  /** Static keys found in the credentials file, by identity name (stored only with `--keys`). */
  keys: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

export interface ImportInput {
  config: { path: string; text: string };
  credentials?: { path: string; text: string };
}

type Section = Record<string, string>;

/** Where each section header is, in file order ("profile dev" → [3, 40] when it appears twice). */
function headerLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, index) => {
    const name = /^\s*\[([^\]]+)\]/.exec(line)?.[1]?.trim();
    if (name) lines.set(name, [...(lines.get(name) ?? []), index + 1]);
  });
  return lines;
}

function sectionsOf(text: string): Record<string, Section> {
  // `ini` reads dots in a section name as nesting; AWS profile names keep them ("staging.dev").
  const escaped = text.replace(
    /^(\s*\[)([^\]]+)(\])/gm,
    (_, open: string, name: string, close: string) => `${open}${name.replaceAll('.', '\\.')}${close}`,
  );
  const parsed = parse(escaped) as Record<string, unknown>;
  const sections: Record<string, Section> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'object' || value === null) continue; // a key before any section
    const section: Section = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>))
      if (typeof v === 'string') section[key.trim()] = v.trim();
      else if (v === true) section[key.trim()] = '';
    sections[name.trim()] = section;
  }
  return sections;
}

/** "profile dev" → "dev", "default" → "default"; other section kinds → undefined. */
function profileName(section: string): string | undefined {
  if (section === 'default') return 'default';
  return /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
}

const TOOLS: [RegExp, string][] = [
  [/\baws-vault\b/, 'aws-vault'],
  [/\bgranted\b|\bassumego\b/, 'Granted'],
  [/\baws-sso\b/, 'aws-sso-cli'],
  [/\bleapp\b/i, 'Leapp'],
];

export function importAwsConfig(input: ImportInput): ImportResult {
  const { config } = input;
  const sections = sectionsOf(config.text);
  const lines = headerLines(config.text);
  const credentials = input.credentials ? sectionsOf(input.credentials.text) : {};
  const result: ImportResult = { providers: {}, identities: {}, notes: [], keys: {} };
  const lineOf = (section: string) => lines.get(section)?.[0] ?? 1;
  const note = (section: string, level: ImportNote['level'], message: string) =>
    result.notes.push({ file: config.path, line: lineOf(section), level, message });
  const taken = (name: string) => name in result.providers || name in result.identities;
  /** MFA serials of role profiles, moved to the user they chain from. */
  const mfaFor = new Map<string, { serial: string; section: string }>();

  for (const [section, found] of lines)
    if (found.length > 1)
      result.notes.push({
        file: config.path,
        line: found[1] as number,
        level: 'conflict',
        message: `[${section}] appears ${found.length} times (also line ${found[0]}); their keys were merged, the later value winning`,
      });

  // IAM Identity Center sessions first: profiles point at them.
  const ssoProviders = new Map<string, string>();
  for (const [section, values] of Object.entries(sections)) {
    const name = /^sso-session\s+(.+)$/.exec(section)?.[1]?.trim();
    if (!name) continue;
    if (!values.sso_start_url || !values.sso_region) {
      note(section, 'skipped', `[${section}] needs sso_start_url and sso_region`);
      continue;
    }
    const problem = nameProblem(name);
    if (problem) {
      note(section, 'skipped', `[${section}]: the name cannot be used (${problem})`);
      continue;
    }
    result.providers[name] = {
      kind: 'aws/iam-identity-center',
      region: values.sso_region,
      start_url: values.sso_start_url,
    };
    ssoProviders.set(name, name);
  }

  /** A provider for a legacy profile that names its start URL itself; one per start URL. */
  const legacyProvider = (section: string, values: Section): string => {
    const url = values.sso_start_url as string;
    for (const [name, node] of Object.entries(result.providers)) if (node.start_url === url) return name;
    const host = /^https?:\/\/([^./]+)/.exec(url)?.[1] ?? 'sso';
    let name = `${host}-sso`;
    for (let i = 2; taken(name); i++) name = `${host}-sso-${i}`;
    result.providers[name] = { kind: 'aws/iam-identity-center', region: values.sso_region, start_url: url };
    note(
      section,
      'suggestion',
      `[${section}] uses the legacy sso_start_url form; its sign-in became provider "${name}"`,
    );
    return name;
  };

  const profiles = Object.entries(sections)
    .map(([section, values]) => ({ section, values, name: profileName(section) }))
    .filter((p): p is { section: string; values: Section; name: string } => p.name !== undefined);
  const sourced = new Set(profiles.map((p) => p.values.source_profile).filter((s): s is string => Boolean(s)));
  // Profiles that exist only in the credentials file (a [default] with keys, say) are users too.
  for (const name of Object.keys(credentials))
    if (!profiles.some((p) => p.name === name)) profiles.push({ section: name, values: {}, name });

  for (const { section, values, name } of profiles) {
    const problem = nameProblem(name);
    if (problem) {
      note(section, 'skipped', `[${section}]: the name cannot be used (${problem})`);
      continue;
    }
    if (taken(name)) {
      note(
        section,
        'conflict',
        `[${section}]: "${name}" is already the name of an sso-session; the profile was left out`,
      );
      continue;
    }
    const region = values.region;
    if (values.credential_process !== undefined) {
      const tool = TOOLS.find(([pattern]) => pattern.test(values.credential_process as string))?.[1];
      note(
        section,
        tool ? 'suggestion' : 'skipped',
        tool
          ? `[${section}] gets its credentials from ${tool}; define the identity ${tool} signs in to in authui, then point the profile at "authui credential-process ${shellWord(name)}"`
          : `[${section}] uses credential_process, which authui does not take over`,
      );
      continue;
    }
    if (values.sso_account_id !== undefined || values.sso_role_name !== undefined) {
      const provider = values.sso_session
        ? ssoProviders.get(values.sso_session)
        : values.sso_start_url && values.sso_region
          ? legacyProvider(section, values)
          : undefined;
      if (!provider || !values.sso_account_id || !values.sso_role_name) {
        note(
          section,
          'skipped',
          `[${section}] needs sso_account_id, sso_role_name and an sso_session that was imported (or sso_start_url + sso_region)`,
        );
        continue;
      }
      result.identities[name] = {
        kind: 'aws/permission-set',
        via: { provider },
        principal: {
          name: values.sso_role_name,
          account: { id: values.sso_account_id },
          ...(region ? { region } : {}),
        },
      };
      continue;
    }
    if (values.role_arn !== undefined) {
      if (!values.source_profile) {
        const why = values.credential_source
          ? `credential_source = ${values.credential_source}`
          : values.web_identity_token_file
            ? 'web_identity_token_file'
            : 'no source_profile';
        note(section, 'skipped', `[${section}] assumes its role with ${why}, which authui cannot chain from`);
        continue;
      }
      const duration = Number(values.duration_seconds);
      result.identities[name] = {
        kind: 'aws/assume-role',
        via: { identity: values.source_profile },
        principal: {
          assume_role: values.role_arn,
          ...(values.role_session_name ? { session_name: values.role_session_name } : {}),
          ...(values.external_id ? { external_id: values.external_id } : {}),
          ...(region ? { region } : {}),
        },
        ...(Number.isInteger(duration) && duration > 0 ? { session: { duration } } : {}),
      };
      // MFA is the user's in authui: the serial goes to the user the chain starts from.
      if (values.mfa_serial) mfaFor.set(values.source_profile, { serial: values.mfa_serial, section });
      continue;
    }
    const keys = credentials[name];
    const hasKeys = Boolean(
      (keys?.aws_access_key_id && keys.aws_secret_access_key) ||
      (values.aws_access_key_id && values.aws_secret_access_key),
    );
    if (!hasKeys && !sourced.has(name)) {
      if (Object.keys(values).some((k) => k !== 'region' && k !== 'output'))
        note(section, 'skipped', `[${section}] has no credentials authui can map`);
      continue;
    }
    result.identities[name] = {
      kind: 'aws/user',
      credentials: { ...(region ? { region } : {}), ...(values.mfa_serial ? { mfa_arn: values.mfa_serial } : {}) },
    };
    const pair = keys?.aws_access_key_id ? keys : values;
    if (pair.aws_access_key_id && pair.aws_secret_access_key)
      result.keys[name] = { accessKeyId: pair.aws_access_key_id, secretAccessKey: pair.aws_secret_access_key };
  }

  for (const [user, { serial, section }] of mfaFor) {
    const node = result.identities[user];
    if (node?.kind !== 'aws/user') continue;
    const creds = node.credentials as Record<string, unknown>;
    if (creds.mfa_arn === undefined) creds.mfa_arn = serial;
    else if (creds.mfa_arn !== serial)
      note(
        section,
        'conflict',
        `[${section}] names MFA device ${serial}, but "${user}" already uses ${String(creds.mfa_arn)}`,
      );
  }

  // A role whose source was not imported goes too (and so, in turn, what chains from it).
  for (let dropped = true; dropped;) {
    dropped = false;
    for (const [name, node] of Object.entries(result.identities)) {
      const source = (node.via as { identity?: string } | undefined)?.identity;
      if (source === undefined || source in result.identities) continue;
      const section = name === 'default' ? 'default' : `profile ${name}`;
      note(
        section,
        'skipped',
        `[${section}]: source_profile "${source}" was not imported, so neither was this profile`,
      );
      delete result.identities[name];
      dropped = true;
    }
  }
  return result;
}
