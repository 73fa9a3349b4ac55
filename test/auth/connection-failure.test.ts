// A failed connection is said in words: the codes Node and undici give name no cause a person knows.
import { describe, expect, it } from 'vitest';
import { connectionFailure } from '../../src/auth/net.js';

describe('connectionFailure', () => {
  it.each([
    ['ECONNREFUSED', 'the connection was refused: nothing answers at that address and port'],
    ['UND_ERR_SOCKET', 'the connection was closed before an answer came'],
    ['ECONNRESET', 'the connection was closed before an answer came'],
    ['getaddrinfo ENOTFOUND sts.example.invalid', 'the host name does not resolve (DNS)'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connecting timed out'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'the TLS handshake failed: the certificate is not one this machine trusts'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'the TLS handshake failed: the certificate is not one this machine trusts'],
    ['something else', 'the connection failed'],
    [undefined, 'the connection failed'],
  ])('%s', (code, words) => {
    expect(connectionFailure(code)).toBe(words);
  });
});
