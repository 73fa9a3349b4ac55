// IAM identifiers, kept out of the zod schema module so the fast paths can use them.
export const MFA_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;
export const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
