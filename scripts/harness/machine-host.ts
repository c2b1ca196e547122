// Long file: the test host stands in for the whole runtime (every actor the machine needs, scripted); one place a test reads to see what is faked.
// A CabineHost for the UI tests and `npm run bench:ui`: the REAL session machine (cabineMachine from src/shared),
// with its side effects provided by the test — when the wipe finishes, which printer fault
// happens, what the scanner returns, which documents exist. The screens cannot tell it from
// the runtime: they get the same ViewState, and every message they send is checked against
// the IPC contract's schemas, as main does.
import { createActor, fromCallback, fromPromise, SimulatedClock, type Actor } from 'xstate';
import { defaultConfig, DEFAULT_REFERENT_PIN, DEFAULT_TECHNICIAN_CODE } from '../../src/shared/config/default-config';
import type { CabinConfig, CabinConfigInput } from '../../src/shared/config/schema';
import { validateConfig, type ConfigProblem } from '../../src/shared/config/validate';
import { verifyStaffSecret } from '../../src/cabin/secrets';
import {
  publicConfigOf,
  querySchema,
  type CabineHost,
  type CallArea,
  type DemarcheArea,
  type DiagnosticsReport,
  type DocumentSummary,
  type KeyboardInput,
  type PublicConfig,
  type Query,
  type ViewState,
} from '../../src/shared/ipc/contract';
import type { DeviceEvent, EngineEvent, UiEvent, VisioEvent } from '../../src/shared/session/events';
import { cabineMachine, type BootSweepOutput, type CabineContext, type VisioCallCommand, type VisioCallInput } from '../../src/shared/session/machine';
import {
  PrinterFault,
  ScannerFault,
  settingsFromConfig,
  type DeviceKind,
  type DevicePresence,
  type EndingReason,
  type PrintFault,
  type ScanFault,
  type WipeReceipt,
} from '../../src/shared/session/types';
import { toMachineView } from '../../src/shared/session/view';
import { hostOfOrigin } from '../../src/shared/policy/hosts';
import { pdfFromPngs, textPdf } from './documents';
import { scannedPagePng } from './png';

export const REFERENT_PIN = DEFAULT_REFERENT_PIN;
export const TECHNICIAN_CODE = DEFAULT_TECHNICIAN_CODE;

type Timers = NonNullable<CabinConfigInput['timers']>;

export interface MachineHostOptions {
  /** Timers merged over the default config's (the schema's minimums make short tests possible). */
  timers?: Partial<Timers>;
  /** Any other change to the default config (applied before validation). */
  editConfig?(config: CabinConfigInput): CabinConfigInput;
  /** A raw config that may be invalid: the cabin then boots out of service. */
  rawConfig?: unknown;
  devices?: Partial<Record<DeviceKind, DevicePresence>>;
  presence?: CabineContext['presence'];
  /** 'manual': the wipe waits for releaseWipe() (to see the "erasing" screen). */
  wipe?: 'auto' | 'manual';
  /** The boot sweep waits for release('boot') (to see the booting screen). */
  holdBoot?: boolean;
  /**
   * 'simulated': the machine's timers (inactivity, warning, receipt…) only move with advance(ms),
   * so a screen on a timer can be checked at leisure on a loaded machine. Default: real time.
   */
  clock?: 'real' | 'simulated';
}

interface StoredDocument {
  summary: DocumentSummary;
  bytes: Uint8Array;
}

/** Everything the test decides about the world. */
export interface HostControls {
  /** Pages of the démarche page when printed. */
  pagePages: number;
  /** Delay between two printed pages (PRINT_PROGRESS). */
  pageDelayMs: number;
  /** The next print jobs' faults, in order (undefined: the job succeeds). */
  printFaults: (PrintFault | undefined)[];
  /** The next scanned pages' faults, in order. */
  scanFaults: (ScanFault | undefined)[];
  scanDelayMs: number;
  testPrintFault: PrintFault | null;
  testScanFault: ScanFault | null;
  /** Cookies and storage entries the wipe reports. */
  storageEntries: number | null;
  /** How many wipe attempts fail before one succeeds. */
  wipeFailures: number;
  /** Print jobs stop after this many sheets until release('print') (to look at the progress). */
  printHoldAfter: number | null;
  /** Scans wait for release('scan') (to look at "Numérisation en cours"). */
  holdScan: boolean;
  /** The boot sweep and the session's start wait for release('boot') / release('start'). */
  holdBoot: boolean;
  holdStart: boolean;
  /**
   * What the call route does with a call to a referent: acknowledges it (default), is not there or fails
   * ('unreachable'), or waits for release('referent') and then acknowledges ('hold', to see or cancel "calling").
   */
  referentCall: 'acknowledge' | 'unreachable' | 'hold';
}

