/** AWS credentials as tools consume them (what the AWS kinds yield). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
