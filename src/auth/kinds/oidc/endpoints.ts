// Where a node's provider is, from its settings alone (no network, no oauth4webapi): the
// endpoints given by hand or by a preset, else the issuer to discover. `status` and logout plans
// read this; the flows build on it (server.ts).
import { presetOf, type Endpoints, type Preset } from './presets.js';
import type { Settings } from './schema.js';

/** The endpoints this node names by hand (settings or preset), or undefined for discovery. */
export function manualEndpoints(settings: Settings, preset: Preset | undefined): Endpoints | undefined {
  if (preset?.endpoints) return preset.endpoints(settings);
  if (settings.token_endpoint === undefined) return undefined;
  const {
    authorization_endpoint,
    token_endpoint,
    userinfo_endpoint,
    revocation_endpoint,
    device_authorization_endpoint,
  } = settings;
  return {
    authorization_endpoint,
    token_endpoint,
    userinfo_endpoint,
    revocation_endpoint,
    device_authorization_endpoint,
  };
}

/** Where discovery starts for this node, when it uses discovery. */
export function issuerOf(settings: Settings): string | undefined {
  const preset = presetOf(settings.preset);
  if (manualEndpoints(settings, preset)) return undefined;
  return preset?.issuer?.(settings) ?? settings.issuer;
}

/** A host to name this provider by, from config alone (status, errors). */
export function originOf(settings: Settings): string {
  const preset = presetOf(settings.preset);
  return new URL(issuerOf(settings) ?? (manualEndpoints(settings, preset) as Endpoints).token_endpoint).origin;
}
