// « Où suis-je ? »: what the strip above the démarche's page says about the site shown now, from its host
// (ViewState.pageHost: the host name only, never a path or query). Pure, for a unit test.

/** The strip's sentence: FranceConnect's own, a State site (.gouv.fr), the resident's bank while paying, another site, or no strip at all. */
export type WhereAmI = { kind: 'franceconnect' } | { kind: 'state'; host: string } | { kind: 'bank'; host: string } | { kind: 'site'; host: string } | null;

/** ASCII lower case only: an IDN (or its punycode) stays as given. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** `onBank`: the engine says the page is a bank's inside a payment chain (ViewState.pageOnBank), whatever its name. */
export function whereAmI(pageHost: string | null | undefined, onBank = false): WhereAmI {
  const host = asciiLower(pageHost ?? '')
    .trim()
    .replace(/\.$/, '');
  if (!host) return null;
  if (host === 'franceconnect.gouv.fr' || host.endsWith('.franceconnect.gouv.fr')) return { kind: 'franceconnect' };
  const shown = host.startsWith('www.') && host.length > 4 ? host.slice(4) : host;
  if (onBank) return { kind: 'bank', host: shown };
  return host.endsWith('.gouv.fr') ? { kind: 'state', host: shown } : { kind: 'site', host: shown };
}
