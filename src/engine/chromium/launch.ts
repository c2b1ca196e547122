// How one session's Chromium starts: the engine's options, the fresh profile (profile.ts), the
// environment with the stand-in openers first on PATH (external-open.ts), and Playwright's
// persistent context over that profile.
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Guard } from '../page-guard';
import { EXTERNAL_OPEN_LOG_ENV } from './external-open';
import { chromiumArgs, chromiumEnv, IGNORED_PLAYWRIGHT_DEFAULTS, prepareProfile } from './profile';

export interface ChromiumEngineOptions {
  /** Default: $CABINE_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string;
  /** Default: headless, unless CABINE_ENGINE_HEADED=1 (then a DISPLAY is needed, e.g. Xvfb). */
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
  extraArgs?: string[];
  /** Extra switches for a video call's browser only (./call.ts): the tests' fake camera and microphone. */
  callExtraArgs?: string[];
  /** Extra environment for the browser (DISPLAY for a headed run…). */
  env?: Record<string, string>;
  maxDownloadBytes?: number;
  /** Where the stand-in openers live (an exec-allowed file system). Default: the OS temp dir. */
  openerShimParent?: string;
  /**
   * Guards switched off. ONLY for the escape audit's self-test, which proves that the audit sees
   * each escape when the engine does not stop it. Never set in the cabin.
   */
  unsafeDisabledGuards?: readonly Guard[];
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Where the stand-in openers record what the browser tried to open outside itself. */
  externalLog: string;
}

/** Prepares the profile directory and starts Chromium on it (downloads land in `incomingDir`). */
export async function launchChromium(
  profileDir: string,
  engineOptions: ChromiumEngineOptions,
  launch: { disabled: ReadonlySet<Guard>; shimDir: string; incomingDir: string },
): Promise<LaunchedChromium> {
  const { disabled, shimDir, incomingDir } = launch;
  await prepareProfile(profileDir, { incomingDir, disabled });
  const headless = engineOptions.headless ?? process.env.CABINE_ENGINE_HEADED !== '1';
  const externalLog = path.join(profileDir, 'external-open.log');
  const extraEnv: Record<string, string> = { [EXTERNAL_OPEN_LOG_ENV]: externalLog, ...(engineOptions.env ?? {}) };
  const basePath = engineOptions.env?.PATH ?? process.env.PATH ?? '/usr/bin:/bin';
  extraEnv.PATH = disabled.has('external-protocols') ? basePath : `${shimDir}:${basePath}`;

  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: engineOptions.executablePath ?? process.env.CABINE_CHROMIUM ?? '/usr/bin/chromium',
    headless,
    args: chromiumArgs({ disabled, extra: engineOptions.extraArgs }),
    ignoreDefaultArgs: IGNORED_PLAYWRIGHT_DEFAULTS,
    env: chromiumEnv(profileDir, process.env, extraEnv),
    chromiumSandbox: false,
    acceptDownloads: true,
    downloadsPath: incomingDir,
    viewport: engineOptions.viewport === undefined ? { width: 1280, height: 800 } : engineOptions.viewport,
    locale: 'fr-FR',
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 30_000,
  });
  return { context, externalLog };
}
