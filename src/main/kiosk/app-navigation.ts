// Which navigations the cabin's own screens may make: none but within the screens' own page. Pure (no Electron)
// so that it is tested under Node.
//
// Comparing origins is not enough for the packaged app: every file: URL has the opaque origin "null", so
// file:///etc/passwd and file:///opt/Cabine/…/index.html would compare equal.

/** True when `target` is the cabin's screens page itself (same file, or same http origin in development). */
export function isCabinScreenNavigation(current: string, target: string): boolean {
  if (!URL.canParse(current) || !URL.canParse(target)) return false;
  const from = new URL(current);
  const to = new URL(target);
  if (from.protocol === 'file:' || to.protocol === 'file:') return from.protocol === to.protocol && from.host === to.host && from.pathname === to.pathname;
  if (!/^https?:$/.test(from.protocol)) return false;
  return from.origin === to.origin;
}
