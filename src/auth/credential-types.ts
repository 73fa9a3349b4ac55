// The credential types: what a session can yield to a child step of its chain and to tools, in
// one table. A kind declares which it provides (kind.ts, `provides`) and hands out their values
// (`yields`); what the engine does with each type is read from here, never from a kind's name:
// whether the short-lived session cache may keep it, what `authui token` prints it as, and how
// messages name it. A new type is one row (docs/architecture.md, "Adding a kind").

/** AWS credentials as tools consume them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A container registry's login, made from a session by an integration (config `auth.integrations`). */
export interface RegistryLogin {
  username: string;
  password: string;
  /** ISO-8601, when the registry stops taking it (an ECR login: 12 hours). */
  expiresAt?: string;
}

/** A node's environment exports kept beside its session, with what they were made from (engine/kept-exports.ts). */
export interface KeptExports {
  variables: Record<string, string>;
  secrets: Record<string, string>;
  /** The names `env` lists instead of printing the secrets. */
  hidden: string[];
  /** Each environment variable the kind read, and its value then (null: unset). */
  read: Record<string, string | null>;
  /** The inputs' fingerprint (engine/kept-exports.ts, `inputsOf`). */
  inputs: string;
}

interface CredentialTypeFacts {
  /** How messages name it. */
  shown: string;
  /**
   * It lives no longer than its session, so the short-lived session cache (session-cache.ts) may
   * keep it beside the AWS files' protection; long-lived secrets stay in the credential store only.
   */
  cached: boolean;
  /** What `authui token` prints it as: the bearer token (in this table's order), or `--id-token`. */
  token?: 'bearer' | 'id';
}

/** A row of the table: its facts, and in its type the shape of its value (only text can be a token). */
function row<Value>(
  facts: Value extends string ? CredentialTypeFacts : Omit<CredentialTypeFacts, 'token'>,
): CredentialTypeFacts & { readonly value?: Value } {
  return facts;
}

export const CREDENTIAL_TYPES = {
  aws: row<AwsCredentials>({ shown: 'AWS credentials', cached: true }),
  /** An OpenID Connect ID token (AWS web identity federation, kubectl). */
  idToken: row<string>({ shown: 'ID token', cached: true, token: 'id' }),
  /** An IAM Identity Center access token (the AWS access portal's API). */
  ssoToken: row<string>({ shown: 'IAM Identity Center access token', cached: true }),
  /** An OAuth bearer token. */
  accessToken: row<string>({ shown: 'bearer token', cached: true, token: 'bearer' }),
  /** A long-lived API key (api-key/*): what `token` prints and a fallback hands out. */
  apiKey: row<string>({ shown: 'API key', cached: false, token: 'bearer' }),
  /** The secret of a key + secret pair (api-key/generic with `with_secret`). */
  apiSecret: row<string>({ shown: 'API secret', cached: false }),
  /** The account name that goes with `apiKey` when it is a password (smtp). */
  username: row<string>({ shown: 'user name', cached: false }),
  /** Not yielded by a kind: a token minted from a session and kept for its short life (an EKS token). */
  minted: row<string>({ shown: 'token made from a session', cached: true }),
  /** Not yielded by a kind: what an integration makes from a session (an ECR login), cached beside it. */
  registry: row<RegistryLogin>({ shown: 'registry login', cached: true }),
  /** Not yielded by a kind: a node's environment exports (engine/kept-exports.ts), cached beside its session. */
  exports: row<KeptExports>({ shown: 'environment exports', cached: true }),
};

export type CredentialType = keyof typeof CREDENTIAL_TYPES;

/** What a session hands to a child step and to consumers (`credential-process`, `exec`, `token`): a value per type. */
export type Yields = { [K in CredentialType]?: NonNullable<(typeof CREDENTIAL_TYPES)[K]['value']> };

/** The types whose value is text (the ones a token can be). */
type TextType = { [K in CredentialType]-?: Yields[K] extends string | undefined ? K : never }[CredentialType];

const TYPES = Object.keys(CREDENTIAL_TYPES) as CredentialType[];

/** Whether `type` is one `authui token` prints as `what`. */
export function printsAs(type: CredentialType, what: 'bearer' | 'id'): boolean {
  return CREDENTIAL_TYPES[type].token === what;
}

/** The types `authui token` prints as `what`, in the order it looks for them. */
export function tokenTypes(what: 'bearer' | 'id'): readonly TextType[] {
  return TYPES.filter((type): type is TextType => printsAs(type, what));
}

/** What `authui token` prints as `what` from a session's yields: the first of tokenTypes it holds. */
export function tokenIn(yields: Yields, what: 'bearer' | 'id'): string | undefined {
  return tokenTypes(what)
    .map((type) => yields[type])
    .find((token) => token !== undefined);
}

/** The types the short-lived session cache may keep. */
export const CACHED_TYPES: readonly CredentialType[] = TYPES.filter((type) => CREDENTIAL_TYPES[type].cached);
