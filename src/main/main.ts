// The cabin's Electron main process: one module per concern, composed here.
//   beforeReady        config, Electron's own files under the RAM root, switches: awaited before `ready`
//   setupKiosk         the locked-down fullscreen window
//   createElectronEngine  the démarche views (sandboxed, no preload), behind the engine port
//   assembleCabin      the session machine with its real devices, storage and wipe
//   setupIpc           the preload API, validated and sender-checked
// Everything that can run under plain Node lives in src/cabin, src/devices and src/engine.
import { journalLine, type Log } from '../base/log';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, WebContentsView, type Rectangle, type WebContents } from 'electron';
import { assembleCabin, type AssembledCabin } from '../cabin/assemble';
import { logoDataUrl } from '../cabin/logo';
import { applyFleetConfigBetweenSessions } from '../cabin/fleet/apply';
import { createRelaunchPolicy, relaunchWhy } from '../cabin/relaunch';
import { cabinStateOf } from '../cabin/runtime';
import { createScreenRecovery } from '../cabin/screen-recovery';
import { startUpdateGate } from '../cabin/update/gate';
import { updateStatusDir } from '../cabin/update/status';
import { configArgument, describeStartup, fleetRunning, loadStartupConfig } from '../cabin/startup-config';
import { cliArgsFrom, processIo, runCli } from '../cli';
import type { KeystrokeHoldBack } from '../devices/badge';
import type { CallArea, DemarcheArea } from '../shared/ipc/contract';
import { createElectronEngine } from './engine';
import { CALL_VIEWS } from './engine/electron-call';
import { debuggerCdp } from './engine/electron-page';
import { composedShareSource, type ShareView } from '../engine/share-composer';
import { setupIpc } from './ipc';
import { hardenAllWebContents, setupKiosk } from './kiosk';
import { setupSessionPaths, type SessionPathsResult } from './storage';
import type { CabinConfig } from '../shared/config';

const here = path.dirname(fileURLToPath(import.meta.url));
// Journal lines with their priority when stdout is the journal (src/base/log.ts).
const log: Log = (message, level) => console.log(journalLine(`cabine: ${message}`, level));
/** `npm run dev` (electron-vite) serves the renderer; the cabin loads the built files. */
const devRendererUrl = process.env.ELECTRON_RENDERER_URL;
const development = !app.isPackaged && !!devRendererUrl;

/** Keeps the démarche views where the renderer says, or hidden behind the cabin's screens. */
function setupDemarcheArea(window: BrowserWindow) {
  let area: DemarcheArea = null;
  const relayout = () => {
    // A video call's view is placed by setupCallArea, never here.
    const views = window.contentView.children.filter((v) => !(v instanceof WebContentsView && CALL_VIEWS.has(v)));
    views.forEach((view, i) => {
      if (area) view.setBounds(area);
      // The last one added is the top of the stack (a popup over its démarche).
      view.setVisible(area !== null && i === views.length - 1);
    });
  };
  return {
    bounds: (): Rectangle => area ?? { x: 0, y: 0, width: 0, height: 0 },
    set(next: DemarcheArea) {
      area = next;
      relayout();
    },
    /** The démarche's view on top, and where (the screen share pictures it there); null when hidden. */
    shown(): { view: WebContentsView; area: NonNullable<DemarcheArea> } | null {
      const views = window.contentView.children.filter((v): v is WebContentsView => v instanceof WebContentsView && !CALL_VIEWS.has(v));
      const top = views.at(-1);
      return area && top && !top.webContents.isDestroyed() ? { view: top, area } : null;
    },
  };
}

/** One of the cabin's web contents as the screen share's composer reaches it: its debugger (attached if need be). */
function shareViewOf(contents: WebContents): ShareView {
  return {
    key: contents,
    closed: () => contents.isDestroyed(),
    async attach() {
      // The démarche's debugger is the engine's (attached, and never detached here); the screens' is attached for this.
      const ours = !contents.debugger.isAttached();
      if (ours) contents.debugger.attach('1.3');
      return { cdp: debuggerCdp(contents), detach: async () => (ours && !contents.isDestroyed() ? contents.debugger.detach() : undefined) };
    },
  };
}

