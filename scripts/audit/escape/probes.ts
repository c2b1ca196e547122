// The escape audit's probes, planted where the page cannot see or stop them:
//   - stand-in openers (xdg-open and its kin) first on the browser's PATH: whatever the engine
//     lets out, nothing really starts, and the audit reads who was asked to open what;
//   - a script in an isolated world of every page: native file choosers that ran, clicks and
//     pointer moves that still reach the page (when they stop, something native holds it),
//     pointer lock and fullscreen taken;
//   - the permission query the audit runs in every frame at the end;
//   - on the private X server: every new window shown, and the pointer or keyboard grabbed.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddFinding } from './report';
import { listXWindows, xWindowDetails } from './display';
import type { GrabProbe } from '../x11-grabs';

// ——— stand-in openers of the audit's own: whatever the engine does, nothing really starts ———

export async function recordingOpeners(dir: string, logFile: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const script = `#!/bin/sh\nprintf '%s\\t%s\\n' "$(basename "$0")" "$*" >> ${JSON.stringify(logFile)}\nexit 1\n`;
  for (const name of ['xdg-open', 'xdg-email', 'gio', 'gvfs-open', 'gnome-open', 'kde-open', 'kde-open5', 'exo-open', 'sensible-browser', 'x-www-browser']) {
    await writeFile(path.join(dir, name), script);
    await chmod(path.join(dir, name), 0o755);
  }
  // Chromium asks this before handing a scheme to the desktop (then opens it, or shows its
  // "Open xdg-open?" dialog): being asked means the browser is about to let the URL out.
  const settings = `#!/bin/sh\n[ "$1" = check ] && printf 'xdg-settings\\t%s:\\n' "$3" >> ${JSON.stringify(logFile)}\necho no\nexit 0\n`;
  await writeFile(path.join(dir, 'xdg-settings'), settings);
  await chmod(path.join(dir, 'xdg-settings'), 0o755);
}

// ——— probes inside pages (an isolated world the page cannot see) ———

export const PROBE_WORLD = 'cabine-audit';
export const PROBE_BINDING = 'cabineAuditProbe';
export const PROBE_SCRIPT = `(() => {
  const report = globalThis[${JSON.stringify(PROBE_BINDING)}];
  if (typeof report !== 'function') return;
  // A trusted 'change' or 'cancel' on a file input comes from a chooser the browser ran itself
  // (headless Chromium cancels its native chooser at once). An intercepted chooser stays pending.
  for (const type of ['change', 'cancel']) {
    document.addEventListener(type, (e) => {
      const t = e.target;
      if (e.isTrusted && t && t.localName === 'input' && (t.type || '').toLowerCase() === 'file') report(JSON.stringify({ type, url: location.href }));
    }, true);
  }
  // Each real click must reach the page: when they stop, something native holds it (a picker,
  // a browser dialog) even if no window of its own can be seen. Pointer moves too, probed all along.
  if (window === window.top) {
    document.addEventListener('pointerdown', (e) => { if (e.isTrusted) report(JSON.stringify({ type: 'input' })); }, true);
    let lastMove = 0;
    document.addEventListener('pointermove', (e) => {
      if (!e.isTrusted || Date.now() - lastMove < 100) return;
      lastMove = Date.now();
      report(JSON.stringify({ type: 'move' }));
    }, true);
  }
  // The mouse taken (pointer lock) or the whole screen taken (fullscreen over the cabin's bar).
  document.addEventListener('pointerlockchange', () => { if (document.pointerLockElement) report(JSON.stringify({ type: 'pointer-lock', url: location.href })); }, true);
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement) setTimeout(() => { if (document.fullscreenElement) report(JSON.stringify({ type: 'fullscreen', url: location.href })); }, 500);
  }, true);
})();`;

const PERMISSION_NAMES = [
  'geolocation',
  'notifications',
  'camera',
  'microphone',
  'clipboard-read',
  'midi',
  'persistent-storage',
  'idle-detection',
  'window-management',
  'local-fonts',
  'storage-access',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'background-sync',
  'payment-handler',
  'screen-wake-lock',
  'display-capture',
  'nfc',
  'captured-surface-control',
  'keyboard-lock',
  'pointer-lock',
];

