// Chromium hands `mailto:`, `tel:`, `steam:`… to the desktop: it asks `xdg-settings` whether it is
// itself the handler of the scheme, then either starts `xdg-open` (mailto, measured: also in
// headless) or shows its "Open xdg-open?" dialog, which blocks the page (measured: clicks stop
// reaching it). Nothing in CDP can cancel either. So the browser runs with a PATH whose first
// directory holds stand-ins: `xdg-settings` answers "Chromium is the handler" (so Chromium opens
// nothing and shows no dialog) and the openers launch nothing; both record the attempt in the
// session's directory, where the adapter reads it and reports a refused navigation.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Every program Chromium or GLib may call to open something outside the browser. */
const OPENERS = [
  'xdg-open',
  'xdg-email',
  'gio',
  'gvfs-open',
  'gnome-open',
  'kde-open',
  'kde-open5',
  'kfmclient',
  'exo-open',
  'sensible-browser',
  'x-www-browser',
  'www-browser',
];

export const EXTERNAL_OPEN_LOG_ENV = 'CABINE_EXTERNAL_OPEN_LOG';

const SHIM = `#!/bin/sh
# Cabine: opening other applications is refused in the cabin; the attempt is only recorded.
if [ -n "$${EXTERNAL_OPEN_LOG_ENV}" ]; then printf '%s\\t%s\\n' "$(basename "$0")" "$*" >> "$${EXTERNAL_OPEN_LOG_ENV}"; fi
exit 1
`;

/** Chromium asks it before handing a scheme over: "yes, Chromium is the handler" → it does nothing. */
const XDG_SETTINGS = `#!/bin/sh
# Cabine: every URL scheme "belongs to the browser", so the browser hands none to the desktop.
if [ -n "$${EXTERNAL_OPEN_LOG_ENV}" ] && [ "$1" = check ]; then printf 'xdg-settings\\t%s:\\n' "$3" >> "$${EXTERNAL_OPEN_LOG_ENV}"; fi
case "$1" in check) echo yes ;; get) echo chromium.desktop ;; esac
exit 0
`;

/** Creates the stand-ins in a directory of their own (on an exec-allowed file system). */
export async function createOpenerShims(parent = tmpdir()): Promise<{ dir: string; remove(): Promise<void> }> {
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'cabine-openers-'));
  for (const name of OPENERS) {
    const file = path.join(dir, name);
    await writeFile(file, SHIM);
    await chmod(file, 0o755);
  }
  await writeFile(path.join(dir, 'xdg-settings'), XDG_SETTINGS);
  await chmod(path.join(dir, 'xdg-settings'), 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ExternalOpenAttempt {
  program: string;
  target: string;
}

/** Polls the session's log of attempts; calls `onAttempt` for each new line. */
export function watchExternalOpens(logFile: string, onAttempt: (a: ExternalOpenAttempt) => void, intervalMs = 150): () => void {
  let seen = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const st = await stat(logFile).catch(() => null);
      if (!st || st.size <= seen) return;
      const bytes = await readFile(logFile);
      const fresh = bytes.subarray(seen).toString('utf8');
      seen = bytes.length;
      for (const line of fresh.split('\n')) {
        if (!line) continue;
        const [program = '', ...rest] = line.split('\t');
        onAttempt({ program, target: rest.join('\t') });
      }
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
