// The loopback IAM Identity Center lives in src/demo (the demo ships it); tests use the same peer.
export * from '../../src/demo/fake-sso.js';
