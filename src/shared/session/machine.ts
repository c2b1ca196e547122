// The session machine: the one source of truth for what the cabin is doing.
//
//   booting ─▶ attract ─▶ welcome ─▶ session (catalog ⇄ démarche …) ─▶ ending ─▶ wiping ─▶ goodbye ─▶ attract
//                                                                                   └─(fails N×)─▶ outOfService
// The invariant the model-based tests walk every path for: once a session has begun,
// nothing reaches attract or welcome again without a successful wipe in between.
//
// xstate v5 semantics to keep in mind: in a parallel state, when any region handles an event,
// no ancestor's handler for that event runs. So facts kept at the root (PRESENCE…) are also
// assigned by the states that react to them, and the session talks to its regions with
// internal events (ASSISTED) rather than sharing one.
//
// Side effects are named actors and actions; the defaults here do nothing, and the shell
// (src/main), the Node runtime (src/cabin) and the tests `provide()` the real ones.
import { assign, fromCallback, fromPromise, not, raise, setup } from 'xstate';
import type { Locale } from '../config/schema';
import type { CabineEvent } from './events';
import type {
  DeviceKind,
  DevicePresence,
  DownloadRefusal,
  EndingReason,
  MachineSettings,
  OutOfServiceReason,
  PrintFault,
  PrintTarget,
  ScanFault,
  SessionCounts,
  UnlockRole,
  WipeReceipt,
} from './types';
import { DEVICE_KINDS } from './types';

export interface CabineContext {
  /** null when the config is invalid: the cabin can only be out of service. */
  settings: MachineSettings | null;
  locale: Locale;
  /** Random id of the current session's storage; never derived from anything personal. */
  sessionId: string | null;
  sessionsSinceBoot: number;
  startedAt: number | null;
  demarcheId: string | null;
  assisted: boolean;
  endingReason: EndingReason | null;
  outOfService: OutOfServiceReason | null;
  afterWipe: 'goodbye' | 'attract' | 'maintenance';
  wipeAttempts: number;
  receipt: WipeReceipt | null;
  counts: SessionCounts;
  presence: 'occupied' | 'empty' | 'unknown';
  /** Someone was seen by the sensor during this session: only then may "empty" end it. */
  presenceSeen: boolean;
  devices: Record<DeviceKind, DevicePresence>;
  unlock: { failures: number; lockedUntil: number | null; last: 'accepted' | 'rejected' | 'locked' | null };
  warningEndsAt: number | null;
  blockedHost: string | null;
  fileChooser: { accept: string[]; multiple: boolean } | null;
  print: { target: PrintTarget | null; pages: number; copies: number; pagesDone: number; fault: PrintFault | null };
  scan: { pages: number; fault: ScanFault | null; returnTo: 'browsing' | 'pickingFile' | 'documents' };
  printReturnTo: 'browsing' | 'documents' | 'viewingDocument';
  viewingDocumentId: string | null;
  downloadRefused: DownloadRefusal | null;
  /** The host of a site that asked for an HTTP login the cabin refused (its banner); null when none. */
  authRefusedHost: string | null;
  referentCalled: boolean;
  maintenanceTest: { kind: 'print' | 'scan'; ok: boolean; fault: PrintFault | ScanFault | null } | null;
}

export interface CabineInput {
  settings: MachineSettings | null;
  devices?: Partial<Record<DeviceKind, DevicePresence>>;
  presence?: CabineContext['presence'];
}

/** What the actors get and give. */
export interface BootSweepOutput {
  removedEntries: number;
  /** The RAM root is on a disk and the config does not allow it. */
  storageNotRam: boolean;
}
export interface StartSessionOutput {
  sessionId: string;
}
export interface WipeInput {
  sessionId: string | null;
  attempt: number;
}
export interface VerifySecretInput {
  role: UnlockRole;
  kind: 'code' | 'badge';
  secret: string;
}
export interface VerifySecretOutput {
  accepted: boolean;
  role: UnlockRole;
}
export interface PrintJobInput {
  target: PrintTarget;
  copies: number;
}
/** A driver failure carries a fault code the screens can explain. */
export class DeviceFault<F extends string = string> extends Error {
  constructor(
    readonly fault: F,
    message?: string,
  ) {
    super(message ?? fault);
    this.name = 'DeviceFault';
  }
}

const emptyCounts = (): SessionCounts => ({ pagesPrinted: 0, printJobs: 0, scans: 0, pagesScanned: 0, downloads: 0 });
const noPrint = (): CabineContext['print'] => ({ target: null, pages: 0, copies: 1, pagesDone: 0, fault: null });
const faultOf = <F extends string>(error: unknown, fallback: F): F =>
  error instanceof DeviceFault ? (error.fault as F) : error && typeof error === 'object' && 'fault' in error ? ((error as { fault: F }).fault) : fallback;

