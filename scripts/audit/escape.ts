// The escape audit: opens a URL as a démarche on the Chromium adapter with an allow-list, acts
// like a curious resident (clicks every [data-audit-click] in document order, presses the
// browser's shortcuts), lets the page run, and reports — measured from the browser's and the
// system's side, not from the engine's own notices — everything that got out:
//
//   navigations_outside_allowlist  documents committed or answered off the list, in any frame
//                                  or window; external applications the browser tried to start
//   popups_opened_outside          windows/tabs that showed anything but an allowed page
//   native_dialogs                 print preview, devtools, browser pages, JS dialogs left open,
//                                  X11 dialog windows (headed runs)
//   downloads_accepted             files of a refused type that landed anywhere (with their types)
//   permissions_granted            what the pages' permission queries and device APIs say
//   file_choosers_native           OS file dialogs (X11), native chooser events, FSA pickers present
//
// npm run audit:escape -- --url URL --allow host[,host…] [--seconds N] [--headless]
// Prints ONE JSON object; exits 0 only when every list is empty.
// `--unsafe-disable guard[,guard…]` switches engine guards off: only to prove the audit sees each
// escape (the project's tests do); never meaningful for a real démarche.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { createChromiumEngine, type ChromiumEngineSession, type ChromiumView } from '../../src/engine/chromium/engine';
import { GUARDS, type Guard } from '../../src/engine/page-guard';
import type { EngineNotice } from '../../src/engine/port';
import { dangerousContent, DANGEROUS_EXTENSIONS, extensionOf, sniffContent } from '../../src/shared/policy/downloads';
import { decideNavigation, isLoopbackHost, type NavigationPolicy } from '../../src/shared/policy/navigation';
import { AUDITED_SHORTCUTS } from '../../src/shared/policy/shortcuts';
import { openGrabProbe, type GrabProbe } from './x11-grabs';

const run = promisify(execFile);

export interface EscapeAuditOptions {
  url: string;
  allow: string[];
  seconds?: number;
  /** Default: headed under a private Xvfb when Xvfb exists (native dialogs are real windows then). */
  headless?: boolean;
  unsafeDisable?: Guard[];
  /** Progress lines on stderr. */
  verbose?: boolean;
}

export interface EscapeAuditReport {
  url: string;
  allow: string[];
  mode: 'headed' | 'headless';
  seconds: number;
  unsafe_disabled_guards: Guard[];
  clicked: { target: string; ok: boolean; error?: string }[];
  shortcuts_pressed: string[];
  navigations_outside_allowlist: { url: string; frame: 'top' | 'subframe' | 'external'; window: 'main' | 'other'; evidence: string }[];
  popups_opened_outside: { url: string; evidence: string }[];
  native_dialogs: { kind: string; detail: string }[];
  downloads_accepted: { file: string; extension: string; type: string }[];
  permissions_granted: { permission: string; origin: string }[];
  file_choosers_native: { how: string; detail: string }[];
  /** Informational: allowed downloads kept for the resident (PDFs…). */
  downloads_saved: { file: string; type: string }[];
  /** Informational: what the engine reported (the audit does not trust these for its verdict). */
  engine_notices: Record<string, number>;
  ok: boolean;
}

const log = (verbose: boolean | undefined, ...args: unknown[]) => {
  if (verbose) process.stderr.write(`${args.map(String).join(' ')}\n`);
};

// ——— a private X server, so native dialogs are real windows we can see ———

interface Display {
  display: string;
  stop(): Promise<void>;
}