/** Keeps a video call's view (issue 17) over the call panel the renderer reports, or hidden (src/main/engine/electron-call.ts). */
function setupCallArea(window: BrowserWindow) {
  let area: CallArea = null;
  return {
    set(next: CallArea) {
      area = next;
      for (const view of window.contentView.children) {
        if (!(view instanceof WebContentsView) || !CALL_VIEWS.has(view)) continue;
        if (area) view.setBounds(area);
        view.setVisible(area !== null);
      }
    },
  };
}

interface BeforeReady {
  startup: Awaited<ReturnType<typeof loadStartupConfig>>;
  config: CabinConfig | null;
  ramRoot: string;
  paths: SessionPathsResult;
}

/**
 * Everything Chromium must see before Electron's `ready`: the config (it names the RAM root), Electron's paths
 * under that root, the command-line switches, the web-contents hardening. Awaited at the top level of this
 * module: Electron waits for the entry module's evaluation, top-level await included, before it goes on
 * starting and emits `ready`; code after the first await of a function that is not awaited would run after
 * `ready` (docs/electron-notes.md, "Start-up order"). null: nothing more to do (CLI run, second instance).
 */
async function beforeReady(): Promise<BeforeReady | null> {
  // The installed `cabine` command runs the app with --cli: no window, no renderer.
  const cliArgs = cliArgsFrom(process.argv);
  if (cliArgs) {
    app.exit(await runCli(cliArgs, processIo()));
    return null;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const startup = await loadStartupConfig(configArgument(process.argv));
  const config = startup.ok ? startup.config : null;
  log(describeStartup(startup), startup.ok ? 'info' : 'err');
  const ramRoot = process.env.CABINE_RAM_ROOT ?? config?.paths.ramRoot ?? '/dev/shm/cabine';
  const paths = await setupSessionPaths({ ramRoot, allowDiskBacked: config?.paths.allowDiskBackedRamRoot ?? false });
  hardenAllWebContents({ development });
  return { startup, config, ramRoot, paths };
}

/**
 * Restarts the app. Under the kiosk's systemd unit (systemd sets INVOCATION_ID) the app runs inside cage, which ends
 * with it: exiting is enough, systemd starts cage and the app again (Restart=always); a relaunched child would find
 * no compositor. Elsewhere Electron starts a new instance once this one exits (app.relaunch).
 */
function restartApp(): void {
  if (!process.env.INVOCATION_ID) app.relaunch();
  app.exit(0);
}

async function afterReady({ startup, config, ramRoot, paths }: BeforeReady) {
  await app.whenReady();
  const window = new BrowserWindow({
    show: false,
    backgroundColor: '#f5f4ef',
    title: 'Cabine',
    autoHideMenuBar: true,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      spellcheck: false,
      devTools: development,
    },
  });
  const area = setupDemarcheArea(window);
  const callArea = setupCallArea(window);
  let cabin: AssembledCabin | null = null;
  const kiosk = setupKiosk(window, {
    development,
    // Ctrl+P on the cabin's own screens prints the démarche page, as "Imprimer" does.
    onPrint: () => cabin?.runtime.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } }),
    onBlockedShortcut: (shortcut) => log(`shortcut ${shortcut} blocked`),
  });

  // The badge reader is assembled with the cabin, after the engine: the démarche pages reach it through this.
  let holdBadgeKeys: KeystrokeHoldBack | null = null;
  const engine = createElectronEngine({
    window,
    bounds: area.bounds,
    development,
    keyFilter: (key, target) => holdBadgeKeys?.offer(key, target) ?? false,
  });
  cabin = assembleCabin({
    config,
    configProblems: startup.ok ? undefined : startup.problems,
    fleet: fleetRunning(startup),
    update: { version: app.getVersion(), dir: updateStatusDir() },
    engine,
    ramRoot,
    clearClipboard: () => clipboard.clear(),
    keepInRamRoot: paths.keep,
    runtime: {
      onDemarcheArea: (a) => area.set(a),
      onCallArea: (a) => callArea.set(a),
      // What the referent may see once the resident said yes: the screens and the démarche, as on the display.
      shareSource: composedShareSource({
        screens: shareViewOf(window.webContents),
        width: window.getContentSize()[0]!,
        height: window.getContentSize()[1]!,
        demarche: () => {
          const shown = area.shown();
          return shown ? { view: shareViewOf(shown.view.webContents), area: shown.area } : null;
        },
        log,
      }),
      logoDataUrl: await logoDataUrl(config?.cabin.commune.logo, log),
    },
    log,
  });
  const { badge } = cabin.devices;
  if (badge?.mode() === 'keystrokes') {
    // A keyboard-wedge reader types into the focused window: its fast burst is a badge. On the cabin's
    // screens the keys are only watched; in a démarche page they are held back until they are known not
    // to be a badge (src/devices/badge/holdback.ts), so a badge id never reaches the site.
    window.webContents.on('before-input-event', (_event, input) => {
      if (input.type === 'keyDown') badge.feedKeystroke(input.code, input.shift);
    });
    holdBadgeKeys = badge.holdKeystrokes();
  }

  // The screens crash or hang: reload them (the session lives in this process and carries on), relaunch the
  // app when reloading does not hold (src/cabin/screen-recovery.ts; docs/electron-notes.md).
  const recovery = createScreenRecovery({
    reload: (reason) => {
      if (reason === 'hung') window.webContents.forcefullyCrashRenderer();
      window.webContents.reload();
    },
    relaunch: () => restartApp(),
    onRecovery: (action, reason) => {
      log(`screens ${reason}: ${action}`);
      cabin?.metrics?.screenRecovered(action, reason);
    },
  });
  window.webContents.on('render-process-gone', (_event, details) => recovery.gone(details.reason));
  window.on('unresponsive', () => recovery.unresponsive());
  window.on('responsive', () => recovery.responsive());

  const appUrl = devRendererUrl ?? `file://${path.join(here, '..', 'renderer', 'index.html')}`;
  const stopIpc = setupIpc({ host: cabin.runtime, renderer: window.webContents, appUrl, log });
  window.once('ready-to-show', () => window.show());
  if (devRendererUrl) await window.loadURL(devRendererUrl);
  else await window.loadFile(path.join(here, '..', 'renderer', 'index.html'));

  // The boot sweep runs first: nothing is shown to a resident before leftovers are gone.
  await cabin.start();

  let quitting = false;
  /** Stops the cabin (devices, storage) once, then exits; with relaunch, Electron starts a new instance then. */
  const shutDown = (relaunch: boolean): void => {
    if (quitting) return;
    quitting = true;
    kiosk.allowClose();
    stopIpc();
    void cabin!
      .stop()
      .catch((e) => log(`stop: ${String(e)}`))
      .finally(() => (relaunch ? restartApp() : app.exit(0)));
  };
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    shutDown(false);
  });

  // The package manager's gate (build/linux/update): apt waits for the end of a session, and nobody starts one
  // while it installs.
  startUpdateGate({ runtime: cabin.runtime, version: app.getVersion(), log });

  // Each session's in-memory partition stays in Electron's session map until exit: restart between residents,
  // on attract only (reached after a verified wipe), after N sessions and once a day (config `relaunch`).
  if (config) {
    const relaunch = createRelaunchPolicy({
      afterSessions: config.relaunch.afterSessions,
      at: config.relaunch.at,
      onDue: (why) => {
        log(`restarting between residents (${relaunchWhy(why, config, relaunch.sessionsEnded)})`, 'notice');
        shutDown(true);
      },
    });
    cabin.runtime.actor.subscribe((snapshot) => relaunch.observe(cabinStateOf(snapshot)));
    setInterval(() => relaunch.tick(), 60_000).unref();
    // A new config kept from the fleet (the timer's `cabine fleet pull`): start again on it, between residents.
    applyFleetConfigBetweenSessions({ startup, runtime: cabin.runtime, restart: () => shutDown(true), log });
  }
}

const couldNotStart = (error: unknown) => {
  console.error('cabine: could not start:', error);
  app.exit(1);
};
const prepared = await beforeReady().catch((error: unknown) => (couldNotStart(error), null));
// Not awaited here: Electron's start-up waits for this module's evaluation before it emits `ready`
// (docs/electron-notes.md, "Start-up order"); a top-level await of app.whenReady() would wait for itself.
if (prepared) void afterReady(prepared).catch(couldNotStart);
