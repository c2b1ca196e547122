// Host patterns of the allow-list: `example.fr` matches that host only,
// `*.example.fr` matches example.fr and every subdomain of it.

/** Lower-cases a host and drops a trailing dot, so `Impots.Gouv.FR.` and `impots.gouv.fr` compare equal. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/**
 * The host name of an origin or URL, for a screen or the machine's context: no scheme, port, path or
 * credentials (`https://name:pw@Intranet.Example.fr:8443/x` → `intranet.example.fr`); '' when it is not a URL.
 */
export function hostOfOrigin(origin: string): string {
  try {
    return normalizeHost(new URL(origin).hostname);
  } catch {
    return '';
  }
}

export function hostMatches(pattern: string, host: string): boolean {
  const h = normalizeHost(host);
  const p = normalizeHost(pattern);
  if (p.startsWith('*.')) {
    const apex = p.slice(2);
    return h === apex || h.endsWith(`.${apex}`);
  }
  return h === p;
}

/** Replaces `@group` entries by the hosts of that group; unknown groups expand to nothing. */
export function expandAllowList(entries: readonly string[], groups: Readonly<Record<string, readonly string[]>>): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    if (entry.startsWith('@')) for (const h of groups[entry.slice(1)] ?? []) out.add(normalizeHost(h));
    else out.add(normalizeHost(entry));
  }
  return [...out];
}

export function hostAllowed(allowList: readonly string[], host: string): boolean {
  return allowList.some((p) => hostMatches(p, host));
}
