// Which blocked site the agent d'accueil may open for the rest of an assisted session (issue 15, the agent's
// panel): one exact host name, for https only (the navigation policy refuses plain http whatever the allow-list
// says). Never a pattern (`*.`), an IP address, a scheme the blocked screen names instead of a host (`file:`,
// `chrome:`, `mailto:`…) or this machine. The machine's guard and the engine's grant both ask this function.
import { isLoopbackHost } from './navigation';
import { normalizeHost } from './hosts';

/** A DNS name of at least two labels whose last label is a real top-level domain (letters, or xn-- IDN). */
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The host to grant, normalized (`Example.FR.` → `example.fr`), or null when it may not be granted.
 * `allowLoopback`: tests only, as the navigation policy's (the engine's own option).
 */
export function grantableHost(host: string | null | undefined, options: { allowLoopback?: boolean } = {}): string | null {
  if (typeof host !== 'string') return null;
  const h = normalizeHost(host.trim());
  if (!DNS_NAME.test(h)) return null;
  if (isLoopbackHost(h) && !options.allowLoopback) return null;
  return h;
}
