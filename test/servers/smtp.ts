// The loopback SMTP server lives in src/demo (the demo ships it); tests use the same peer.
export * from '../../src/demo/fake-smtp.js';
