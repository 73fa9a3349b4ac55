// Where a sign-in link may lead: the prompt broker shows a background command's link in the
// dashboard only when it leads to a place the node's configuration names (its kind's
// `signInPlaces`), so another process cannot send the user elsewhere.
import { urlProblem } from '../net.js';

export interface SignInPlaces {
  /** Exact origins. */
  origins: string[];
  /** Domains whose subdomains count too (https only). */
  domains?: readonly string[];
}

export function leadsTo(places: SignInPlaces, url: string): boolean {
  if (urlProblem(url) !== undefined) return false;
  const target = new URL(url);
  return (
    places.origins.includes(target.origin) ||
    (target.protocol === 'https:' &&
      (places.domains ?? []).some((d) => target.hostname === d || target.hostname.endsWith(`.${d}`)))
  );
}
