// A failed connection is said in words: the codes Node gives name no cause a person knows.
import { describe, expect, it } from 'vitest';
import { connectionFailure } from '../../src/auth/net.js';

describe('connectionFailure', () => {
  it.each([
    ['ECONNREFUSED', 'the connection was refused: nothing answers at that address and port'],
    ['socket hang up', 'the connection was closed before an answer came'],
    ['ECONNRESET', 'the connection was closed before an answer came'],
    ['getaddrinfo ENOTFOUND sts.example.invalid', 'the host name does not resolve (DNS)'],
    ['connect ETIMEDOUT 10.0.0.1:443', 'connecting timed out'],
    ['the answer is larger than 4 MB', 'its answer was larger than authui reads (4 MB), and was cut off'],
    [
      'bad port',
      'authui sends no request to that port (one of another protocol, such as 25 for mail, which the Fetch standard blocks)',
    ],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'the TLS handshake failed: the certificate is not one this machine trusts'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'the TLS handshake failed: the certificate is not one this machine trusts'],
    ['something else', 'the connection failed'],
    [undefined, 'the connection failed'],
  ])('%s', (code, words) => {
    expect(connectionFailure(code)).toBe(words);
  });
});
