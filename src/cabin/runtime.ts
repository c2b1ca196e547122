// The cabin under plain Node: the session machine with its real actors — the démarche engine,
// the printer and scanner drivers, the sensors, the per-session storage and its wipe, the audit
// log. Electron's main process runs this (src/main), and so do the tests' bridge and the audits,
// on Debian's Chromium: what they prove is what the cabin runs.
//
// It implements CabineHost, the other side of the preload API: UI events in, view states out.
// This file only puts the parts together (src/cabin/runtime/):
//   session-memory.ts  what a session holds in memory, dropped by the wipe
//   machine.ts         the machine's actors and actions: storage, engine, printer, scanner, secrets
//   notices.ts         what the démarche view says, as events of the machine
//   devices.ts         the devices' events in, which are there, the technician's diagnostics
//   host.ts            the screens' side: view states out, queries, the on-screen keyboard
import type { Log } from '../base/log';
import { createActor, type Actor } from 'xstate';
import { driversOf } from '../devices/driver';
import type { CallView, DemarcheView, ShareSource } from '../engine/port';
import type { CabinConfig, ConfigProblem } from '../shared/config';
import { publicConfigOf, type CabineHost, type CallArea, type DemarcheArea, type DiagnosticsReport, type PublicConfig } from '../shared/ipc';
import { settingsFromConfig, type cabineMachine, type CabineEvent, type DeviceKind, type DevicePresence } from '../shared/session';
import type { SessionRecorder } from './audit-log';
import { printerCheckSync, type PrinterCheckMarker } from './printer-check-marker';
import type { ReferentNotifier } from './referent-call';
import type { SessionLifecycle } from './storage';
import { diagnosticsReport, presentDevices, wireDevices, type CabinDevices } from './runtime/devices';
import { createScreensHost } from './runtime/host';
import { provideCabinMachine, waitForCabinState } from './runtime/machine';
import { handleNotice } from './runtime/notices';
import { SessionMemory } from './runtime/session-memory';

export type { CabinDevices } from './runtime/devices';
export { cabinStateOf } from './runtime/machine';

export interface CabinRuntimeOptions {
  /** The validated config; null when it did not validate (the cabin can only be out of service). */
  config: CabinConfig | null;
  configProblems?: ConfigProblem[];
  lifecycle: SessionLifecycle;
  devices?: CabinDevices;
  recorder?: SessionRecorder;
  /**
   * Tells a referent the resident asked for help (the config's webhook, ./referent-call.ts); never carries anything
   * personal. Resolves only when the call was acknowledged; `signal` aborts when the machine stops waiting. Absent:
   * nobody can be told, and the machine's callReferent fails at once.
   */
  notifyReferent?: ReferentNotifier;
  /**
   * The cabin's own views as the video call's screen share pictures them (the shell's: it knows where they are on
   * the display). Absent: the share cannot be given, and the machine is told so.
   */
  shareSource?: ShareSource;
  /** The shell puts the video call's view where the screens say (issue 17). */
  onCallArea?: (area: CallArea) => void;
  /** Main puts the démarche view where the renderer says; the Chromium adapter has no window. */
  onDemarcheArea?: (area: DemarcheArea) => void;
  /** The commune's logo, ready for the screens. */
  logoDataUrl?: string | null;
  /** Extra facts for the technician's diagnostics (storage, Electron…). */
  diagnostics?: () => Promise<Partial<DiagnosticsReport>>;
  /** Where test scans of maintenance go (deleted right after). Default: the OS temp dir. */
  scratchDir?: string;
  /** « Imprimante à vérifier » kept across a crash or a power cut (./printer-check-marker.ts); absent: in memory only. */
  printerCheck?: PrinterCheckMarker;
  log?: Log;
}

export interface CabinRuntime extends CabineHost {
  readonly actor: Actor<typeof cabineMachine>;
  readonly publicConfig: PublicConfig;
  /** Starts the devices and the machine (boot sweep first). */
  start(): Promise<void>;
  /** Waits until the machine is in the given top-level cabin state (tests, benches). */
  waitFor(state: string, timeoutMs?: number): Promise<void>;
  /** Sends a device or engine event (tests of device paths, the main process). */
  deliver(event: CabineEvent): void;
  /** The démarche view open now, if any (main routes input to it; tests drive its page). */
  demarcheView(): DemarcheView | null;
  /** The video call open now, if any (the shell places its window; tests look at its page). */
  callView(): CallView | null;
  stop(): Promise<void>;
}

