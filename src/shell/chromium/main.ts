// The Chromium shell: the cabin on Debian's Chromium, where Electron is not there (`npm start` falls
// back to it; `npm run dev:web` runs it with --watch). The same runtime as the Electron shell
// (src/cabin: the session machine, devices, per-session storage and its verified wipe), the same
// screens (src/renderer) with the same `window.cabine` API, composed here:
//   display.ts   $DISPLAY, or a private Xvfb                    devices.ts   the config's printer and scanner, or private ones
//   renderer.ts  the screens, built and served on 127.0.0.1     screens.ts   their window: own browser, kiosk, whole display
//   bridge.ts    window.cabine, zod-checked, screens page only   layout.ts    the démarche's window over the area the screens leave
//   viewer.ts    how to look at a private Xvfb                   smoke.ts     --smoke: the whole journey alone, screenshots
//   share-source.ts  what a video call's screen share shows: the screens and the démarche (layout.ts places the call too)
// Usage: tsx src/shell/chromium/main.ts [--config FILE] [--smoke [--out DIR]] [--watch] [--size WxH]
import { journalLine, type Log } from '../../base/log';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { messageOf } from '../../base/errors';
import { assembleCabin, type AssembledCabin } from '../../cabin/assemble';
import { logoDataUrl } from '../../cabin/logo';
import { applyFleetConfigBetweenSessions } from '../../cabin/fleet/apply';
import { startUpdateGate } from '../../cabin/update/gate';
import { updateStatusDir } from '../../cabin/update/status';
import { cabinStateOf } from '../../cabin/runtime';
import { createScreenRecovery } from '../../cabin/screen-recovery';
import { configArgument, describeStartup, fleetRunning, loadStartupConfig } from '../../cabin/startup-config';
import type { ChromiumCallView } from '../../engine/chromium/call';
import { createChromiumEngine, type ChromiumView } from '../../engine/chromium/engine';
import { toPublicConfig } from '../../shared/ipc/contract';
import { bridgePage } from './bridge';
import { freePort } from '../../base/node/ports';
import { provideDevices, type ShellDevices } from './devices';
import { openDisplay, parseSize } from './display';
import { createDemarcheLayout, DEMARCHE_WINDOW_ARGS } from './layout';
import { screensShareSource } from './share-source';
import { buildRenderer, ROOT, serveDirectory } from './renderer';
import { openScreens } from './screens';
import { runSmoke, runSmokeOutOfService, startSmokeSite, withSmokeDemarche, type SmokeSite } from './smoke';
import { startViewer, startX11vnc } from './viewer';

const USAGE = `Usage: tsx src/shell/chromium/main.ts [--config FILE] [--smoke [--out DIR]] [--watch] [--size WxH]
  --config FILE  the cabin's config (else $CABINE_CONFIG, /etc/cabine/config.yaml, the embedded demo config)
  --smoke        the whole journey alone (attract → … → the receipt), screenshots in out/smoke/, exit 0 if the wipe was verified
  --out DIR      where --smoke puts its screenshots (default out/smoke/)
  --watch        rebuild the screens on every change of src/renderer and reload them (npm run dev:web)
  --size WxH     the private Xvfb's size when there is no $DISPLAY (default 1920x1080)`;

/** The checkout's version (package.json): the metrics', and what the update gate's start check compares. */
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// Journal lines with their priority when stdout is the journal (src/base/log.ts).
const log: Log = (message, level) => console.log(journalLine(`cabine (chromium): ${message}`, level));
const seconds = (s: number) => `${s.toFixed(1)} s`;
/** A path as typed from here when it is under the current directory. */
const shown = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p) || '.');

interface Args {
  config: string | undefined;
  smoke: boolean;
  watch: boolean;
  out: string;
  size: { width: number; height: number };
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { config: configArgument(argv), smoke: false, watch: false, out: path.join(ROOT, 'out', 'smoke'), size: { width: 1920, height: 1080 } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--smoke') args.smoke = true;
    else if (a === '--watch') args.watch = true;
    else if (a === '--config') i++;
    else if (a === '--out' || a.startsWith('--out=')) {
      const value = a === '--out' ? argv[++i] : a.slice('--out='.length);
      if (!value) return '--out wants a directory';
      args.out = path.resolve(value);
    } else if (a.startsWith('--config=')) continue;
    else if (a === '--size' || a.startsWith('--size=')) {
      const value = a === '--size' ? argv[++i] : a.slice('--size='.length);
      const size = value ? parseSize(value) : null;
      if (!size) return `--size wants WIDTHxHEIGHT (e.g. 1920x1080), not ${value ?? 'nothing'}`;
      args.size = size;
    } else if (a === '--help' || a === '-h') return '';
    else return `unknown argument ${a}`;
  }
  if (argv.includes('--config') && !args.config) return '--config wants a file';
  return args;
}