export const PERMISSION_QUERY = `(async () => {
  const out = [];
  for (const name of ${JSON.stringify(PERMISSION_NAMES)}) {
    try {
      const desc = name === 'midi' ? { name, sysex: true } : { name };
      const s = await navigator.permissions.query(desc);
      if (s.state === 'granted') out.push(name);
    } catch {}
  }
  const devices = async (api, fn) => { try { return api ? (await fn(api)).length : 0; } catch { return 0; } };
  if (await devices(navigator.usb, (a) => a.getDevices())) out.push('usb-device');
  if (await devices(navigator.hid, (a) => a.getDevices())) out.push('hid-device');
  if (await devices(navigator.serial, (a) => a.getPorts())) out.push('serial-port');
  if (await devices(navigator.bluetooth, (a) => a.getDevices())) out.push('bluetooth-device');
  const pickers = ['showOpenFilePicker', 'showSaveFilePicker', 'showDirectoryPicker'].filter((n) => typeof globalThis[n] === 'function');
  return JSON.stringify({ origin: location.origin, granted: out, pickers });
})()`;

// ——— the private X server: windows shown, pointer and keyboard grabbed ———

/**
 * A browser window showing a page ("<title> - Chromium"; "Sans titre – Chromium" in French, with an en dash): what it
 * shows is judged from the browser's side.
 */
const BROWSER_WINDOW = /(^| [-–—] )Chromium$/;

/**
 * One look at the X server each time it is called (the first call takes the windows already there as the baseline).
 * Any top-level window that appears and is shown — dialog, utility, picture-in-picture, notification,
 * override-redirect magnifier or bubble — is something the resident sees outside the démarche, unless it is a
 * browser window whose page the browser-side checks judge. And the pointer or the keyboard taken by anyone (a
 * magnifier, a browser's own bubble): the resident's hands. Overlapping calls are skipped.
 */
/**
 * A grab that lasts: seen held, then held again on each of `confirmations` more probes `gapMs` apart. A browser may
 * hold the pointer for a moment (a click in progress, a popup being placed: seen once in ~10 runs on a loaded
 * machine); what takes the resident's hands (EyeDropper's magnifier) holds it for as long as it is open.
 */
export async function heldForGood(grabs: GrabProbe, confirmations = 3, gapMs = 300): Promise<{ pointer: boolean; keyboard: boolean } | null> {
  let held = await grabs.probe();
  for (let i = 0; i < confirmations && held && (held.pointer || held.keyboard); i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const again = await grabs.probe();
    held = again && { pointer: held.pointer && again.pointer, keyboard: held.keyboard && again.keyboard };
  }
  return held;
}

export function xWatch(display: string, grabs: GrabProbe | null, add: AddFinding): () => Promise<void> {
  let xBaseline: Set<string> | null = null;
  const xJudged = new Set<string>();
  let xPolling = false;
  return async () => {
    if (xPolling) return;
    xPolling = true;
    try {
      const held = grabs ? await heldForGood(grabs) : null;
      if (held?.pointer) add('native_dialogs', { kind: 'grab', detail: 'the pointer is held by another X client' });
      if (held?.keyboard) add('native_dialogs', { kind: 'grab', detail: 'the keyboard is held by another X client' });
      const list = await listXWindows(display);
      if (!xBaseline) {
        xBaseline = new Set(list.map((w) => w.id));
        return;
      }
      for (const w of list) {
        if (xBaseline.has(w.id) || xJudged.has(w.id)) continue;
        const d = await xWindowDetails(display, w.id);
        if (!d?.viewable || d.width < 4 || d.height < 4) continue; // not shown (yet): looked at again next time
        xJudged.add(w.id);
        if (d.role === 'GtkFileChooserDialog') add('file_choosers_native', { how: 'OS file dialog window', detail: w.name });
        else if (!(BROWSER_WINDOW.test(w.name) && !d.overrideRedirect && d.type !== '_NET_WM_WINDOW_TYPE_DIALOG')) {
          const kind = d.overrideRedirect ? 'override-redirect' : d.type.replace('_NET_WM_WINDOW_TYPE_', '').toLowerCase() || 'no type';
          add('native_dialogs', { kind: 'window', detail: `${w.name || '(no name)'} ${d.width}×${d.height} (${kind}${d.role ? `, ${d.role}` : ''})` });
        }
      }
    } finally {
      xPolling = false;
    }
  };
}
