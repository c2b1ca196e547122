// Builds a whole cabin from its config: devices, per-session storage, audit log, metrics, and
// the runtime around the session machine. The engine is the caller's: Electron's in the cabin
// (src/main), Debian's Chromium in the Chromium shell (src/shell/chromium), the tests and the audits.
import { tmpdir } from 'node:os';
import { journalLine, type Log } from '../base/log';
import type { DemarcheEngine } from '../engine/port';
import type { DriverEnvironment } from '../devices/driver';
import { DEFAULT_SPOOL_DIR } from '../devices/printer';
import { createDrivers, type Drivers } from '../devices/registry';
import { createUsbInventory, usbMatchesFromConfig, type UsbInventory } from '../devices/usb';
import type { UsbTransport } from '../devices/usb';
import type { CabinConfig, ConfigProblem } from '../shared/config';
import { AuditLog, createSessionRecorder, defaultStateDir } from './audit-log';
import { CabineMetrics, registerFleetMetrics, registerUpdateMetrics, startMetricsFromConfig, type MetricsServer } from './metrics';
import { referentNotifier } from './referent-call';
import { printerCheckMarker } from './printer-check-marker';
import { createCabinRuntime, type CabinRuntime, type CabinRuntimeOptions } from './runtime';
import { createSessionLifecycle, cupsSpoolWatch, storageEventLevel, type SessionLifecycle, type SessionLifecycleOptions } from './storage';

/** DriverEnvironment: a private CUPS, SANE's test backend, recorded HID bytes instead of the machine's (tests, audits). */
export interface AssembleOptions extends DriverEnvironment {
  config: CabinConfig | null;
  configProblems?: ConfigProblem[];
  engine: DemarcheEngine;
  /** Where to look for what a crashed run left when the config is unreadable. */
  fallbackRamRoot?: string;
  /** Overrides for tests and audits (a test RAM root…). */
  ramRoot?: string;
  stateDir?: string;
  /**
   * The cabin's temp directory, checked by every wipe for files created during the session.
   * Default: os.tmpdir() — private to the cabin in production (the systemd unit's PrivateTmp=yes);
   * tests on a shared machine give their own.
   */
  tempDir?: string;
  allowLoopback?: boolean;
  /** Injected USB transport (tests); default: the real usb. */
  usb?: UsbTransport | null;
  clearClipboard?: () => Promise<void> | void;
  /** RAM-root entries that belong to the running app (Electron's own directories). */
  keepInRamRoot?: string[];
  lifecycle?: Partial<SessionLifecycleOptions>;
  runtime?: Partial<Pick<CabinRuntimeOptions, 'onDemarcheArea' | 'onCallArea' | 'logoDataUrl' | 'diagnostics' | 'scratchDir' | 'shareSource'>>;
  /** The cabin follows a fleet (its file has a fleet section): the version it runs (null: its own file), for the metrics. */
  fleet?: { running: number | null };
  /** The version this process runs and where the package manager's gate says how updates went, for the metrics. */
  update?: { version: string; dir: string };
  log?: Log;
}

export interface AssembledCabin {
  runtime: CabinRuntime;
  lifecycle: SessionLifecycle;
  devices: Drivers & { usb: UsbInventory | null };
  audit: AuditLog | null;
  metrics: CabineMetrics | null;
  stateDir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function assembleCabin(options: AssembleOptions): AssembledCabin {
  const { config, engine } = options;
  const log: Log = options.log ?? ((m, level) => console.log(journalLine(`cabine: ${m}`, level)));
  const d = config?.devices;

  const drivers = createDrivers(d, options);
  const usb = d && options.usb !== null ? createUsbInventory({ match: usbMatchesFromConfig(d), usb: options.usb ?? undefined }) : null;

  const lifecycle = createSessionLifecycle({
    ramRoot: options.ramRoot ?? config?.paths.ramRoot ?? options.fallbackRamRoot ?? '/dev/shm/cabine',
    allowDiskBacked: config?.paths.allowDiskBackedRamRoot ?? false,
    engine,
    printer: drivers.printer ?? undefined,
    clearClipboard: options.clearClipboard,
    // Where a file of a session could land outside its directory: temp, and CUPS's job files.
    watchedRoots: [options.tempDir ?? tmpdir(), cupsSpoolWatch(options.cupsSpool ?? DEFAULT_SPOOL_DIR)],
    allowLoopback: options.allowLoopback,
    keep: options.keepInRamRoot,
    log: (entry) => log(`storage ${JSON.stringify(entry)}`, storageEventLevel(entry)),
    ...options.lifecycle,
  });

  const stateDir = options.stateDir ?? config?.paths.stateDir ?? defaultStateDir();
  const audit = config ? new AuditLog({ dir: stateDir, knownDemarches: config.catalog.map((c) => c.id) }) : null;
  const metrics = config ? new CabineMetrics({ demarcheIds: config.catalog.map((c) => c.id), defaultLabels: { cabin: config.cabin.id } }) : null;
  if (metrics && options.fleet) registerFleetMetrics(metrics.registry, { stateDir, running: options.fleet.running });
  if (metrics && options.update) registerUpdateMetrics(metrics.registry, options.update);
  const recorder =
    audit || metrics
      ? createSessionRecorder({ audit: audit ?? undefined, metrics: metrics ?? undefined, onError: (e) => log(`audit log: ${String(e)}`) })
      : undefined;

  const runtime = createCabinRuntime({
    config,
    configProblems: options.configProblems,
    lifecycle,
    devices: { ...drivers, usb },
    recorder,
    // Always a notifier with a config: with no webhook it rejects at once (nobody can be told), never "prévenu".
    notifyReferent: config ? referentNotifier(config, { log }) : undefined,
    log,
    scratchDir: options.tempDir,
    printerCheck: config?.devices.printer ? printerCheckMarker(stateDir, log) : undefined,
    ...options.runtime,
  });

  let metricsServer: MetricsServer | null = null;
  return {
    runtime,
    lifecycle,
    devices: { ...drivers, usb },
    audit,
    metrics,
    stateDir,
    async start() {
      if (config && metrics) metricsServer = await startMetricsFromConfig(config, metrics).catch((e) => (log(`metrics endpoint: ${String(e)}`), null));
      await runtime.start();
    },
    async stop() {
      await runtime.stop();
      await metricsServer?.close();
    },
  };
}