const seconds = (s: number) => s * 1000;

/** The state the machine starts in after a successful wipe: no trace of the last session. */
function sessionReset(context: CabineContext): Partial<CabineContext> {
  return {
    sessionId: null,
    startedAt: null,
    demarcheId: null,
    assisted: false,
    locale: context.settings?.locales.default ?? 'fr',
    counts: emptyCounts(),
    presenceSeen: false,
    warningEndsAt: null,
    blockedHost: null,
    fileChooser: null,
    print: noPrint(),
    scan: { pages: 0, fault: null, returnTo: 'browsing' },
    printReturnTo: 'browsing',
    viewingDocumentId: null,
    downloadRefused: null,
    authRefusedHost: null,
    referentCalled: false,
    wipeAttempts: 0,
  };
}

export const cabineMachine = setup({
  types: {
    context: {} as CabineContext,
    events: {} as CabineEvent,
    input: {} as CabineInput,
  },
  actors: {
    /** Deletes what a crash or power cut left (session dirs, print jobs), before anything is shown. */
    bootSweep: fromPromise<BootSweepOutput>(async () => ({ removedEntries: 0, storageNotRam: false })),
    /** Claims the pre-warmed profile and folder of the next session. */
    startSession: fromPromise<StartSessionOutput>(async () => ({ sessionId: 'session' })),
    /** Closes the démarche view, stops scans and print jobs in progress. */
    endSession: fromPromise<void, { reason: EndingReason | null }>(async () => undefined),
    /** Destroys the session's browser process and directory, purges print jobs, verifies. */
    wipe: fromPromise<WipeReceipt, WipeInput>(async () => ({ documents: 0, scans: 0, printJobs: 0, storageEntries: 0, files: 0, bytes: 0, durationMs: 0, verified: true })),
    verifySecret: fromPromise<VerifySecretOutput, VerifySecretInput>(async ({ input }) => ({ accepted: false, role: input.role })),
    /** Renders the page (or reads the document) into a PDF and counts its pages. */
    preparePrint: fromPromise<{ pages: number }, { target: PrintTarget }>(async () => ({ pages: 1 })),
    /** Sends the job and follows it: PRINT_PROGRESS, then PRINT_DONE or PRINT_FAILED. */
    printJob: fromCallback<CabineEvent, PrintJobInput>(() => undefined),
    /** Scans one page into the document being built; rejects with a DeviceFault. */
    scanPage: fromPromise<{ pages: number }, { retake: boolean }>(async () => ({ pages: 1 })),
    /** Assembles the pages into one PDF in the session folder. */
    finishScan: fromPromise<{ documentId: string }>(async () => ({ documentId: 'doc' })),
    /** Gives the chosen documents to the démarche page's file input. */
    setFiles: fromPromise<void, { documentIds: string[] }>(async () => undefined),
    testPrint: fromPromise<void>(async () => undefined),
    testScan: fromPromise<void>(async () => undefined),
  },
  actions: {
    /** Opens the démarche view on context.demarcheId (the engine port). */
    openDemarche: () => {},
    closeDemarche: () => {},
    reloadDemarche: () => {},
    /** "Retour" on the démarche: one step back in the page shown (out of a popup from its first page). */
    backInDemarche: () => {},
    cancelFileChooser: () => {},
    /** Throws away the pages of a scan in progress. */
    discardScan: () => {},
    /** Notifies the referent (on-screen + webhook from config). */
    notifyReferent: () => {},
    /** Audit log and statistics; counts only. */
    recordSessionStart: () => {},
    recordSessionEnd: () => {},
    recordWipe: (_, _params: { ok: boolean }) => {},
    recordOutOfService: () => {},
    assignOutOfService: assign((_, params: { reason: OutOfServiceReason }) => ({ outOfService: params.reason })),
    assignEnding: assign((_, params: { reason: EndingReason }) => ({ endingReason: params.reason })),
  },
  guards: {
    configInvalid: ({ context }) => context.settings === null,
    essentialDeviceMissing: ({ context }) =>
      context.settings !== null && DEVICE_KINDS.some((d) => context.settings!.essential[d] && context.devices[d] === 'absent'),
    knownDemarche: ({ context, event }) => event.type === 'OPEN_DEMARCHE' && !!context.settings?.demarcheIds.includes(event.demarcheId),
    canRetryWipe: ({ context }) => context.wipeAttempts < (context.settings?.wipeMaxAttempts ?? 1),
    cabinVacant: ({ context }) => context.presenceSeen && context.presence === 'empty',
    withinPageLimit: ({ context, event }) =>
      event.type === 'PRINT_CONFIRM' &&
      context.counts.pagesPrinted + context.print.pages * event.copies <= (context.settings?.pageLimitPerSession ?? 0),
    printFaultRetryable: ({ context }) => context.print.fault !== 'page-limit',
    isReferent: ({ event }) => event.type === 'UNLOCKED' && event.role === 'referent',
    isTechnician: ({ event }) => event.type === 'UNLOCKED' && event.role === 'technician',
    presenceOccupied: ({ event }) => event.type === 'PRESENCE' && event.occupied,
    presenceEmpty: ({ event }) => event.type === 'PRESENCE' && !event.occupied,
    unlockConfigured: ({ context }) => context.settings !== null,
    badgeAllowed: ({ context, event }) => event.type === 'BADGE_READ' && !!context.settings?.enabled.badge,
    scanReturnsToPicker: ({ context }) => context.scan.returnTo === 'pickingFile',
    scanReturnsToDocuments: ({ context }) => context.scan.returnTo === 'documents',
    printReturnsToDocuments: ({ context }) => context.printReturnTo === 'documents',
    printReturnsToViewer: ({ context }) => context.printReturnTo === 'viewingDocument' && context.viewingDocumentId !== null,
    scanHasPages: ({ context }) => context.scan.pages > 0,
    wipeLeadsToMaintenance: ({ context }) => context.afterWipe === 'maintenance',
    wipeLeadsToAttract: ({ context }) => context.afterWipe === 'attract',
  },
  delays: {
    welcome: ({ context }) => seconds(context.settings?.timers.welcomeSeconds ?? 60),
    inactivity: ({ context }) => {
      const t = context.settings?.timers;
      return seconds((context.assisted ? t?.assisted.inactivitySeconds : t?.inactivitySeconds) ?? 120);
    },
    warning: ({ context }) => {
      const t = context.settings?.timers;
      return seconds((context.assisted ? t?.assisted.warningSeconds : t?.warningSeconds) ?? 30);
    },
    vacant: ({ context }) => seconds(context.settings?.timers.vacantSeconds ?? 20),
    maxSession: ({ context }) => {
      const t = context.settings?.timers;
      return seconds(60 * ((context.assisted ? t?.assisted.maxSessionMinutes : t?.maxSessionMinutes) ?? 45));
    },
    receipt: ({ context }) => seconds(context.settings?.timers.receiptSeconds ?? 12),
    lockout: ({ context }) => seconds(60 * (context.settings?.lockout.minutes ?? 5)),
    maintenanceIdle: ({ context }) => seconds(60 * (context.settings?.timers.maintenanceIdleMinutes ?? 20)),
    printDoneShown: 4000,
  },
}).createMachine({
  id: 'cabine',
  type: 'parallel',
  context: ({ input }) => ({
    settings: input.settings,
    locale: input.settings?.locales.default ?? 'fr',
    sessionId: null,
    sessionsSinceBoot: 0,
    startedAt: null,
    demarcheId: null,
    assisted: false,
    endingReason: null,
    outOfService: null,
    afterWipe: 'goodbye',
    wipeAttempts: 0,
    receipt: null,
    counts: emptyCounts(),
    presence: input.presence ?? 'unknown',
    presenceSeen: false,
    devices: { printer: 'unknown', scanner: 'unknown', occupancy: 'unknown', badge: 'unknown', ...input.devices },
    unlock: { failures: 0, lockedUntil: null, last: null },
    warningEndsAt: null,
    blockedHost: null,
    fileChooser: null,
    print: noPrint(),
    scan: { pages: 0, fault: null, returnTo: 'browsing' },
    printReturnTo: 'browsing',
    viewingDocumentId: null,
    downloadRefused: null,
    authRefusedHost: null,
    referentCalled: false,
    maintenanceTest: null,
  }),
  // Facts about the world are kept whatever the cabin is doing.
  on: {
    PRESENCE: {
      actions: assign(({ context, event }) => ({
        presence: event.occupied ? 'occupied' : 'empty',
        presenceSeen: context.presenceSeen || (event.occupied && context.startedAt !== null),
      })),
    },
    SENSOR_LOST: { actions: assign({ presence: 'unknown', devices: ({ context }) => ({ ...context.devices, occupancy: 'absent' }) }) },
    DEVICES_CHANGED: { actions: assign({ devices: ({ context, event }) => ({ ...context.devices, ...event.devices }) }) },
  },
  states: {
    cabin: {
      initial: 'booting',
      states: {
        booting: {
          invoke: {
            id: 'bootSweep',
            src: 'bootSweep',
            onDone: [
              { guard: 'configInvalid', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'invalid-config' } } },
              { guard: ({ event }) => event.output.storageNotRam, target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'storage-not-ram' } } },
              { guard: 'essentialDeviceMissing', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'device-missing' } } },
              { target: 'attract' },
            ],
            onError: [
              { guard: 'configInvalid', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'invalid-config' } } },
              { target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'boot-failed' } } },
            ],
          },
        },

        // Nobody engaged. Nothing personal exists in this state.
        attract: {
          always: { guard: 'essentialDeviceMissing', target: 'outOfService', actions: { type: 'assignOutOfService', params: { reason: 'device-missing' } } },
          on: {
            TOUCH: 'welcome',
            PRESENCE: [
              { guard: 'presenceOccupied', target: 'welcome', actions: assign({ presence: 'occupied' }) },
              { actions: assign({ presence: 'empty' }) },
            ],
            UNLOCKED: [
              { guard: 'isReferent', target: 'session', actions: assign({ assisted: true }) },
              { guard: 'isTechnician', target: 'maintenance' },
            ],
          },
        },

        // What the cabin does and keeps (nothing), and the language. Still nothing personal.
        welcome: {
          after: { welcome: 'attract' },
          on: {
            SET_LOCALE: {
              guard: ({ context, event }) => !!context.settings?.locales.available.includes(event.locale),
              actions: assign({ locale: ({ event }) => event.locale }),
            },
            ACCEPT: 'session',
            CANCEL: 'attract',
            PRESENCE: [
              { guard: 'presenceEmpty', target: 'attract', actions: assign({ presence: 'empty' }) },
              { actions: assign({ presence: 'occupied' }) },
            ],
            CALL_REFERENT: { actions: ['notifyReferent', assign({ referentCalled: true })] },
            UNLOCKED: [
              { guard: 'isReferent', target: 'session', actions: assign({ assisted: true }) },
              { guard: 'isTechnician', target: 'maintenance' },
            ],
          },
        },

        // From here on, personal data may exist until a wipe succeeds.
        session: {
          type: 'parallel',
          entry: [
            assign(({ context }) => ({
              startedAt: Date.now(),
              sessionsSinceBoot: context.sessionsSinceBoot + 1,
              counts: emptyCounts(),
              presenceSeen: context.presence === 'occupied',
              endingReason: null,
              receipt: null,
            })),
            'recordSessionStart',
          ],
          // A session ends on its receipt, unless a technician takes over (then maintenance).
          exit: assign({ afterWipe: ({ event }) => (event.type === 'UNLOCKED' && event.role === 'technician' ? 'maintenance' : 'goodbye') }),
          on: {
            END: { target: 'ending', actions: { type: 'assignEnding', params: ({ event }) => ({ reason: event.reason }) } },
            END_REQUEST: { target: 'ending', actions: { type: 'assignEnding', params: { reason: 'resident' } } },
            VIEW_CRASHED: { target: 'ending', actions: { type: 'assignEnding', params: { reason: 'view-crashed' } } },
            CALL_REFERENT: { actions: ['notifyReferent', assign({ referentCalled: true })] },
            UNLOCKED: [
              // The session goes on, now assisted: longer timers start over (see idle and limits).
              { guard: 'isReferent', actions: [assign({ assisted: true, referentCalled: false }), raise({ type: 'ASSISTED' })] },
              {
                guard: 'isTechnician',
                target: 'ending',
                actions: { type: 'assignEnding', params: { reason: 'technician' } },
              },
            ],
          },
          states: {
            flow: {
              initial: 'starting',
              states: {
                starting: {
                  invoke: {
                    id: 'startSession',
                    src: 'startSession',
                    onDone: { target: 'catalog', actions: assign({ sessionId: ({ event }) => event.output.sessionId }) },
                    onError: { actions: raise({ type: 'END', reason: 'start-failed' }) },
                  },
                },
                catalog: {
                  on: {
                    OPEN_DEMARCHE: { guard: 'knownDemarche', target: 'demarche', actions: assign({ demarcheId: ({ event }) => event.demarcheId }) },
                  },
                },
                demarche: {
                  entry: 'openDemarche',
                  exit: ['closeDemarche', assign({ demarcheId: null, blockedHost: null, fileChooser: null, viewingDocumentId: null, authRefusedHost: null })],
                  initial: 'browsing',
                  on: {
                    HOME: '#cabine.cabin.session.flow.catalog',
                    DOWNLOAD_DONE: [
                      {
                        guard: ({ event }) => event.isPdf,
                        target: '.viewingDocument',
                        actions: assign(({ context, event }) => ({
                          counts: { ...context.counts, downloads: context.counts.downloads + 1 },
                          viewingDocumentId: event.documentId,
                          downloadRefused: null,
                        })),
                      },
                      { actions: assign(({ context }) => ({ counts: { ...context.counts, downloads: context.counts.downloads + 1 }, downloadRefused: null })) },
                    ],
                    DOWNLOAD_REFUSED: { actions: assign({ downloadRefused: ({ event }) => event.reason }) },
                    // The engine cancelled an HTTP login (never a native dialog): a banner says so until the
                    // resident dismisses it, another site asks, or the démarche is left.
                    AUTH_REFUSED: { actions: assign({ authRefusedHost: ({ event }) => event.host }) },
                    NETWORK_DOWN: '.offline',
                  },
                  states: {
                    browsing: {
                      on: {
                        BACK: { actions: 'backInDemarche' },
                        NAVIGATION_BLOCKED: { target: 'blocked', actions: assign({ blockedHost: ({ event }) => event.host }) },
                        FILE_CHOOSER_OPENED: {
                          target: 'pickingFile',
                          actions: assign({ fileChooser: ({ event }) => ({ accept: event.accept, multiple: event.multiple }) }),
                        },
                        PAGE_PRINT_REQUESTED: {
                          target: 'printing',
                          actions: assign({ print: () => ({ ...noPrint(), target: { kind: 'page' as const } }), printReturnTo: 'browsing' }),
                        },
                        PRINT_REQUEST: {
                          target: 'printing',
                          actions: assign({ print: ({ event }) => ({ ...noPrint(), target: event.target }), printReturnTo: 'browsing' }),
                        },
                        SCAN_REQUEST: { target: 'scanning', actions: assign({ scan: { pages: 0, fault: null, returnTo: 'browsing' } }) },
                        DOCUMENTS_OPEN: 'documents',
                        DOCUMENT_OPEN: { target: 'viewingDocument', actions: assign({ viewingDocumentId: ({ event }) => event.documentId }) },
                        DOWNLOAD_REFUSED: { actions: assign({ downloadRefused: ({ event }) => event.reason }) },
                      },
                    },
                    // "Ce site n'est pas disponible dans la cabine": the view stayed where it was.
                    blocked: {
                      on: { BACK: { target: 'browsing', actions: assign({ blockedHost: null }) } },
                    },
                    offline: {
                      on: {
                        RETRY: { target: 'browsing', actions: 'reloadDemarche' },
                        NETWORK_UP: { target: 'browsing', actions: 'reloadDemarche' },
                      },
                    },
                    // Our picker, never the OS dialog: only this session's documents.
                    pickingFile: {
                      on: {
                        FILES_CHOSEN: 'settingFiles',
                        CANCEL: { target: 'browsing', actions: ['cancelFileChooser', assign({ fileChooser: null })] },
                        SCAN_REQUEST: { target: 'scanning', actions: assign({ scan: { pages: 0, fault: null, returnTo: 'pickingFile' } }) },
                      },
                    },
                    settingFiles: {
                      invoke: {
                        id: 'setFiles',
                        src: 'setFiles',
                        input: ({ event }) => ({ documentIds: event.type === 'FILES_CHOSEN' ? event.documentIds : [] }),
                        onDone: { target: 'browsing', actions: assign({ fileChooser: null }) },
                        onError: { target: 'browsing', actions: ['cancelFileChooser', assign({ fileChooser: null })] },
                      },
                    },
                    documents: {
                      on: {
                        BACK: 'browsing',
                        DOCUMENT_OPEN: { target: 'viewingDocument', actions: assign({ viewingDocumentId: ({ event }) => event.documentId }) },
                        PRINT_REQUEST: {
                          target: 'printing',
                          actions: assign({ print: ({ event }) => ({ ...noPrint(), target: event.target }), printReturnTo: 'documents' }),
                        },
                        SCAN_REQUEST: { target: 'scanning', actions: assign({ scan: { pages: 0, fault: null, returnTo: 'documents' } }) },
                      },
                    },
                    // Our PDF viewer (pdf.js): Chromium's, with its Save button, is never shown.
                    viewingDocument: {
                      on: {
                        BACK: { target: 'documents', actions: assign({ viewingDocumentId: null }) },
                        PRINT_REQUEST: {
                          target: 'printing',
                          actions: assign({ print: ({ event }) => ({ ...noPrint(), target: event.target }), printReturnTo: 'viewingDocument' }),
                        },
                      },
                    },
                    printing: {
                      initial: 'preparing',
                      // Nothing of a print flow outlives it (its fault has been shown).
                      exit: assign({ print: noPrint }),
                      on: { CANCEL: '.leaving', BACK: '.leaving' },
                      states: {
                        preparing: {
                          invoke: {
                            id: 'preparePrint',
                            src: 'preparePrint',
                            input: ({ context }) => ({ target: context.print.target ?? { kind: 'page' } }),
                            onDone: { target: 'confirming', actions: assign({ print: ({ context, event }) => ({ ...context.print, pages: event.output.pages }) }) },
                            onError: { target: 'fault', actions: assign({ print: ({ context, event }) => ({ ...context.print, fault: faultOf<PrintFault>(event.error, 'unknown') }) }) },
                          },
                        },
                        confirming: {
                          on: {
                            PRINT_CONFIRM: [
                              {
                                guard: 'withinPageLimit',
                                target: 'sending',
                                actions: assign({ print: ({ context, event }) => ({ ...context.print, copies: event.copies, fault: null }) }),
                              },
                              { target: 'fault', actions: assign({ print: ({ context }) => ({ ...context.print, fault: 'page-limit' as const }) }) },
                            ],
                          },
                        },
                        sending: {
                          invoke: {
                            id: 'printJob',
                            src: 'printJob',
                            input: ({ context }) => ({ target: context.print.target ?? { kind: 'page' }, copies: context.print.copies }),
                          },
                          on: {
                            PRINT_PROGRESS: { actions: assign({ print: ({ context, event }) => ({ ...context.print, pagesDone: event.pagesDone }) }) },
                            PRINT_DONE: {
                              target: 'done',
                              actions: assign(({ context, event }) => ({
                                counts: { ...context.counts, pagesPrinted: context.counts.pagesPrinted + event.pages, printJobs: context.counts.printJobs + 1 },
                              })),
                            },
                            PRINT_FAILED: { target: 'fault', actions: assign({ print: ({ context, event }) => ({ ...context.print, fault: event.fault }) }) },
                          },
                        },
                        done: { after: { printDoneShown: 'leaving' }, on: { ACCEPT: 'leaving' } },
                        fault: {
                          on: { RETRY: { guard: 'printFaultRetryable', target: 'sending', actions: assign({ print: ({ context }) => ({ ...context.print, fault: null }) }) } },
                        },
                        leaving: {
                          always: [
                            { guard: 'printReturnsToViewer', target: '#cabine.cabin.session.flow.demarche.viewingDocument' },
                            { guard: 'printReturnsToDocuments', target: '#cabine.cabin.session.flow.demarche.documents' },
                            { target: '#cabine.cabin.session.flow.demarche.browsing' },
                          ],
                        },
                      },
                    },
                    scanning: {
                      initial: 'ready',
                      exit: assign({ scan: ({ context }) => ({ pages: 0, fault: null, returnTo: context.scan.returnTo }) }),
                      on: { CANCEL: { target: '.leaving', actions: 'discardScan' } },
                      states: {
                        // "Posez le document, face vers la vitre"
                        ready: { on: { SCAN_PAGE: 'acquiring' } },
                        acquiring: {
                          invoke: {
                            id: 'scanPage',
                            src: 'scanPage',
                            input: { retake: false },
                            onDone: { target: 'review', actions: assign({ scan: ({ context, event }) => ({ ...context.scan, pages: event.output.pages, fault: null }) }) },
                            onError: { target: 'fault', actions: assign({ scan: ({ context, event }) => ({ ...context.scan, fault: faultOf<ScanFault>(event.error, 'unknown') }) }) },
                          },
                        },
                        retaking: {
                          invoke: {
                            id: 'scanPage',
                            src: 'scanPage',
                            input: { retake: true },
                            onDone: { target: 'review', actions: assign({ scan: ({ context, event }) => ({ ...context.scan, pages: event.output.pages, fault: null }) }) },
                            onError: { target: 'fault', actions: assign({ scan: ({ context, event }) => ({ ...context.scan, fault: faultOf<ScanFault>(event.error, 'unknown') }) }) },
                          },
                        },
                        review: { on: { SCAN_PAGE: 'acquiring', SCAN_RETAKE: 'retaking', SCAN_FINISH: 'finishing' } },
                        finishing: {
                          invoke: {
                            id: 'finishScan',
                            src: 'finishScan',
                            onDone: {
                              target: 'leaving',
                              actions: assign(({ context }) => ({
                                counts: { ...context.counts, scans: context.counts.scans + 1, pagesScanned: context.counts.pagesScanned + context.scan.pages },
                              })),
                            },
                            onError: { target: 'fault', actions: assign({ scan: ({ context, event }) => ({ ...context.scan, fault: faultOf<ScanFault>(event.error, 'unknown') }) }) },
                          },
                        },
                        fault: {
                          on: {
                            RETRY: [
                              { guard: 'scanHasPages', target: 'review', actions: assign({ scan: ({ context }) => ({ ...context.scan, fault: null }) }) },
                              { target: 'ready', actions: assign({ scan: ({ context }) => ({ ...context.scan, fault: null }) }) },
                            ],
                          },
                        },
                        leaving: {
                          always: [
                            { guard: 'scanReturnsToPicker', target: '#cabine.cabin.session.flow.demarche.pickingFile' },
                            { guard: 'scanReturnsToDocuments', target: '#cabine.cabin.session.flow.demarche.documents' },
                            { target: '#cabine.cabin.session.flow.demarche.browsing' },
                          ],
                        },
                      },
                    },
                  },
                },
              },
            },

            // Inactivity: any input restarts the timer; the warning's countdown ends the session.
            idle: {
              initial: 'active',
              states: {
                active: {
                  after: { inactivity: 'warning' },
                  on: {
                    ACTIVITY: { target: 'active', reenter: true },
                    TOUCH: { target: 'active', reenter: true },
                    PRINT_PROGRESS: { target: 'active', reenter: true },
                    ASSISTED: { target: 'active', reenter: true },
                  },
                },
                warning: {
                  entry: assign({ warningEndsAt: ({ context }) => Date.now() + (context.assisted ? context.settings!.timers.assisted.warningSeconds : context.settings!.timers.warningSeconds) * 1000 }),
                  exit: assign({ warningEndsAt: null }),
                  after: { warning: { actions: raise({ type: 'END', reason: 'inactivity' }) } },
                  on: { STILL_HERE: 'active', ACTIVITY: 'active', TOUCH: 'active', ASSISTED: 'active' },
                },
              },
            },

            // Occupancy: only after someone was seen, an empty cabin ends the session.
            // A sensor that is gone leaves the inactivity timer in charge.
            presence: {
              initial: 'watching',
              states: {
                watching: { always: { guard: 'cabinVacant', target: 'vacant' } },
                vacant: {
                  always: { guard: not('cabinVacant'), target: 'watching' },
                  after: { vacant: { actions: raise({ type: 'END', reason: 'cabin-empty' }) } },
                  // Someone touching the screen is there, whatever the sensor says.
                  on: { ACTIVITY: { target: 'vacant', reenter: true }, TOUCH: { target: 'vacant', reenter: true } },
                },
              },
            },

            limits: {
              initial: 'running',
              states: {
                running: {
                  after: { maxSession: { actions: raise({ type: 'END', reason: 'max-duration' }) } },
                  // A referent took over: the longer assisted limit starts now.
                  on: { ASSISTED: { target: 'running', reenter: true } },
                },
              },
            },
          },
        },

        ending: {
          entry: 'recordSessionEnd',
          invoke: {
            id: 'endSession',
            src: 'endSession',
            input: ({ context }) => ({ reason: context.endingReason }),
            onDone: 'wiping',
            onError: 'wiping',
          },
        },

        // No way out of here to a resident screen but a verified wipe.
        wiping: {
          entry: assign({ wipeAttempts: ({ context }) => context.wipeAttempts + 1 }),
          invoke: {
            id: 'wipe',
            src: 'wipe',
            input: ({ context }) => ({ sessionId: context.sessionId, attempt: context.wipeAttempts }),
            onDone: [
              {
                guard: 'wipeLeadsToMaintenance',
                target: 'maintenance',
                actions: [{ type: 'recordWipe', params: { ok: true } }, assign(({ context, event }) => ({ ...sessionReset(context), receipt: event.output }))],
              },
              {
                guard: 'essentialDeviceMissing',
                target: 'outOfService',
                actions: [
                  { type: 'recordWipe', params: { ok: true } },
                  assign(({ context, event }) => ({ ...sessionReset(context), receipt: event.output })),
                  { type: 'assignOutOfService', params: { reason: 'device-missing' } },
                ],
              },
              {
                guard: 'wipeLeadsToAttract',
                target: 'attract',
                actions: [{ type: 'recordWipe', params: { ok: true } }, assign(({ context, event }) => ({ ...sessionReset(context), receipt: event.output }))],
              },
              {
                target: 'goodbye',
                actions: [{ type: 'recordWipe', params: { ok: true } }, assign(({ context, event }) => ({ ...sessionReset(context), receipt: event.output }))],
              },
            ],
            onError: [
              { guard: 'canRetryWipe', target: 'wiping', reenter: true, actions: { type: 'recordWipe', params: { ok: false } } },
              {
                target: 'outOfService',
                actions: [{ type: 'recordWipe', params: { ok: false } }, { type: 'assignOutOfService', params: { reason: 'wipe-failed' } }],
              },
            ],
          },
        },

        // "Vos données ont été effacées : …" — the receipt of a wipe that succeeded.
        goodbye: {
          after: { receipt: 'attract' },
          on: {
            TOUCH: 'attract',
            UNLOCKED: [
              { guard: 'isReferent', target: 'session', actions: assign({ assisted: true }) },
              { guard: 'isTechnician', target: 'maintenance' },
            ],
          },
        },

        maintenance: {
          entry: assign({ afterWipe: 'attract', wipeAttempts: 0, maintenanceTest: null }),
          initial: 'idle',
          on: { MAINTENANCE_EXIT: 'wiping' },
          states: {
            idle: {
              after: { maintenanceIdle: '#cabine.cabin.wiping' },
              on: {
                ACTIVITY: { target: 'idle', reenter: true },
                MAINTENANCE_TEST_PRINT: 'testPrinting',
                MAINTENANCE_TEST_SCAN: 'testScanning',
              },
            },
            testPrinting: {
              invoke: {
                id: 'testPrint',
                src: 'testPrint',
                onDone: { target: 'idle', actions: assign({ maintenanceTest: { kind: 'print', ok: true, fault: null } }) },
                onError: { target: 'idle', actions: assign({ maintenanceTest: ({ event }) => ({ kind: 'print' as const, ok: false, fault: faultOf<PrintFault>(event.error, 'unknown') }) }) },
              },
            },
            testScanning: {
              invoke: {
                id: 'testScan',
                src: 'testScan',
                onDone: { target: 'idle', actions: assign({ maintenanceTest: { kind: 'scan', ok: true, fault: null } }) },
                onError: { target: 'idle', actions: assign({ maintenanceTest: ({ event }) => ({ kind: 'scan' as const, ok: false, fault: faultOf<ScanFault>(event.error, 'unknown') }) }) },
              },
            },
          },
        },

        // A calm screen for residents, the reason for technicians. Only a technician leaves it.
        outOfService: {
          entry: 'recordOutOfService',
          exit: assign({ outOfService: null }),
          on: { UNLOCKED: { guard: 'isTechnician', target: 'maintenance' } },
        },
      },
    },

    // The PIN pad (and badge reader): referent or technician, with a lockout after repeated failures.
    unlock: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            UNLOCK_SUBMIT: { guard: 'unlockConfigured', target: 'verifying' },
            BADGE_READ: { guard: 'badgeAllowed', target: 'verifying' },
          },
        },
        verifying: {
          invoke: {
            id: 'verifySecret',
            src: 'verifySecret',
            // The secret goes to the verifier and nowhere else: never into the context.
            input: ({ event }): VerifySecretInput =>
              event.type === 'BADGE_READ'
                ? { role: 'referent', kind: 'badge', secret: event.badgeId }
                : event.type === 'UNLOCK_SUBMIT'
                  ? { role: event.role, kind: 'code', secret: event.secret }
                  : { role: 'referent', kind: 'code', secret: '' },
            onDone: [
              {
                guard: ({ event }) => event.output.accepted,
                target: 'idle',
                actions: [
                  assign({ unlock: { failures: 0, lockedUntil: null, last: 'accepted' } }),
                  raise(({ event }) => ({ type: 'UNLOCKED' as const, role: event.output.role })),
                ],
              },
              {
                guard: ({ context }) => context.unlock.failures + 1 >= (context.settings?.lockout.maxAttempts ?? 5),
                target: 'lockedOut',
              },
              { target: 'idle', actions: assign({ unlock: ({ context }) => ({ failures: context.unlock.failures + 1, lockedUntil: null, last: 'rejected' as const }) }) },
            ],
            onError: { target: 'idle', actions: assign({ unlock: ({ context }) => ({ failures: context.unlock.failures + 1, lockedUntil: null, last: 'rejected' as const }) }) },
          },
        },
        lockedOut: {
          entry: assign({
            unlock: ({ context }) => ({
              failures: context.unlock.failures + 1,
              lockedUntil: Date.now() + (context.settings?.lockout.minutes ?? 5) * 60_000,
              last: 'locked' as const,
            }),
          }),
          after: { lockout: { target: 'idle', actions: assign({ unlock: { failures: 0, lockedUntil: null, last: null } }) } },
        },
      },
    },
  },
});

export type CabineMachine = typeof cabineMachine;
