// A loopback SMTP server: the real smtp-server package (nodemailer's own), with PLAIN, LOGIN and
// XOAUTH2, STARTTLS (given a key and certificate) or implicit TLS, and 535 for bad credentials.
// Mail it receives is counted, never delivered. The demo ships it; tests use the same peer.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface FakeSmtpOptions {
  /** Implicit TLS on connect (port 465 style); otherwise plain with STARTTLS when a key is given. */
  secure?: boolean;
  key?: string;
  cert?: string;
}

export class FakeSmtp {
  private server: SMTPServer | undefined;
  readonly users = new Map<string, string>();
  /** XOAUTH2: decides whether an access token is good for a user. */
  acceptsToken: (user: string, token: string) => boolean = () => false;
  readonly received: { from: string; to: string[] }[] = [];
  readonly logins: { user: string; method: string; ok: boolean }[] = [];
  port = 0;

  async start(opts: FakeSmtpOptions = {}): Promise<void> {
    const server = new SMTPServer({
      secure: opts.secure ?? false,
      key: opts.key,
      cert: opts.cert,
      // Without a certificate there is nothing to offer STARTTLS with.
      disabledCommands: opts.key ? [] : ['STARTTLS'],
      // Loopback tests and the demo authenticate without TLS when it is off.
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        const user = auth.username ?? '';
        const ok =
          auth.method === 'XOAUTH2'
            ? this.acceptsToken(user, auth.accessToken ?? '')
            : this.users.has(user) && this.users.get(user) === auth.password;
        this.logins.push({ user, method: auth.method, ok });
        if (!ok) return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        callback(null, { user });
      },
      onData: (stream, session, callback) => {
        stream.resume();
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    // A failed TLS handshake is an 'error' event: unhandled, it would end the process.
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
