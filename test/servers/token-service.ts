// The loopback token service lives in src/demo (the demo ships it); tests use the same peer.
export * from '../../src/demo/fake-token-service.js';
