// Electron's own writable places, all under the RAM root, before the app is ready.
// Electron and Chromium write outside any partition: userData (Local State, Network Persistent
// State, Dictionaries, even for in-memory partitions — electron PR#22772), sessionData, crash dumps
// (electron#43973), temp files, logs, GTK/dconf and fontconfig caches under $XDG_*. Each boot gets
// <ramRoot>/app-<random>/ for them; the boot sweep keeps that one and deletes those of earlier boots
// (after a crash or kill -9). Crash reporting is never started, and the switches below keep caches
// and reporters off the disk.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { app, type Session } from 'electron';
import { describeStorage, prepareRamRoot, StorageNotRamError, type RamRootStatus } from '../../cabin/storage';

export interface SessionPathsResult {
  /** This boot's directory for Electron's own files. */
  appDir: string;
  /** Give to createSessionLifecycle({ keep }) so that the boot sweep spares this boot's files. */
  keep: string[];
  /** null when the RAM root was refused (disk-backed and not allowed): the machine goes out of service. */
  ramRoot: RamRootStatus | null;
}

/** Electron path names moved under the app dir, and the sub-directory each gets. */
const ELECTRON_PATHS = {
  userData: 'user-data',
  sessionData: 'session-data',
  crashDumps: 'crash-dumps',
  temp: 'tmp',
  logs: 'logs',
  downloads: 'downloads',
} as const;

/**
 * Chromium switches that keep state off the disk or off altogether. Each is documented by
 * Chromium (content/public/common/content_switches.cc, chrome_switches.cc).
 */
export function privacySwitches(appDir: string): [string, string?][] {
  return [
    ['disable-breakpad'],
    ['disable-crash-reporter'],
    ['disk-cache-dir', path.join(appDir, 'cache')],
    ['disable-gpu-shader-disk-cache'],
    ['disable-background-networking'],
    ['disable-component-update'],
    ['disable-sync'],
    ['no-pings'],
    // Features that keep data across navigations or report it: none is needed in a kiosk.
    ['disable-features', 'AutofillServerCommunication,MediaRouter,OptimizationHints,SpareRendererForSitePerProcess,InterestFeedContentSuggestions,Translate'],
  ];
}

/**
 * Call before `app.whenReady()`. Creates this boot's directories under the RAM root (refusing a
 * disk-backed root unless allowed, as the session storage does), points Electron's paths and the
 * temp/XDG variables inherited by its child processes at them, and sets the privacy switches.
 */
export async function setupSessionPaths(options: { ramRoot: string; allowDiskBacked: boolean }): Promise<SessionPathsResult> {
  if (app.isReady()) throw new Error('setupSessionPaths() must run before the app is ready: Chromium reads these paths at start-up');
  let status: RamRootStatus | null = null;
  let appDir: string;
  try {
    status = await prepareRamRoot(options.ramRoot, { allowDiskBacked: options.allowDiskBacked });
    appDir = path.join(status.path, `app-${randomBytes(8).toString('hex')}`);
    await mkdir(appDir, { mode: 0o700 });
  } catch (e) {
    if (!(e instanceof StorageNotRamError)) throw e;
    // No resident session will run (the machine goes out of service); Electron's files still
    // belong in RAM while the out-of-service screen shows.
    const shm = await describeStorage('/dev/shm');
    appDir = await mkdtemp(path.join(shm.ramBacked ? '/dev/shm' : tmpdir(), 'cabine-app-'));
  }
  for (const [name, sub] of Object.entries(ELECTRON_PATHS)) {
    const dir = path.join(appDir, sub);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    app.setPath(name, dir);
  }
  const xdgConfig = path.join(appDir, 'xdg-config');
  const xdgCache = path.join(appDir, 'xdg-cache');
  await Promise.all([xdgConfig, xdgCache, path.join(appDir, 'cache')].map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  // Inherited by the GPU, utility and renderer processes Chromium starts from here on.
  process.env.TMPDIR = app.getPath('temp');
  process.env.XDG_CONFIG_HOME = xdgConfig;
  process.env.XDG_CACHE_HOME = xdgCache;
  for (const [name, value] of privacySwitches(appDir)) {
    if (value === undefined) app.commandLine.appendSwitch(name);
    else app.commandLine.appendSwitch(name, value);
  }
  return { appDir, keep: status ? [appDir] : [], ramRoot: status };
}

/** For each démarche session's Electron `Session`: spell-check off (its dictionaries and custom words live in userData). */
export function hardenDemarcheSession(ses: Session): void {
  ses.setSpellCheckerEnabled(false);
}

/**
 * Defence in depth before the démarche view's session is dropped. Not relied upon — Electron
 * misses third-party-iframe storage (electron#45531) — the per-session directory and the
 * verified wipe are what guarantee nothing survives.
 */
export async function clearElectronSession(ses: Session): Promise<void> {
  await ses.clearStorageData();
  await Promise.all([ses.clearCache(), ses.clearAuthCache(), ses.clearHostResolverCache(), ses.clearCodeCaches({})]);
  await ses.closeAllConnections();
}
