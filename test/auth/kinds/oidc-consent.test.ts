// What the catalogue asks of consent: Google's unverified apps and Entra's admin consent are
// explained where the provider says consent is needed, and Entra's admin-consent URL is built
// from the node's tenant and client.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import { entraAdminConsentUrl, PRESETS } from '../../../src/auth/kinds/oidc/presets.js';
import { fromOAuthError, type Provider } from '../../../src/auth/kinds/oidc/server.js';

const provider = (preset: keyof typeof PRESETS, settings: Record<string, unknown>) =>
  ({ node: { name: 'corp' }, context: { provider: 'corp' }, preset: PRESETS[preset], settings }) as unknown as Provider;

describe('consent guidance', () => {
  it('Google: a consent_required names the test users of an unverified app', () => {
    const error = fromOAuthError(provider('google', { client_id: 'x.apps.googleusercontent.com' }), {
      error: 'consent_required',
    });
    expect(error.code).toBe('consent_required');
    expect(error.hint).toContain('OAuth consent screen → Test users');
    expect(error.hint).toContain('Run "authui login corp" in a terminal.');
  });

  it("Entra: the admin-consent URL of the node's tenant and client", () => {
    const url = new URL(entraAdminConsentUrl({ tenant: 'contoso.onmicrosoft.com', client_id: 'app-123' }));
    expect(url.origin + url.pathname).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent',
    );
    expect(url.searchParams.get('client_id')).toBe('app-123');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost');
    const error = fromOAuthError(provider('entra', { tenant: 'contoso.onmicrosoft.com', client_id: 'app-123' }), {
      error: 'consent_required',
    });
    expect(error.hint).toContain(url.href);
  });

  it('admin_consent belongs to the entra preset; elsewhere it is a validate error', async () => {
    const ok = await parseConfigText(
      'auth:\n  providers:\n    corp: { kind: oidc, preset: entra, tenant: contoso.onmicrosoft.com, client_id: app-123, admin_consent: true }\n',
      'c.yaml',
      'authui',
    );
    expect(ok.issues).toEqual([]);
    const wrong = await parseConfigText(
      'auth:\n  providers:\n    g: { kind: oidc, preset: google, client_id: x, admin_consent: true }\n',
      'c.yaml',
      'authui',
    );
    expect(wrong.issues.map((i) => i.message)).toContain('"admin_consent" applies only to preset: entra');
  });
});
