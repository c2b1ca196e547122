// The cabin under plain Node: the session machine with its real actors — the démarche engine,
// the printer and scanner drivers, the sensors, the per-session storage and its wipe, the audit
// log. Electron's main process runs this (src/main), and so do the tests' bridge and the audits,
// on Debian's Chromium: what they prove is what the cabin runs.
//
// It implements CabineHost, the other side of the preload API: UI events in, view states out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActor, fromCallback, fromPromise, type Actor, type SnapshotFrom } from 'xstate';
import type { DemarcheView, EngineNotice } from '../engine/port';
import type { Printer } from '../devices/printer';
import { countPdfPages } from '../devices/pdf';
import type { ScanDocument, Scanner } from '../devices/scanner';
import type { OccupancySensor } from '../devices/occupancy';
import type { BadgeReader } from '../devices/badge';
import type { UsbInventory } from '../devices/usb';
import type { CabinConfig, ConfigProblem } from '../shared/config';
import { publicConfigOf, type CabineHost, type DemarcheArea, type DiagnosticsReport, type KeyboardInput, type PublicConfig, type Query, type ViewState } from '../shared/ipc';
import { expandAllowList, hostOfOrigin } from '../shared/policy/hosts';
import {
  cabineMachine,
  DeviceFault,
  settingsFromConfig,
  toMachineView,
  type CabineEvent,
  type DeviceKind,
  type DevicePresence,
  type PrintTarget,
  type UiEvent,
} from '../shared/session';
import type { SessionLifecycle, ClaimedSession } from './storage';
import type { SessionRecorder } from './audit-log';
import { verifyStaffSecret } from './secrets';

export interface CabinDevices {
  printer?: Printer | null;
  scanner?: Scanner | null;
  occupancy?: OccupancySensor | null;
  badge?: BadgeReader | null;
  usb?: UsbInventory | null;
}

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
  notifyReferent?: (signal: AbortSignal) => Promise<void>;
  /** Main puts the démarche view where the renderer says; the Chromium adapter has no window. */
  onDemarcheArea?: (area: DemarcheArea) => void;
  /** The commune's logo, ready for the screens. */
  logoDataUrl?: string | null;
  /** Extra facts for the technician's diagnostics (storage, Electron…). */
  diagnostics?: () => Promise<Partial<DiagnosticsReport>>;
  /** Where test scans of maintenance go (deleted right after). Default: the OS temp dir. */
  scratchDir?: string;
  log?: (message: string) => void;
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
  stop(): Promise<void>;
}

type Snapshot = SnapshotFrom<typeof cabineMachine>;

/** The top-level state of the cabin region. */
export function cabinStateOf(snapshot: Snapshot): string {
  const v = (snapshot.value as { cabin: string | Record<string, unknown> }).cabin;
  return typeof v === 'string' ? v : Object.keys(v)[0]!;
}

