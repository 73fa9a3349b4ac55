// What every AWS SDK client of ours shares: the client package loaded on first use (it is heavy),
// without the SDK's Node-version warning (it would tear the TUI and clutter credential-process
// output), and one configuration: our retries (retry.ts), our network timeout, and a copy of
// the credentials (the SDK marks the object it is given with `$source`, and ours are stored).
import type { AwsCredentials } from '../../credential-types.js';
import { networkTimeoutMs } from '../../net.js';
import type { Env } from '../../paths.js';
import { awsRetryStrategy } from './retry.js';

/** A loader for one SDK client package: imported on the first call, the same promise after. */
export function lazySdk<Module>(load: () => Promise<Module>): () => Promise<Module> {
  let loaded: Promise<Module> | undefined;
  return () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    loaded ??= load();
    return loaded;
  };
}

/** The configuration our clients are made with. */
export function clientConfig(opts: { region: string; endpoint?: string; credentials: AwsCredentials; env: Env }) {
  const timeout = networkTimeoutMs(opts.env);
  return {
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: { ...opts.credentials },
    retryStrategy: awsRetryStrategy(),
    // Without throwOnRequestTimeout the SDK only logs a warning (which would also tear the TUI).
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
  };
}