export function createCabinRuntime(options: CabinRuntimeOptions): CabinRuntime {
  const { config, lifecycle } = options;
  const devices = options.devices ?? {};
  const log = options.log ?? (() => {});
  const configProblems = options.configProblems ?? [];
  const publicConfig = publicConfigOf(config, { logoDataUrl: options.logoDataUrl ?? null, configProblems });
  const memory = new SessionMemory();
  const writePrinterCheck = options.printerCheck ? printerCheckSync(options.printerCheck) : () => {};
  const syncPrinterCheck = () => writePrinterCheck(actor.getSnapshot().context.printerToCheck || memory.printAtCups);

  const machine = provideCabinMachine({
    config,
    lifecycle,
    devices,
    memory,
    onNotice: (notice) =>
      handleNotice(notice, {
        send: (event) => actor.send(event),
        session: () => memory.claimed,
        textFieldFocused: (oneTimeCode) => {
          memory.textFieldFocusedAt = Date.now();
          memory.oneTimeCodeField = oneTimeCode;
          screens.publish();
        },
        navigated: (host, payment = false) => {
          memory.pageHost = host;
          memory.pageOnBank = payment;
          screens.publish();
        },
      }),
    send: (event) => actor.send(event),
    notifyReferent: options.notifyReferent,
    shareSource: options.shareSource,
    recorderActions: options.recorder?.actions,
    scratchDir: options.scratchDir,
    printerCheckAtBoot: options.printerCheck ? () => options.printerCheck!.isSet() : undefined,
    printerCheckChanged: syncPrinterCheck,
    log,
  });
  const initialDevices: Partial<Record<DeviceKind, DevicePresence>> = {};
  const actor = createActor(machine, { input: { settings: config ? settingsFromConfig(config) : null, devices: initialDevices } });

  const screens = createScreensHost({
    actor,
    memory,
    publicConfig,
    log,
    onDemarcheArea: options.onDemarcheArea,
    onCallArea: options.onCallArea,
    diagnostics: () =>
      diagnosticsReport({ config, configProblems, devices, machineDevices: () => actor.getSnapshot().context.devices, extra: options.diagnostics }),
  });

  // Which devices are there, told to the machine: at start, and whenever USB hot-plug says to look again.
  const checkDevices = async () => actor.send({ type: 'DEVICES_CHANGED', devices: await presentDevices(config, devices) });
  const unsubscribers: (() => void)[] = [];

  return {
    send: screens.send,
    subscribe: screens.subscribe,
    getState: screens.getState,
    query: screens.query,
    keyboard: screens.keyboard,
    setDemarcheArea: screens.setDemarcheArea,
    setDemarcheZoom: screens.setDemarcheZoom,
    setCallArea: screens.setCallArea,
    actor,
    publicConfig,
    async start() {
      actor.subscribe({
        next: (snapshot) => {
          options.recorder?.observe(snapshot);
          // Not before the boot has read the mark a previous run left.
          if (!snapshot.matches({ cabin: 'booting' })) syncPrinterCheck();
          screens.publish();
        },
        error: (error) => log(`session machine error: ${String(error)}`, 'err'),
      });
      actor.start();
      unsubscribers.push(
        ...wireDevices(
          devices,
          (event) => actor.send(event),
          () => void checkDevices(),
        ),
      );
      await Promise.all([...driversOf(devices).map((d) => d.start()), devices.usb?.start()]);
      await checkDevices().catch((e) => log(`device check failed: ${String(e)}`, 'warning'));
    },
    waitFor: (state, timeoutMs) => waitForCabinState(actor, state, timeoutMs),
    deliver(event) {
      actor.send(event);
    },
    demarcheView: () => memory.view,
    callView: () => memory.call,
    async stop() {
      for (const u of unsubscribers.splice(0)) u();
      actor.stop();
      await memory.closeView();
      await memory.scan?.discard().catch(() => undefined);
      memory.forget();
      await Promise.all(driversOf(devices).map((d) => d.stop()));
      devices.usb?.stop();
      await lifecycle.shutdown();
    },
  };
}