/** A door the test opens: what is waiting on it goes on. */
class Gate {
  private waiting: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((r) => this.waiting.push(r));
  }
  release(): void {
    for (const r of this.waiting.splice(0)) r();
  }
}

/** What the machine asked of the world, for the tests to check. */
export interface HostRecord {
  sent: UiEvent[];
  rejected: { channel: string; message: unknown }[];
  keyboard: KeyboardInput[];
  areas: DemarcheArea[];
  /** The démarche's zoom the screens asked for (the resident's text size), in order. */
  zooms: number[];
  openedDemarches: string[];
  closedDemarches: number;
  reloads: number;
  referentCalls: number;
  /** Hosts the agent's panel opened for the session. */
  sitesOpened: string[];
  /** Calls the machine stopped waiting for (cancelled by the resident, the visit ended, its own limit). */
  referentCallsStopped: number;
  filesSet: string[][];
  fileChoosersCancelled: number;
  endings: (EndingReason | null)[];
  wipes: number;
  /** The call's area the screens asked for (setCallArea, where the bridge carries it), in order. */
  callAreas: CallArea[];
  /** The video calls the machine started (visioCall's input: the session, the language). */
  visioCalls: VisioCallInput[];
  /**
   * In order: the video call's life ('visio:start', 'visio:SHARE_ON', 'visio:SHARE_OFF', 'visio:stop' — the stop is the
   * hang-up that releases the camera) and the session's end ('endSession', 'wipe'), to see which came first.
   */
  timeline: string[];
}

export interface MachineHost extends CabineHost {
  readonly actor: Actor<typeof cabineMachine>;
  readonly config: CabinConfig | null;
  readonly publicConfig: PublicConfig;
  readonly controls: HostControls;
  readonly record: HostRecord;
  /** An event from the engine or a device driver (what main forwards to the machine). */
  inject(event: EngineEvent | DeviceEvent): void;
  /** Lets a 'manual' wipe finish. */
  releaseWipe(): void;
  /** Moves the simulated clock (options.clock 'simulated') by `ms`, firing what falls due. */
  advance(ms: number): void;
  /**
   * The video call's room, as the runtime's visioCall actor reports it: the agent joins, leaves, or the call fails
   * (VISIO_* sent to the machine by the running actor). Throws when no call is running.
   */
  visio(event: VisioEvent): void;
  /** Whether a video call's actor is running (started and not stopped). */
  visioRunning(): boolean;
  /** Lets a held print job, scan, boot sweep or session start go on. */
  release(what: 'print' | 'scan' | 'boot' | 'start' | 'referent'): void;
  /** The démarche page's text field got focus (the engine's notice); `oneTimeCode`: a one-time code field (the code keypad). */
  focusTextField(oneTimeCode?: boolean): void;
  /** The démarche page moved to `url` (the engine's `navigated` notice): the screens get its host (ViewState.pageHost); `payment`: a bank's page in a payment chain. */
  navigate(url: string, payment?: boolean): void;
  /** A file the démarche page downloaded into the session folder. */
  addDownload(label: string, pages: number): Promise<string>;
  documents(): DocumentSummary[];
  stop(): void;
}

function buildConfig(options: MachineHostOptions): { config: CabinConfig | null; problems: ConfigProblem[] } {
  let raw: unknown = options.rawConfig;
  if (raw === undefined) {
    let input: CabinConfigInput = structuredClone(defaultConfig);
    if (options.timers) input.timers = { ...input.timers, ...options.timers };
    if (options.editConfig) input = options.editConfig(input);
    raw = input;
  }
  const result = validateConfig(raw);
  return result.ok ? { config: result.config, problems: [] } : { config: null, problems: result.problems };
}