export function createCabinRuntime(options: CabinRuntimeOptions): CabinRuntime {
  const { config, lifecycle } = options;
  const devices = options.devices ?? {};
  const log = options.log ?? (() => {});
  const publicConfig = publicConfigOf(config, { logoDataUrl: options.logoDataUrl ?? null, configProblems: options.configProblems ?? [] });

  // What the session holds in memory besides its directory; all of it is dropped by the wipe.
  let claimed: ClaimedSession | null = null;
  let view: DemarcheView | null = null;
  let viewNotices: (() => void) | null = null;
  let scan: ScanDocument | null = null;
  let scanPreviews: Uint8Array[] = [];
  let pendingPrint: Uint8Array | null = null;
  let printAbort: AbortController | null = null;
  let textFieldFocusedAt: number | null = null;
  let maintenancePreview: Uint8Array | null = null;

  const forgetSessionMemory = () => {
    claimed = null;
    view = null;
    viewNotices?.();
    viewNotices = null;
    scan = null;
    scanPreviews = [];
    pendingPrint = null;
    printAbort = null;
    textFieldFocusedAt = null;
  };

  const needSession = (): ClaimedSession => {
    if (!claimed) throw new Error('no session is open');
    return claimed;
  };

  const demarcheSpec = (demarcheId: string, assisted: boolean) => {
    const d = config?.catalog.find((c) => c.id === demarcheId);
    if (!config || !d) throw new Error(`unknown démarche ${demarcheId}`);
    return {
      id: d.id,
      startUrl: d.startUrl,
      allow: expandAllowList([...d.allow, ...(assisted ? d.assistedAllow : [])], config.hostGroups),
      permissions: d.permissions,
    };
  };

  /** What the démarche view says, as events of the machine. */
  const onNotice = async (notice: EngineNotice) => {
    switch (notice.type) {
      case 'navigation-blocked':
        return actor.send({ type: 'NAVIGATION_BLOCKED', host: notice.host });
      case 'download-done': {
        const session = claimed;
        if (!session) return;
        const pages = notice.isPdf ? await readFile(notice.path).then((b) => countPdfPages(b)).catch(() => null) : null;
        const doc = await session.documents.add({ kind: 'download', label: notice.filename, mime: notice.mime, pages, path: notice.path });
        return actor.send({ type: 'DOWNLOAD_DONE', documentId: doc.id, isPdf: notice.isPdf });
      }
      case 'download-refused':
        return actor.send({ type: 'DOWNLOAD_REFUSED', reason: notice.reason });
      case 'auth-refused':
        // The host only: never the origin's port, a URL or anything the site put in it.
        return actor.send({ type: 'AUTH_REFUSED', host: hostOfOrigin(notice.origin) });
      case 'file-chooser':
        return actor.send({ type: 'FILE_CHOOSER_OPENED', accept: notice.accept, multiple: notice.multiple });
      case 'print-requested':
        return actor.send({ type: 'PAGE_PRINT_REQUESTED' });
      case 'crashed':
        return actor.send({ type: 'VIEW_CRASHED' });
      case 'network':
        return actor.send({ type: notice.online ? 'NETWORK_UP' : 'NETWORK_DOWN' });
      case 'activity':
        return actor.send({ type: 'ACTIVITY' });
      case 'text-field-focused':
        textFieldFocusedAt = Date.now();
        return publish();
      default:
        return undefined;
    }
  };

  const printPdfOf = async (target: PrintTarget): Promise<Uint8Array> => {
    if (target.kind === 'page') {
      if (!view) throw new DeviceFault('unknown', 'no démarche page to print');
      return view.printToPdf();
    }
    const doc = needSession().documents.get(target.documentId);
    if (!doc) throw new DeviceFault('unknown', 'no such document');
    if (doc.mime !== 'application/pdf') throw new DeviceFault('unknown', 'only PDF documents are printed');
    return new Uint8Array(await readFile(doc.path));
  };

  const machine = cabineMachine.provide({
    actors: {
      bootSweep: fromPromise(async () => {
        const r = await lifecycle.bootSweep();
        return { removedEntries: r.removedEntries, storageNotRam: r.storageNotRam };
      }),
      startSession: fromPromise(async () => {
        claimed = await lifecycle.claim();
        return { sessionId: claimed.sessionId };
      }),
      endSession: fromPromise(async () => {
        printAbort?.abort(new Error('session ended'));
        await scan?.discard().catch(() => undefined);
        scan = null;
        await closeView();
      }),
      wipe: fromPromise(async ({ input }) => {
        forgetSessionMemory();
        try {
          return await lifecycle.wipe(input.sessionId, { attempt: input.attempt });
        } catch (error) {
          // Kinds and counts only: a path could name a resident's file.
          log(`wipe attempt ${input.attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      }),
      verifySecret: fromPromise(async ({ input }) => verifyStaffSecret(config, input)),
      preparePrint: fromPromise(async ({ input }) => {
        pendingPrint = await printPdfOf(input.target);
        return { pages: await countPdfPages(pendingPrint) };
      }),
      printJob: fromCallback<CabineEvent, { target: PrintTarget; copies: number }>(({ sendBack, input }) => {
        const printer = devices.printer;
        const abort = new AbortController();
        printAbort = abort;
        void (async () => {
          try {
            if (!printer) throw new DeviceFault('no-printer');
            const pdf = pendingPrint ?? (await printPdfOf(input.target));
            const result = await printer.print(pdf, {
              copies: input.copies,
              signal: abort.signal,
              onSubmitted: (jobId) => claimed?.recordPrintJob(jobId),
              onProgress: (pagesDone) => sendBack({ type: 'PRINT_PROGRESS', pagesDone }),
            });
            sendBack({ type: 'PRINT_DONE', pages: result.pages });
          } catch (error) {
            if (abort.signal.aborted) return;
            const fault = error instanceof DeviceFault ? error.fault : 'unknown';
            log(`print failed: ${fault}`);
            sendBack({ type: 'PRINT_FAILED', fault: fault as never });
          }
        })();
        return () => abort.abort(new Error('print flow left'));
      }),
      scanPage: fromPromise(async ({ input }) => {
        if (!devices.scanner) throw new DeviceFault('no-scanner');
        scan ??= devices.scanner.startDocument(needSession().filesDir);
        const r = input.retake ? await scan.retakeLastPage() : await scan.scanPage();
        scanPreviews = [...scanPreviews.slice(0, r.pages - 1), r.previewPng];
        return { pages: r.pages };
      }),
      finishScan: fromPromise(async () => {
        if (!scan) throw new DeviceFault('unknown', 'no scan in progress');
        const session = needSession();
        const done = await scan.finish();
        scan = null;
        scanPreviews = [];
        const n = session.documents.counts().scans + 1;
        // The label is the French fallback (and the name on disk's side); the screens show scanNumber in the resident's language.
        const doc = await session.documents.add({ kind: 'scan', label: `Document scanné ${n}`, scanNumber: n, mime: 'application/pdf', pages: done.pages, path: done.path });
        return { documentId: doc.id };
      }),
      setFiles: fromPromise(async ({ input }) => {
        const session = needSession();
        const paths = input.documentIds.map((id) => {
          const doc = session.documents.get(id);
          if (!doc) throw new Error('unknown document');
          return doc.path;
        });
        if (!view) throw new Error('no démarche page');
        await view.setFiles(paths);
      }),
      testPrint: fromPromise(async () => {
        if (!devices.printer) throw new DeviceFault('no-printer');
        await devices.printer.printTestPage();
      }),
      testScan: fromPromise(async () => {
        if (!devices.scanner) throw new DeviceFault('no-scanner');
        const dir = await mkdtemp(path.join(options.scratchDir ?? tmpdir(), 'cabine-test-scan-'));
        try {
          const doc = devices.scanner.startDocument(dir);
          const page = await doc.scanPage();
          maintenancePreview = page.previewPng;
          await doc.discard();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      callReferent: fromPromise(async ({ signal }) => {
        try {
          if (!options.notifyReferent) throw new Error('no call route configured');
          await options.notifyReferent(signal);
        } catch (error) {
          log(`referent call not acknowledged: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      }),
    },
    actions: {
      openDemarche: ({ context }) => {
        const session = claimed;
        if (!session || !context.demarcheId) return;
        const spec = demarcheSpec(context.demarcheId, context.assisted);
        void session
          .open(spec)
          .then((opened) => {
            if (claimed !== session) return void opened.close();
            view = opened;
            viewNotices = opened.on((n) => void onNotice(n).catch((e) => log(`notice ${n.type}: ${String(e)}`)));
          })
          .catch((error) => {
            log(`démarche did not open: ${error instanceof Error ? error.message : String(error)}`);
            actor.send({ type: 'NETWORK_DOWN' });
          });
      },
      closeDemarche: () => void closeView(),
      reloadDemarche: () => void view?.reload().catch(() => actor.send({ type: 'NETWORK_DOWN' })),
      backInDemarche: () => void view?.goBack().catch((error: unknown) => log(`back in the démarche: ${error instanceof Error ? error.message : String(error)}`)),
      cancelFileChooser: () => void view?.cancelFileChooser().catch(() => undefined),
      discardScan: () => {
        const s = scan;
        scan = null;
        scanPreviews = [];
        void s?.discard().catch(() => undefined);
      },
      ...(options.recorder?.actions ?? {}),
    },
  });

  const closeView = async () => {
    const v = view;
    view = null;
    viewNotices?.();
    viewNotices = null;
    textFieldFocusedAt = null;
    await v?.close().catch(() => undefined);
  };

  const initialDevices: Partial<Record<DeviceKind, DevicePresence>> = {};
  const actor = createActor(machine, { input: { settings: config ? settingsFromConfig(config) : null, devices: initialDevices } });

  // ----- view states out -----
  const listeners = new Set<(state: ViewState) => void>();
  const viewState = (): ViewState => {
    const snapshot = actor.getSnapshot();
    let documents: ViewState['documents'] = [];
    try {
      documents = claimed && !claimed.documents.dropped ? claimed.documents.summaries() : [];
    } catch (_error) {
      documents = [];
    }
    return { ...toMachineView(snapshot), documents, textFieldFocusedAt };
  };
  const publish = () => {
    if (listeners.size === 0) return;
    const state = viewState();
    for (const l of listeners) l(state);
  };

  // ----- devices in -----
  const unsubscribers: (() => void)[] = [];
  const wireDevices = () => {
    const { occupancy, badge, usb } = devices;
    if (occupancy) {
      unsubscribers.push(occupancy.on('change', (s) => actor.send({ type: 'PRESENCE', occupied: s === 'occupied' })));
      unsubscribers.push(occupancy.on('lost', () => actor.send({ type: 'SENSOR_LOST' })));
      unsubscribers.push(occupancy.on('found', () => actor.send({ type: 'DEVICES_CHANGED', devices: { occupancy: 'present' } })));
    }
    if (badge) {
      // The id goes to the verifier through the machine's event, and nowhere else.
      unsubscribers.push(badge.on('badge', (badgeId) => actor.send({ type: 'BADGE_READ', badgeId })));
      unsubscribers.push(badge.on('lost', () => actor.send({ type: 'DEVICES_CHANGED', devices: { badge: 'absent' } })));
      unsubscribers.push(badge.on('found', () => actor.send({ type: 'DEVICES_CHANGED', devices: { badge: 'present' } })));
    }
    if (usb) unsubscribers.push(usb.on('change', () => void checkDevices()));
  };

  /**
   * Which devices are there: the printer's CUPS queue answers, the scanner is listed by SANE, the
   * sensor's link is open. USB hot-plug only says when to look again.
   */
  const checkDevices = async () => {
    const found: Partial<Record<DeviceKind, DevicePresence>> = {};
    if (config?.devices.printer.enabled) {
      found.printer = devices.printer
        ? await devices.printer.status().then(
            (s) => (s.accepting || s.state !== 'stopped' ? 'present' : 'absent'),
            () => 'absent' as const,
          )
        : 'absent';
    }
    if (config?.devices.scanner.enabled) {
      found.scanner = devices.scanner ? await devices.scanner.device().then(() => 'present' as const, () => 'absent' as const) : 'absent';
    }
    if (config?.devices.occupancy.enabled && devices.occupancy) {
      found.occupancy = devices.occupancy.diagnostics().link.connected ? 'present' : 'absent';
    }
    actor.send({ type: 'DEVICES_CHANGED', devices: found });
  };

  const diagnostics = async (): Promise<DiagnosticsReport> => {
    const printerStatus = devices.printer ? await devices.printer.status().catch(() => null) : null;
    const scannerDevice = devices.scanner ? await devices.scanner.device().catch(() => null) : null;
    const occ = devices.occupancy?.diagnostics() ?? null;
    const extra = (await options.diagnostics?.().catch(() => ({}))) ?? {};
    const machineDevices = actor.getSnapshot().context.devices;
    return {
      generatedAt: Date.now(),
      devices: (Object.keys(machineDevices) as DeviceKind[]).map((kind) => ({ kind, present: machineDevices[kind] === 'present', detail: machineDevices[kind] })),
      printer: devices.printer ? { queue: devices.printer.queue, state: printerStatus?.state ?? 'injoignable', reasons: printerStatus?.reasons ?? [] } : null,
      scanner: devices.scanner ? { device: scannerDevice, found: scannerDevice ? [scannerDevice] : [] } : null,
      occupancy: occ ? { present: occ.link.connected, occupied: occ.state === 'unknown' ? null : occ.state === 'occupied', profile: occ.profile.name } : null,
      usb: (devices.usb?.list() ?? []).map((d) => ({ vendorId: d.vendorId, productId: d.productId, kind: d.kinds[0] ?? null })),
      config: { ok: config !== null, problems: options.configProblems ?? [] },
      storage: { ramRoot: config?.paths.ramRoot ?? '', ramBacked: true, freeBytes: null },
      ...extra,
    };
  };

  const runtime: CabinRuntime = {
    actor,
    publicConfig,
    async start() {
      actor.subscribe({
        next: (snapshot) => {
          options.recorder?.observe(snapshot);
          publish();
        },
        error: (error) => log(`session machine error: ${String(error)}`),
      });
      actor.start();
      wireDevices();
      await Promise.all([devices.occupancy?.start(), devices.badge?.start(), devices.usb?.start()]);
      await checkDevices().catch((e) => log(`device check failed: ${String(e)}`));
    },
    waitFor(state, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        if (cabinStateOf(actor.getSnapshot()) === state) return resolve();
        const timer = setTimeout(() => {
          sub.unsubscribe();
          reject(new Error(`the cabin did not reach '${state}' in ${timeoutMs} ms (it is in '${cabinStateOf(actor.getSnapshot())}')`));
        }, timeoutMs);
        const sub = actor.subscribe((s) => {
          if (cabinStateOf(s) === state) {
            clearTimeout(timer);
            sub.unsubscribe();
            resolve();
          }
        });
      });
    },
    deliver(event) {
      actor.send(event);
    },
    demarcheView: () => view,
    send(event: UiEvent) {
      actor.send(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: viewState,
    async query(query: Query) {
      switch (query.kind) {
        case 'publicConfig':
          return publicConfig;
        case 'state':
          return viewState();
        case 'documents':
          return claimed ? claimed.documents.summaries() : [];
        case 'documentBytes': {
          const doc = claimed?.documents.get(query.documentId);
          if (!doc) throw new Error('no such document in this session');
          return new Uint8Array(await readFile(doc.path));
        }
        case 'scanPreview': {
          const inMaintenance = cabinStateOf(actor.getSnapshot()) === 'maintenance';
          const preview = inMaintenance ? maintenancePreview : scanPreviews[query.page];
          if (!preview) throw new Error('no such page');
          return preview;
        }
        case 'printPreview':
          return pendingPrint;
        case 'diagnostics':
          // The technician's view only: refused anywhere but in maintenance.
          if (cabinStateOf(actor.getSnapshot()) !== 'maintenance') throw new Error('diagnostics are for maintenance');
          return diagnostics();
        default:
          throw new Error('unknown query');
      }
    },
    keyboard(input: KeyboardInput) {
      if (!view) return;
      const done = input.kind === 'text' ? view.typeText(input.text) : view.pressKey(input.key);
      void done.catch((e) => log(`keyboard: ${String(e)}`));
      actor.send({ type: 'ACTIVITY' });
    },
    setDemarcheArea(area) {
      options.onDemarcheArea?.(area);
    },
    async stop() {
      for (const u of unsubscribers.splice(0)) u();
      actor.stop();
      await closeView();
      await scan?.discard().catch(() => undefined);
      forgetSessionMemory();
      await Promise.all([devices.occupancy?.stop(), devices.badge?.stop()]);
      devices.usb?.stop();
      devices.printer?.close();
      await lifecycle.shutdown();
    },
  };
  return runtime;
}