/** Things to undo at the end, last started first. */
class Stack {
  private readonly undo: { what: string; run: () => Promise<unknown> | unknown }[] = [];
  push(what: string, run: () => Promise<unknown> | unknown) {
    this.undo.push({ what, run });
  }
  async unwind() {
    for (const u of this.undo.splice(0).reverse()) {
      try {
        await u.run();
      } catch (error) {
        log(`stopping ${u.what}: ${messageOf(error)}`);
      }
    }
  }
}

/** Promise.all, but waits for every one to settle: each started thing is on the stack before a failure unwinds it. */
async function allStarted<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    if (args) console.error(`cabine (chromium): ${args}`);
    console.log(USAGE);
    return args ? 2 : 0;
  }
  const stack = new Stack();
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stack.unwind());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stop().then(() => process.exit(0));
    });
  }

  try {
    const startup = await loadStartupConfig(args.config);
    let config = startup.ok ? startup.config : null;
    log(describeStartup(startup), startup.ok ? 'info' : 'err');
    if (!startup.ok) {
      for (const p of startup.problems) log(`  ${p.path || '(file)'}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`, 'err');
    }

    const display = await openDisplay({ display: process.env.DISPLAY, size: args.size });
    stack.push('the display', () => display.stop());
    log(
      display.own
        ? `display: no $DISPLAY, so a private Xvfb ${display.name} (${display.width}x${display.height})`
        : `display: ${display.name} (${display.width}x${display.height})`,
    );

    // Everything of this run (RAM root, state, temp, the built screens) in one directory, gone at the end.
    // Short: Chromium's singleton socket path under the RAM root must fit in 108 bytes.
    const work = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ccs-'));
    stack.push('the work directory', () => rmSync(work, { recursive: true, force: true }));
    for (const d of ['root', 'state', 'tmp', 'screens-home/tmp']) mkdirSync(path.join(work, d), { recursive: true });

    // Read once: the pre-rendered attract (in the screens' build) and the running app show the same logo.
    const logo = await logoDataUrl(config?.cabin.commune.logo, log);
    let reload: (() => void) | null = null;
    const chromiumPath = process.env.CABINE_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    // All at once: the screens' window, their build, the devices (probing SANE takes seconds), the smoke's site.
    const [screens, renderer, devices, site] = await allStarted([
      openScreens({
        executablePath: chromiumPath,
        display: display.name,
        width: display.width,
        height: display.height,
        screen: display.screen,
        homeDir: path.join(work, 'screens-home'),
        log,
      }).then((w) => {
        stack.push('the screens window', () => w.close());
        return w;
      }),
      // The first screen pre-rendered with this cabin's name, place, logo and languages (issue 15).
      buildRenderer(path.join(work, 'screens'), {
        firstPaint: config ? toPublicConfig(config, logo) : null,
        ...(args.watch ? { watch: { onRebuilt: () => reload?.() } } : {}),
      }).then((r) => {
        stack.push('the screens build', () => r.close());
        return r;
      }),
      config
        ? provideDevices(config, { forcePrivate: args.smoke }).then((d) => {
            stack.push('the devices', () => d.stop());
            return d;
          })
        : Promise.resolve<ShellDevices | null>(null),
      args.smoke && config
        ? startSmokeSite().then((s) => {
            stack.push('the smoke démarche', () => s.close());
            return s;
          })
        : Promise.resolve<SmokeSite | null>(null),
    ]);
    if (devices) log(devices.line);
    if (config && site) config = withSmokeDemarche(config, site);
    const served = await serveDirectory(renderer.outDir);
    stack.push('the screens server', () => served.close());
    await screens.lockTo(served.url);

    let cabin: AssembledCabin | null = null;
    const layout = createDemarcheLayout({
      view: () => (cabin?.runtime.demarcheView() as ChromiumView | null) ?? null,
      screensOrigin: () => screens.origin(),
      log,
    });
    stack.push('the démarche layout', () => layout.close());
    // The video call's window (issue 17), in a browser of its own: placed the same way, over the call panel's area.
    const callLayout = createDemarcheLayout({
      view: () => {
        const page = (cabin?.runtime.callView() as ChromiumCallView | null)?.callPage;
        return page && !page.isClosed() ? { pages: [page], page } : null;
      },
      screensOrigin: () => screens.origin(),
      log,
    });
    stack.push('the call layout', () => callLayout.close());
    cabin = assembleCabin({
      config,
      configProblems: startup.ok ? undefined : startup.problems,
      fleet: fleetRunning(startup),
      update: { version: PACKAGE_VERSION, dir: updateStatusDir() },
      engine: createChromiumEngine({
        executablePath: chromiumPath,
        headless: false,
        viewport: null,
        env: { DISPLAY: display.name },
        extraArgs: DEMARCHE_WINDOW_ARGS,
      }),
      ramRoot: path.join(work, 'root'),
      stateDir: path.join(work, 'state'),
      tempDir: path.join(work, 'tmp'),
      ...(devices?.overrides ?? {}),
      // The smoke's démarche is a page of this process, on loopback.
      allowLoopback: args.smoke,
      // USB hot-plug needs the native `usb` module, which this checkout does not build.
      usb: null,
      runtime: {
        onDemarcheArea: (area) => layout.setArea(area),
        onCallArea: (area) => callLayout.setArea(area),
        // What the referent may see once the resident said yes: the screens and the démarche, as on the display.
        shareSource: screensShareSource({ screens: screens.page, width: display.width, height: display.height, demarche: () => layout.shown(), log }),
        logoDataUrl: logo,
      },
      log,
    });
    const runtime = cabin.runtime;
    stack.push('the cabin', () => cabin?.stop());

    const bridge = await bridgePage(screens.page, runtime, { appUrl: served.url, log });
    stack.push('the bridge', () => bridge.close());
    // The screens crash or hang: reload them (the session lives in this process and carries on).
    const recovery = createScreenRecovery({
      reload: () => void screens.page.reload().catch(() => undefined),
      relaunch: () => {
        log('the screens do not hold: stopping (a supervisor starts the shell again)');
        void stop().then(() => process.exit(1));
      },
      onRecovery: (action, reason) => log(`screens ${reason}: ${action}`),
    });
    screens.page.on('crash', () => recovery.gone('crashed'));
    let reloadTimer: NodeJS.Timeout | undefined;
    reload = () => {
      // One change may end several builds in a row: one reload.
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => {
        log('screens rebuilt: reloading');
        void screens.page.reload().catch(() => undefined);
      }, 300);
    };

    await screens.page.goto(served.url);
    // The boot sweep runs first: nothing is shown to a resident before leftovers are gone.
    await cabin.start();
    // A valid config may still end out of service (a device missing, storage not in RAM…): whichever comes first.
    const first: 'attract' | 'outOfService' = config
      ? await Promise.any([
          runtime.waitFor('attract', 120_000).then(() => 'attract' as const),
          runtime.waitFor('outOfService', 120_000).then(() => 'outOfService' as const),
        ])
      : 'outOfService';
    await screens.page.locator(`main[data-screen="${first}"]`).waitFor({ timeout: 60_000 });
    log(`${first === 'attract' ? 'attract' : 'out-of-service'} screen shown ${seconds(process.uptime())} after start (screens ${served.url})`);
    if (config && first === 'outOfService')
      log(`out of service: ${runtime.getState().context.outOfService ?? 'unknown reason'} (the technician's screen says why)`);

    if (args.smoke) {
      const outDir = args.out;
      if (!config) {
        await runSmokeOutOfService({ screens: screens.page, capture: () => display.screen.capture(), outDir, log });
        log(`smoke: FAILED: the config does not validate (out of service; screenshot in ${outDir}/)`);
        await stop();
        return 1;
      }
      if (first !== 'attract') {
        log(`smoke: FAILED: the cabin is out of service (${runtime.getState().context.outOfService ?? 'unknown reason'}) — ${devices?.line ?? ''}`);
        await stop();
        return 1;
      }
      if (!devices?.privateDevices) {
        // Nothing to print on or scan with: the journey cannot pass; say so now rather than after its timeouts.
        log(`smoke: FAILED: the smoke's own printer and scanner are not there (${devices?.line ?? 'no devices'})`);
        await stop();
        return 1;
      }
      const result = await runSmoke({
        screens: screens.page,
        runtime,
        layoutSettled: () => layout.settled(),
        demarcheShown: () => layout.shown()?.area ?? null,
        demarcheOnTop: async () => {
          const area = layout.shown()?.area;
          if (!area) return false;
          const origin = await screens.origin();
          const want = { x: origin.x + area.x, y: origin.y + area.y, width: area.width, height: area.height };
          const cx = want.x + want.width / 2;
          const cy = want.y + want.height / 2;
          const top = (await display.screen.topLevels()).filter((w) => w.mapped && cx >= w.x && cx < w.x + w.width && cy >= w.y && cy < w.y + w.height).at(-1);
          return !!top && top.x === want.x && top.y === want.y && top.width === want.width && top.height === want.height;
        },
        capture: () => display.screen.capture(),
        outDir,
        printedPagesDir: devices?.printedPagesDir ?? null,
        log,
      });
      if (bridge.rejected.length) log(`smoke: ${bridge.rejected.length} message(s) of the screens refused by the contract`);
      log(
        result.ok
          ? `smoke: PASSED in ${seconds(result.totalMs / 1000)}: ${result.shots.length} screenshots in ${shown(outDir)}/`
          : `smoke: FAILED: ${result.reason} (${result.shots.length} screenshots in ${outDir}/)`,
      );
      await stop();
      return result.ok && bridge.rejected.length === 0 ? 0 : 1;
    }

    if (display.own) {
      const vnc = await startX11vnc(display.name, await freePort());
      if (vnc) {
        stack.push('x11vnc', () => vnc.close());
        log(
          `to see and use it: ${vnc.command}   (x11vnc on ${display.name}, listening on this machine only; from another machine: ssh -L ${vnc.port}:localhost:${vnc.port} <this machine>, then the same command there)`,
        );
      } else {
        const viewer = await startViewer({ width: display.width, height: display.height, screens: screens.page, demarche: () => layout.shown() }, log);
        stack.push('the viewer', () => viewer.close());
        log(
          `to see and use it, open ${viewer.url} in a browser on this machine (no x11vnc here: a page of this shell showing the screens and the démarche as Chromium paints them — CDP screencast, not the X display — clicks and keys forwarded; from another machine: ssh -L ${new URL(viewer.url).port}:127.0.0.1:${new URL(viewer.url).port} <this machine> first)`,
        );
      }
    }
    log(args.watch ? 'watching src/renderer: a change rebuilds and reloads the screens; Ctrl+C to stop' : 'Ctrl+C to stop');
    let shownState = '';
    runtime.actor.subscribe((s) => {
      const state = cabinStateOf(s);
      if (state !== shownState && state === 'outOfService') log(`out of service: ${s.context.outOfService ?? 'unknown reason'}`, 'err');
      shownState = state;
    });
    // A new config kept from the fleet (the timer's `cabine fleet pull`): stop between residents; the kiosk
    // unit (Restart=always) starts the shell again on it.
    const fleet = applyFleetConfigBetweenSessions({
      startup,
      runtime,
      restart: () => void stop().then(() => process.exit(0)),
      log,
    });
    stack.push('the fleet follower', () => fleet.stop());
    // The package manager's gate (build/linux/update): apt waits for the end of a session, and nobody starts one
    // while it installs (Debian's chromium too: the kiosk unit restarts this shell on the new browser).
    const gate = startUpdateGate({ runtime, version: PACKAGE_VERSION, log });
    stack.push('the update gate', () => gate.stop());
    await new Promise<never>(() => {});
    return 0;
  } catch (error) {
    console.error(`cabine (chromium): could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stop();
    return 1;
  }
}

void main().then((code) => {
  // Nothing of ours keeps running: exit now rather than wait for a stray handle.
  process.exit(code);
});