export function createMachineHost(options: MachineHostOptions = {}): MachineHost {
  const { config, problems } = buildConfig(options);
  // What the runtime shows, valid config or not (src/shared/ipc/contract.ts).
  const publicConfig = publicConfigOf(config, { configProblems: problems });
  const controls: HostControls = {
    pagePages: 2,
    pageDelayMs: 150,
    printFaults: [],
    scanFaults: [],
    scanDelayMs: 120,
    testPrintFault: null,
    testScanFault: null,
    storageEntries: 0,
    wipeFailures: 0,
    printHoldAfter: null,
    holdScan: false,
    holdBoot: options.holdBoot ?? false,
    holdStart: false,
    referentCall: 'acknowledge',
  };
  const gates = { print: new Gate(), scan: new Gate(), boot: new Gate(), start: new Gate(), referent: new Gate() };
  const record: HostRecord = {
    sent: [],
    rejected: [],
    keyboard: [],
    areas: [],
    zooms: [],
    openedDemarches: [],
    closedDemarches: 0,
    reloads: 0,
    referentCalls: 0,
    sitesOpened: [],
    referentCallsStopped: 0,
    filesSet: [],
    fileChoosersCancelled: 0,
    endings: [],
    wipes: 0,
    callAreas: [],
    visioCalls: [],
    timeline: [],
  };
  // The running video call's way back to the machine (its sendBack); null when none runs.
  let visioBack: ((event: VisioEvent) => void) | null = null;

  // The session's "folder": documents and the pages of the scan in progress.
  const documents = new Map<string, StoredDocument>();
  let scanPages: Uint8Array[] = [];
  let scanLayout: 'document' | 'card' = 'document';
  let scanCount = 0;
  let printJobs = 0;
  let nextId = 1;
  const newId = (prefix: string) => `${prefix}-${nextId++}`;

  // The démarche page's host, as the runtime keeps it: set on navigated, cleared when the démarche closes and by the wipe.
  let pageHost: string | null = null;
  let pageOnBank = false;
  let wipeGate: { promise: Promise<void>; release(): void } | null = null;
  const armWipeGate = () => {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    wipeGate = { promise, release };
  };
  if (options.wipe === 'manual') armWipeGate();

  const listeners = new Set<(state: ViewState) => void>();
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const pagesOf = (target: { kind: 'page' } | { kind: 'document'; documentId: string }) =>
    target.kind === 'document' ? (documents.get(target.documentId)?.summary.pages ?? 1) : controls.pagePages;

  const machine = cabineMachine.provide({
    actors: {
      bootSweep: fromPromise<BootSweepOutput>(async () => {
        if (controls.holdBoot) await gates.boot.wait();
        return { removedEntries: 0, storageNotRam: false };
      }),
      startSession: fromPromise(async () => {
        if (controls.holdStart) await gates.start.wait();
        return { sessionId: newId('session') };
      }),
      endSession: fromPromise<void, { reason: EndingReason | null }>(async ({ input }) => {
        record.timeline.push('endSession');
        record.endings.push(input.reason);
      }),
      wipe: fromPromise<WipeReceipt, { sessionId: string | null; attempt: number }>(async () => {
        record.wipes++;
        record.timeline.push('wipe');
        if (wipeGate) await wipeGate.promise;
        const started = performance.now();
        if (controls.wipeFailures > 0) {
          controls.wipeFailures--;
          throw new Error('wipe verification failed (test)');
        }
        const docs = [...documents.values()];
        const receipt: WipeReceipt = {
          documents: docs.length,
          scans: scanCount,
          printJobs,
          storageEntries: controls.storageEntries,
          files: docs.length,
          bytes: docs.reduce((n, d) => n + d.bytes.length, 0),
          durationMs: performance.now() - started,
          verified: true,
        };
        documents.clear();
        pageHost = null;
        pageOnBank = false;
        scanPages = [];
        scanCount = 0;
        printJobs = 0;
        if (options.wipe === 'manual') armWipeGate();
        return receipt;
      }),
      // The product's check (src/cabin/secrets.ts): the same NFC normalisation, badge ids normalised alike.
      verifySecret: fromPromise(async ({ input }) => verifyStaffSecret(config, input)),
      preparePrint: fromPromise(async ({ input }) => {
        await delay(50);
        return { pages: pagesOf(input.target) };
      }),
      printJob: fromCallback(({ sendBack, input }) => {
        const fault = controls.printFaults.shift();
        const total = pagesOf(input.target) * input.copies;
        let done = 0;
        let timer: ReturnType<typeof setTimeout>;
        const step = () => {
          // A fault happens after the first sheet, as a jam does.
          if (fault && done >= Math.min(1, total - 1)) return sendBack({ type: 'PRINT_FAILED', fault });
          done++;
          sendBack({ type: 'PRINT_PROGRESS', pagesDone: done });
          if (done >= total) {
            printJobs++;
            sendBack({ type: 'PRINT_DONE', pages: total });
          } else if (controls.printHoldAfter !== null && done >= controls.printHoldAfter) {
            void gates.print.wait().then(() => {
              if (!stopped) timer = setTimeout(step, controls.pageDelayMs);
            });
          } else timer = setTimeout(step, controls.pageDelayMs);
        };
        let stopped = false;
        timer = setTimeout(step, controls.pageDelayMs);
        return () => {
          stopped = true;
          clearTimeout(timer);
        };
      }),
      scanPage: fromPromise(async ({ input }) => {
        await delay(controls.scanDelayMs);
        if (controls.holdScan) await gates.scan.wait();
        const fault = controls.scanFaults.shift();
        if (fault) throw new ScannerFault(fault);
        scanLayout = input.layout;
        const png = scannedPagePng(input.retake ? scanPages.length : scanPages.length + 1);
        if (input.retake && scanPages.length > 0) scanPages[scanPages.length - 1] = png;
        else scanPages.push(png);
        return { pages: scanPages.length };
      }),
      finishScan: fromPromise(async () => {
        const bytes = await pdfFromPngs(scanPages);
        const id = newId('scan');
        scanCount++;
        documents.set(id, {
          summary: {
            id,
            kind: 'scan',
            label: `Document numérisé ${scanCount}`,
            mime: 'application/pdf',
            // A card's two sides are one page; each scanned image is also kept as a JPEG (for image-only inputs).
            pages: scanLayout === 'card' ? 1 : scanPages.length,
            jpegImages: scanPages.length,
            bytes: bytes.length,
            createdAt: Date.now(),
          },
          bytes,
        });
        scanPages = [];
        emit();
        return { documentId: id };
      }),
      setFiles: fromPromise(async ({ input }) => {
        record.filesSet.push(input.documentIds);
      }),
      testPrint: fromPromise(async () => {
        await delay(200);
        if (controls.testPrintFault) throw new PrinterFault(controls.testPrintFault);
      }),
      testScan: fromPromise(async () => {
        await delay(200);
        if (controls.testScanFault) throw new ScannerFault(controls.testScanFault);
        scanPages = [scannedPagePng(1)];
      }),
      // The agent's panel (issue 15): the test host grants every host the machine asks for.
      openSiteForSession: fromPromise<void, { host: string }>(async ({ input }) => {
        record.sitesOpened.push(input.host);
      }),
      // The video call (issue 17): the room does what the test says (host.visio); the stop is the hang-up.
      visioCall: fromCallback<VisioCallCommand, VisioCallInput>(({ sendBack, receive, input }) => {
        record.visioCalls.push(input);
        record.timeline.push('visio:start');
        const back = (event: VisioEvent) => sendBack(event);
        visioBack = back;
        receive((command) => void record.timeline.push(`visio:${command.type}`));
        return () => {
          record.timeline.push('visio:stop');
          if (visioBack === back) visioBack = null;
        };
      }),
      callReferent: fromPromise<void>(async ({ signal }) => {
        record.referentCalls++;
        signal.addEventListener('abort', () => record.referentCallsStopped++);
        if (controls.referentCall === 'unreachable') throw new Error('no call route (test)');
        if (controls.referentCall === 'hold') await gates.referent.wait();
      }),
    },
    actions: {
      openDemarche: ({ context }) => void record.openedDemarches.push(context.demarcheId ?? ''),
      closeDemarche: () => {
        record.closedDemarches++;
        pageHost = null;
        pageOnBank = false;
      },
      reloadDemarche: () => void record.reloads++,
      cancelFileChooser: () => void record.fileChoosersCancelled++,
      discardScan: () => {
        scanPages = [];
      },
    },
  });

  const clock = options.clock === 'simulated' ? new SimulatedClock() : undefined;
  const actor = createActor(machine, {
    input: { settings: config ? settingsFromConfig(config) : null, devices: options.devices, presence: options.presence },
    ...(clock ? { clock } : {}),
  });

  let textFieldFocusedAt: number | null = null;
  let oneTimeCodeField = false;
  const getState = (): ViewState => ({
    ...toMachineView(actor.getSnapshot()),
    documents: [...documents.values()].map((d) => d.summary),
    textFieldFocusedAt,
    oneTimeCodeField,
    pageHost,
    pageOnBank,
  });
  const emit = () => {
    const state = getState();
    for (const l of listeners) l(state);
  };
  actor.subscribe({ next: emit, error: (e) => console.error('machine error', e) });
  actor.start();

  const host: MachineHost = {
    actor,
    config,
    publicConfig,
    controls,
    record,
    send(event) {
      record.sent.push(event);
      actor.send(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState,
    async query(q: Query) {
      const query = querySchema.parse(q);
      switch (query.kind) {
        case 'publicConfig':
          return publicConfig;
        case 'state':
          return getState();
        case 'printPreview': {
          const target = actor.getSnapshot().context.print.target;
          if (!target) return null;
          if (target.kind === 'document') return documents.get(target.documentId)?.bytes ?? null;
          return textPdf('Page de la démarche', controls.pagePages);
        }
        case 'documents':
          return [...documents.values()].map((d) => d.summary);
        case 'documentBytes': {
          const d = documents.get(query.documentId);
          if (!d) throw new Error('unknown document');
          return d.bytes;
        }
        case 'scanPreview': {
          const p = scanPages[query.page];
          if (!p) throw new Error('no such page');
          return p;
        }
        case 'diagnostics': {
          if (!actor.getSnapshot().matches({ cabin: 'maintenance' })) throw new Error('diagnostics are for maintenance only');
          return diagnostics();
        }
      }
    },
    keyboard(input) {
      record.keyboard.push(input);
    },
    setDemarcheArea(area) {
      record.areas.push(area);
    },
    setDemarcheZoom(factor) {
      record.zooms.push(factor);
    },
    setCallArea(area) {
      record.callAreas.push(area);
    },
    visio(event) {
      if (!visioBack) throw new Error(`no video call is running to report ${event.type}`);
      visioBack(event);
    },
    visioRunning: () => visioBack !== null,
    inject(event) {
      actor.send(event);
    },
    focusTextField(oneTimeCode = false) {
      textFieldFocusedAt = Date.now();
      oneTimeCodeField = oneTimeCode;
      emit();
    },
    navigate(url, payment = false) {
      pageHost = hostOfOrigin(url) || null;
      pageOnBank = payment;
      emit();
    },
    releaseWipe() {
      wipeGate?.release();
    },
    release(what) {
      gates[what].release();
    },
    advance(ms) {
      if (!clock) throw new Error('advance() needs the simulated clock (options.clock)');
      clock.increment(ms);
    },
    async addDownload(label, pages) {
      const bytes = await textPdf(label, pages);
      const id = newId('download');
      documents.set(id, { summary: { id, kind: 'download', label, mime: 'application/pdf', pages, bytes: bytes.length, createdAt: Date.now() }, bytes });
      emit();
      return id;
    },
    documents: () => [...documents.values()].map((d) => d.summary),
    stop() {
      listeners.clear();
      actor.stop();
    },
  };

  function diagnostics(): DiagnosticsReport {
    const devices = actor.getSnapshot().context.devices;
    return {
      generatedAt: Date.now(),
      devices: (Object.keys(devices) as DeviceKind[]).map((kind) => ({ kind, present: devices[kind] === 'present', detail: devices[kind] })),
      printer: config?.devices.printer.enabled ? { queue: config.devices.printer.queue, state: 'idle', reasons: ['none'] } : null,
      scanner: config?.devices.scanner.enabled ? { device: 'test:0', found: ['test:0', 'test:1'] } : null,
      occupancy: null,
      usb: [
        { vendorId: 0x04f9, productId: 0x0042, kind: 'printer' },
        { vendorId: 0x04a9, productId: 0x1905, kind: 'scanner' },
      ],
      config: { ok: config !== null, problems },
      storage: { ramRoot: config?.paths.ramRoot ?? '/dev/shm/cabine', ramBacked: true, freeBytes: 512 * 1024 * 1024 },
    };
  }

  return host;
}
