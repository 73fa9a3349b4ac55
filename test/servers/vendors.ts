// The loopback API-key vendors live in src/demo (the demo ships them); tests use the same peer.
export * from '../../src/demo/fake-vendors.js';