async function startXvfb(): Promise<Display | null> {
  const exists = await stat('/usr/bin/Xvfb').then(
    () => true,
    () => false,
  );
  if (!exists) return null;
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const number = await new Promise<string | null>((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve(null), 10_000);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
    fd3?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', () => resolve(null));
  });
  if (!number) {
    child.kill('SIGKILL');
    return null;
  }
  return {
    display: `:${number}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

interface XWindow {
  id: string;
  /** '' when the window has no name (EyeDropper's magnifier, tooltips, menus). */
  name: string;
}

/** Every top-level window of the X server, named or not, mapped or not. */
async function listXWindows(display: string): Promise<XWindow[]> {
  let out: string;
  try {
    ({ stdout: out } = await run('xwininfo', ['-display', display, '-root', '-children'], { timeout: 3000 }));
  } catch {
    return [];
  }
  const windows: XWindow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s+(0x[0-9a-f]+) (?:"(.*)"|\(has no name\)):/.exec(line);
    if (m) windows.push({ id: m[1]!, name: m[2] ?? '' });
  }
  return windows;
}

interface XWindowDetails {
  viewable: boolean;
  width: number;
  height: number;
  overrideRedirect: boolean;
  role: string;
  type: string;
}

/** What a resident would see of one window: shown or not, its size, its kind. Null once it is gone. */
async function xWindowDetails(display: string, id: string): Promise<XWindowDetails | null> {
  try {
    const { stdout: stats } = await run('xwininfo', ['-display', display, '-id', id, '-stats'], { timeout: 3000 });
    const { stdout: props } = await run('xprop', ['-display', display, '-id', id, 'WM_WINDOW_ROLE', '_NET_WM_WINDOW_TYPE'], { timeout: 3000 }).catch(() => ({ stdout: '' }));
    return {
      viewable: /Map State: IsViewable/.test(stats),
      width: Number(/Width: (\d+)/.exec(stats)?.[1] ?? 0),
      height: Number(/Height: (\d+)/.exec(stats)?.[1] ?? 0),
      overrideRedirect: /Override Redirect State: yes/.test(stats),
      role: /WM_WINDOW_ROLE\(STRING\) = "([^"]*)"/.exec(props)?.[1] ?? '',
      type: /_NET_WM_WINDOW_TYPE\(ATOM\) = (\S+)/.exec(props)?.[1] ?? '',
    };
  } catch {
    return null;
  }
}

/**
 * A browser window showing a page ("<title> - Chromium"; "Sans titre – Chromium" in French, with an en dash): what it
 * shows is judged from the browser's side.
 */
const BROWSER_WINDOW = /(^| [-–—] )Chromium$/;

// ——— stand-in openers of the audit's own: whatever the engine does, nothing really starts ———

async function recordingOpeners(dir: string, logFile: string): Promise<void> {
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

const PROBE_WORLD = 'cabine-audit';
const PROBE_BINDING = 'cabineAuditProbe';
const PROBE_SCRIPT = `(() => {
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
  'geolocation', 'notifications', 'camera', 'microphone', 'clipboard-read', 'midi', 'persistent-storage', 'idle-detection',
  'window-management', 'local-fonts', 'storage-access', 'accelerometer', 'gyroscope', 'magnetometer', 'background-sync',
  'payment-handler', 'screen-wake-lock', 'display-capture', 'nfc', 'captured-surface-control', 'keyboard-lock', 'pointer-lock',
];

const PERMISSION_QUERY = `(async () => {
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

interface PageObservation {
  page: Page;
  cdp: CDPSession | null;
  role: 'main' | 'other';
  openDialogs: Map<string, number>;
}

/** A page held by a native dialog (print preview…) answers nothing: never wait on it for ever. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** Waits for document.readyState === 'complete' (Playwright's load state waits on refused frames forever). */
async function documentComplete(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !page.isClosed()) {
    const state = await withTimeout(page.evaluate('document.readyState'), 2000).catch(() => '');
    if (state === 'complete') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ——— the audit ———

export async function runEscapeAudit(options: EscapeAuditOptions): Promise<EscapeAuditReport> {
  const seconds = options.seconds ?? 10;
  const start = new URL(options.url);
  const allowLoopback = start.protocol === 'http:' && isLoopbackHost(start.hostname);
  const policy: NavigationPolicy = { allow: options.allow, allowLoopback };
  const unsafe = options.unsafeDisable ?? [];

  const work = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cabine-escape-audit-'));
  const profileDir = path.join(work, 'profile');
  const filesDir = path.join(work, 'files');
  const openersDir = path.join(work, 'openers');
  const openersLog = path.join(work, 'external-opens.log');
  await mkdir(filesDir, { recursive: true });
  await recordingOpeners(openersDir, openersLog);

  const display = options.headless ? null : await startXvfb();
  const mode: 'headed' | 'headless' = display ? 'headed' : 'headless';
  const homeDownloads = path.join(homedir(), 'Downloads');
  const homeDownloadsBefore = new Set(await readdir(homeDownloads).catch(() => [] as string[]));

  const report: EscapeAuditReport = {
    url: options.url,
    allow: options.allow,
    mode,
    seconds,
    unsafe_disabled_guards: unsafe,
    clicked: [],
    shortcuts_pressed: [],
    navigations_outside_allowlist: [],
    popups_opened_outside: [],
    native_dialogs: [],
    downloads_accepted: [],
    permissions_granted: [],
    file_choosers_native: [],
    downloads_saved: [],
    engine_notices: {},
    ok: false,
  };
  const seen = new Set<string>();
  const add = <K extends 'navigations_outside_allowlist' | 'popups_opened_outside' | 'native_dialogs' | 'permissions_granted' | 'file_choosers_native'>(list: K, entry: EscapeAuditReport[K][number]) => {
    const key = `${list} ${JSON.stringify(entry)}`;
    if (seen.has(key)) return;
    seen.add(key);
    (report[list] as unknown[]).push(entry);
  };
  const offList = (url: string, frame: 'top' | 'subframe') => {
    if (!url || url === 'about:blank' || url.startsWith('chrome-error://')) return false;
    return !decideNavigation(policy, { url, kind: frame }).allowed;
  };
  /** Where the démarche's page must never stay: off the list, blank, or the browser's error page. */
  const notTheDemarche = (url: string) => url === '' || url === 'about:blank' || url.startsWith('chrome-error://') || offList(url, 'top');

  const engine = createChromiumEngine({
    headless: mode === 'headless',
    env: { PATH: `${openersDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...(display ? { DISPLAY: display.display } : {}) },
    unsafeDisabledGuards: unsafe,
  });
  let session: ChromiumEngineSession | null = null;
  const stops: (() => void)[] = [];
  try {
    session = await engine.startSession({ sessionId: 'escape-audit', profileDir, filesDir, allowLoopback });
    const context = session.browserContext as BrowserContext;
    const mainPage = session.demarchePage;
    if (!mainPage) throw new Error('the session has no démarche page');

    // Windows, and the browser's own pages and dialogs, as the browser itself lists them.
    const browserCdp = await context.browser()!.newBrowserCDPSession();
    const windows = new Map<string, { urls: Set<string>; created: number; closed?: number; main: boolean }>();
    const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    for (const t of targetInfos) if (t.type === 'page') windows.set(t.targetId, { urls: new Set([t.url]), created: Date.now(), main: true });
    const onTarget = (info: { targetId: string; type: string; url: string }) => {
      if (/^(chrome|chrome-untrusted):\/\/print/.test(info.url)) add('native_dialogs', { kind: 'print-preview', detail: info.url });
      else if (/^devtools:/.test(info.url)) add('native_dialogs', { kind: 'devtools', detail: info.url });
      if (info.type !== 'page' || /^(chrome|chrome-untrusted|devtools):\/\/(print|devtools)/.test(info.url)) return;
      const w = windows.get(info.targetId) ?? { urls: new Set<string>(), created: Date.now(), main: false };
      windows.set(info.targetId, w);
      if (info.url) w.urls.add(info.url);
      if (!w.main && info.url && info.url !== 'about:blank' && offList(info.url, 'top')) add('popups_opened_outside', { url: info.url, evidence: 'window showed it' });
    };
    browserCdp.on('Target.targetCreated', (e) => onTarget(e.targetInfo));
    browserCdp.on('Target.targetInfoChanged', (e) => onTarget(e.targetInfo));
    browserCdp.on('Target.targetDestroyed', (e) => {
      const w = windows.get(e.targetId);
      if (w) w.closed = Date.now();
    });
    await browserCdp.send('Target.setDiscoverTargets', { discover: true });

    // Pages: what every frame committed and which documents answered; JS dialogs left open.
    const observations: PageObservation[] = [];
    let inputsReceived = 0;
    let movesReceived = 0;
    const observe = async (page: Page, role: 'main' | 'other') => {
      const obs: PageObservation = { page, cdp: null, role, openDialogs: new Map() };
      observations.push(obs);
      page.on('framenavigated', (frame) => {
        const kind = frame.parentFrame() ? 'subframe' : 'top';
        if (offList(frame.url(), kind)) add('navigations_outside_allowlist', { url: frame.url(), frame: kind, window: role, evidence: 'committed' });
      });
      page.on('response', (response) => {
        const request = response.request();
        if (!request.isNavigationRequest()) return;
        const kind = request.frame().parentFrame() ? 'subframe' : 'top';
        if (offList(response.url(), kind)) add('navigations_outside_allowlist', { url: response.url(), frame: kind, window: role, evidence: `answered ${response.status()}` });
      });
      try {
        const cdp = await context.newCDPSession(page);
        obs.cdp = cdp;
        cdp.on('Page.javascriptDialogOpening', (e) => obs.openDialogs.set(`${e.type}:${e.message}`, Date.now()));
        cdp.on('Page.javascriptDialogClosed', () => obs.openDialogs.clear());
        cdp.on('Runtime.bindingCalled', (e) => {
          if (e.name !== PROBE_BINDING) return;
          const m = JSON.parse(e.payload) as { type: string; url: string };
          if (m.type === 'input') {
            if (role === 'main') inputsReceived++;
          } else if (m.type === 'move') {
            if (role === 'main') movesReceived++;
          } else if (m.type === 'pointer-lock' || m.type === 'fullscreen') {
            add('permissions_granted', { permission: `${m.type} (taken)`, origin: URL.canParse(m.url) ? new URL(m.url).origin : m.url });
          } else add('file_choosers_native', { how: `native chooser ran (trusted '${m.type}' on a file input)`, detail: m.url });
        });
        await cdp.send('Page.enable');
        await cdp.send('Runtime.enable');
        await cdp.send('Runtime.addBinding', { name: PROBE_BINDING, executionContextName: PROBE_WORLD });
        await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE_SCRIPT, worldName: PROBE_WORLD, runImmediately: true });
      } catch {
        // the page closed while we attached
      }
    };
    await observe(mainPage, 'main');
    for (const page of context.pages()) if (page !== mainPage) await observe(page, 'other');
    context.on('page', (page) => void observe(page, 'other'));

    // The system: X11 windows (headed), external applications. Any top-level window that appears and is shown —
    // dialog, utility, picture-in-picture, notification, override-redirect magnifier or bubble — is something the
    // resident sees outside the démarche, unless it is a browser window whose page the checks above judge.
    let xBaseline: Set<string> | null = null;
    const xJudged = new Set<string>();
    let xPolling = false;
    // And the pointer or the keyboard taken by anyone (a magnifier, a browser's own bubble): the resident's hands.
    const grabs: GrabProbe | null = display ? await openGrabProbe(display.display) : null;
    if (grabs) stops.push(() => grabs.close());
    else if (display) log(options.verbose, 'grab probe unavailable (no x11 client): grabs are not checked');
    const pollX = async () => {
      if (!display || xPolling) return;
      xPolling = true;
      try {
        const held = await grabs?.probe();
        if (held?.pointer) add('native_dialogs', { kind: 'grab', detail: 'the pointer is held by another X client' });
        if (held?.keyboard) add('native_dialogs', { kind: 'grab', detail: 'the keyboard is held by another X client' });
        const list = await listXWindows(display.display);
        if (!xBaseline) {
          xBaseline = new Set(list.map((w) => w.id));
          return;
        }
        for (const w of list) {
          if (xBaseline.has(w.id) || xJudged.has(w.id)) continue;
          const d = await xWindowDetails(display.display, w.id);
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
    if (display) {
      await pollX();
      const timer = setInterval(() => void pollX(), 250);
      stops.push(() => clearInterval(timer));
    }

    // Open the démarche, as the cabin does.
    const view = (await session.open({ id: 'escape-audit', startUrl: options.url, allow: options.allow, permissions: [] })) as ChromiumView;
    view.on((n: EngineNotice) => {
      report.engine_notices[n.type] = (report.engine_notices[n.type] ?? 0) + 1;
      if (n.type !== 'activity') log(options.verbose, `  notice ${JSON.stringify(n)}`);
      // No resident answers our picker in an audit: close it as a resident would.
      if (n.type === 'file-chooser') void view.cancelFileChooser().catch(() => {});
    });
    await documentComplete(mainPage, 15_000);
    log(options.verbose, `opened ${options.url} (${mode})`);

    // Click every marked element, in document order, with real user activation.
    let heldReported = false;
    const targets = await withTimeout(mainPage.locator('[data-audit-click]').evaluateAll((els) => els.map((e, i) => e.getAttribute('data-audit-click') || `#${i}`)), 10_000).catch(() => [] as string[]);
    for (let i = 0; i < targets.length; i++) {
      const name = targets[i]!;
      if (mainPage.isClosed()) break;
      if (mainPage.url() !== options.url) {
        if (notTheDemarche(mainPage.url())) {
          add('navigations_outside_allowlist', { url: mainPage.url(), frame: 'top', window: 'main', evidence: `the démarche was left there (after "${report.clicked.at(-1)?.target ?? ''}")` });
        }
        // A leak took the page away: come back to go on with the others.
        await withTimeout(view.navigate(options.url), 10_000).catch(() => {});
        await documentComplete(mainPage, 10_000);
      }
      try {
        // A window the page opened may be in front: the resident comes back to the démarche.
        await withTimeout(mainPage.bringToFront(), 2000).catch(() => {});
        const inputsBefore = inputsReceived;
        await mainPage.locator('[data-audit-click]').nth(i).click({ timeout: 5000, noWaitAfter: true });
        report.clicked.push({ target: name, ok: true });
        const deadline = Date.now() + 2000;
        while (inputsReceived === inputsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        if (inputsReceived === inputsBefore && !heldReported) {
          heldReported = true;
          add('native_dialogs', { kind: 'page held: clicks no longer reach it', detail: `after "${report.clicked[report.clicked.length - 2]?.target ?? name}"` });
        }
      } catch (error) {
        report.clicked.push({ target: name, ok: false, error: String((error as Error).message).split('\n')[0] });
      }
      await mainPage.waitForTimeout(250).catch(() => {});
      log(options.verbose, `clicked ${name}`);
    }

    // The browser's shortcuts, on the démarche's page.
    if (!mainPage.isClosed()) {
      if (mainPage.url() !== options.url) await withTimeout(view.navigate(options.url), 10_000).catch(() => {});
      await withTimeout(mainPage.bringToFront(), 2000).catch(() => {});
      await mainPage.locator('body').click({ position: { x: 2, y: 2 }, timeout: 3000 }).catch(() => {});
      for (const combo of AUDITED_SHORTCUTS) {
        await withTimeout(mainPage.keyboard.press(combo), 1000).catch(() => {});
        report.shortcuts_pressed.push(combo);
        await mainPage.waitForTimeout(60).catch(() => {});
      }
    }

    // Let the page run, pointer moving over it: a page that stops receiving input at any moment is held by
    // something native, with or without a window or a CDP event of its own.
    const mainCdp = observations[0]?.cdp ?? null;
    let lastMoveSeen = Date.now();
    let movesBefore = movesReceived;
    let probe = 0;
    const until = Date.now() + Math.max(seconds, 3) * 1000;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      if (mainCdp && !mainPage.isClosed()) {
        probe++;
        void withTimeout(mainCdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 2 + (probe % 2), y: 2 }), 1000).catch(() => {});
        if (movesReceived !== movesBefore) {
          movesBefore = movesReceived;
          lastMoveSeen = Date.now();
        } else if (Date.now() - lastMoveSeen > 1500 && !heldReported) {
          heldReported = true;
          add('native_dialogs', { kind: 'page held: input no longer reaches it', detail: `during the observation, on ${mainPage.url()}` });
        }
      }
      for (const obs of observations) {
        for (const [dialog, since] of obs.openDialogs) {
          if (Date.now() - since > 1000) add('native_dialogs', { kind: 'js-dialog left open', detail: dialog });
        }
      }
    }
    await pollX();

    // Where the démarche ended: its page must show an allowed page, never a blank or an error page.
    if (!mainPage.isClosed() && notTheDemarche(mainPage.url())) {
      add('navigations_outside_allowlist', { url: mainPage.url(), frame: 'top', window: 'main', evidence: 'the démarche ended there' });
    }

    // What the browser granted, and which pickers it offers, in every frame still there.
    for (const page of context.pages()) {
      for (const frame of page.frames()) {
        try {
          const raw = await withTimeout(frame.evaluate(PERMISSION_QUERY), 3000);
          const result = JSON.parse(String(raw)) as { origin: string; granted: string[]; pickers: string[] };
          for (const permission of result.granted) add('permissions_granted', { permission, origin: result.origin });
          for (const picker of result.pickers) add('file_choosers_native', { how: `${picker}() available`, detail: result.origin });
        } catch {
          // frame detached or not scriptable (chrome-error, sandboxed without scripts)
        }
      }
    }

    // Windows that stayed open showing nothing allowed (a blank window written by its opener…).
    for (const [, w] of windows) {
      if (w.main || w.closed || [...w.urls].some((u) => /^(chrome|chrome-untrusted|devtools):\/\/(print|devtools)/.test(u))) continue;
      const urls = [...w.urls].filter(Boolean);
      const allowed = urls.some((u) => /^https?:/.test(u) && !offList(u, 'top'));
      if (!allowed && Date.now() - w.created > 2500) add('popups_opened_outside', { url: urls.join(' → ') || '(empty)', evidence: 'window stayed open' });
    }
  } finally {
    for (const stop of stops) stop();
    if (session) await session.destroy().catch((e: unknown) => log(options.verbose, `destroy: ${String(e)}`));
    await engine.shutdown().catch(() => {});
    await display?.stop();
  }

  // External applications the browser tried to start.
  const opens = await readFile(openersLog, 'utf8').catch(() => '');
  for (const line of opens.split('\n').filter(Boolean)) {
    const [program = '', target = ''] = line.split('\t');
    report.navigations_outside_allowlist.push({
      url: target,
      frame: 'external',
      window: 'main',
      evidence: program === 'xdg-settings' ? 'the browser looked for a desktop application to open it' : `${program} started`,
    });
  }

  // Downloads: whatever landed in the session folder (and its in-flight folder), the browser's
  // home and the real ~/Downloads.
  const candidates: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) candidates.push(p);
    }
  };
  await walk(filesDir);
  for (const name of await readdir(homeDownloads).catch(() => [] as string[])) if (!homeDownloadsBefore.has(name)) candidates.push(path.join(homeDownloads, name));
  for (const file of candidates) {
    const head = await readFile(file).then((b) => new Uint8Array(b.subarray(0, 1024))).catch(() => new Uint8Array());
    const kind = sniffContent(head);
    const extension = extensionOf(file);
    const entry = { file: path.relative(work, file).startsWith('..') ? file : path.relative(work, file), extension, type: kind };
    if (dangerousContent(kind) || DANGEROUS_EXTENSIONS.includes(extension)) report.downloads_accepted.push(entry);
    else report.downloads_saved.push({ file: entry.file, type: kind });
  }

  await rm(work, { recursive: true, force: true });
  report.ok =
    report.navigations_outside_allowlist.length === 0 &&
    report.popups_opened_outside.length === 0 &&
    report.native_dialogs.length === 0 &&
    report.downloads_accepted.length === 0 &&
    report.permissions_granted.length === 0 &&
    report.file_choosers_native.length === 0;
  return report;
}

// ——— command line ———

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run audit:escape -- --url URL --allow host[,host…] [--seconds N] [--headless] [--verbose]\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): EscapeAuditOptions {
  const options: Partial<EscapeAuditOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    switch (flag) {
      case '--url':
        options.url = value();
        break;
      case '--allow':
        options.allow = value()
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean);
        break;
      case '--seconds':
        options.seconds = Number(value());
        if (!Number.isFinite(options.seconds) || options.seconds < 0) usage('--seconds must be a number ≥ 0');
        break;
      case '--headless':
        options.headless = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--unsafe-disable': {
        const guards = value().split(',').filter(Boolean);
        for (const g of guards) if (!(GUARDS as readonly string[]).includes(g)) usage(`unknown guard ${g} (known: ${GUARDS.join(', ')})`);
        options.unsafeDisable = guards as Guard[];
        break;
      }
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (!options.url || !URL.canParse(options.url)) usage('--url must be an absolute URL');
  if (!options.allow?.length) usage('--allow needs at least one host');
  return options as EscapeAuditOptions;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  runEscapeAudit(options).then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.exit(report.ok ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`audit failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(3);
    },
  );
}
