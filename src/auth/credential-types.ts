// The credential types: what a session can yield to a child step of its chain and to tools, in
// one table. A kind declares which it provides (kind.ts, `provides`) and hands out their values
// (`yields`); what the engine does with each type is read from here, never from a kind's name:
// whether the short-lived session cache may keep it, what `authui token` prints it as, and how
// messages name it. A new type is one field of Yields and one row of the table.

/** AWS credentials as tools consume them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What a session hands to a child step and to consumers (`credential-process`, `exec`, `token`). */
export interface Yields {
  aws?: AwsCredentials;
  /** An OpenID Connect ID token (AWS web identity federation, kubectl). */
  idToken?: string;
  /** An IAM Identity Center access token (the AWS access portal's API). */
  ssoToken?: string;
  /** An OAuth bearer token. */
  accessToken?: string;
  /** A long-lived API key (api-key/*): what `token` prints and a fallback hands out. */
  apiKey?: string;
  /** The secret of a key + secret pair (api-key/generic with `with_secret`). */
  apiSecret?: string;
  /** The account name that goes with `apiKey` when it is a password (smtp). */
  username?: string;
}

export type CredentialType = keyof Yields;

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

/** The types whose value is a string (the ones a token can be). */
type TextType = { [K in CredentialType]-?: Yields[K] extends string | undefined ? K : never }[CredentialType];

/** Only a text type may be printed as a token: the type says so. */
type Table = { [K in CredentialType]: K extends TextType ? CredentialTypeFacts : Omit<CredentialTypeFacts, 'token'> };

export const CREDENTIAL_TYPES: Readonly<Table> = {
  aws: { shown: 'AWS credentials', cached: true },
  idToken: { shown: 'ID token', cached: true, token: 'id' },
  ssoToken: { shown: 'IAM Identity Center access token', cached: true },
  accessToken: { shown: 'bearer token', cached: true, token: 'bearer' },
  apiKey: { shown: 'API key', cached: false, token: 'bearer' },
  apiSecret: { shown: 'API secret', cached: false },
  username: { shown: 'user name', cached: false },
};

const TYPES = Object.keys(CREDENTIAL_TYPES) as CredentialType[];

/** The types `authui token` prints as `what`, in the order it looks for them. */
export function tokenTypes(what: 'bearer' | 'id'): readonly TextType[] {
  return TYPES.filter((type): type is TextType => printsAs(type, what));
}

/** Whether `type` is one `authui token` prints as `what`. */
export function printsAs(type: CredentialType, what: 'bearer' | 'id'): boolean {
  return (CREDENTIAL_TYPES[type] as CredentialTypeFacts).token === what;
}

/** The types the short-lived session cache may keep. */
export const CACHED_TYPES: readonly CredentialType[] = TYPES.filter((type) => CREDENTIAL_TYPES[type].cached);
