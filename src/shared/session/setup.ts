// Long file: the one place every named actor, action, guard and delay of the machine is declared (setup()).
// What the session machine is made of: its context, events and input, and every named actor,
// action, guard and delay its states use. The states themselves are in ./states (one file per
// region), the machine that joins them in ./machine.ts.
//
// Side effects are named actors and actions; the shell (src/main), the Node runtime (src/cabin)
// and the tests `provide()` the real ones. The default actions do nothing. The default actors
// fail closed: none reports a success it has not achieved. The boot sweep, the session's start
// and end, the wipe and every device job reject (devices with no-printer / no-scanner), no
// secret is accepted, a call to a referent is never acknowledged, and a video call fails at once. A machine
// nobody wired up is out of service, never a cabin that tells a resident "vos données ont été effacées" — or
// "un référent arrive".
import { and, assign, fromCallback, fromPromise, or, raise, sendTo, setup, stateIn } from 'xstate';
import { grantableHost } from '../policy/agent-grant';
import type { Locale } from '../config/schema';
import type { CabineEvent, VisioEvent } from './events';
import type {
  AgentAction,
  CallView,
  DeviceKind,
  DevicePresence,
  DownloadRefusal,
  EndingReason,
  MachineSettings,
  OutOfServiceReason,
  PrintFault,
  PrintTarget,
  ReferentCallStatus,
  ScanFault,
  ScanLayout,
  SessionCounts,
  UnlockRole,
  WipeReceipt,
} from './types';
import { DEVICE_KINDS, DeviceFault, noCall, PrinterFault, ScannerFault } from './types';

export interface CabineContext {
  /** null when the config is invalid: the cabin can only be out of service. */
  settings: MachineSettings | null;
  locale: Locale;
  /** Random id of the current session's storage; never derived from anything personal. */
  sessionId: string | null;
  sessionsSinceBoot: number;
  startedAt: number | null;
  demarcheId: string | null;
  /** The start page chosen, for a démarche with several (« Ma messagerie »: 'gmail'…); null otherwise. */
  demarcheStartId: string | null;
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
  /** When the session ends by its length (epoch ms; timers.maxSessionMinutes, or the assisted one, plus extensions). */
  sessionEndsAt: number | null;
  /** How many more times « Continuer » may push sessionEndsAt (timers.maxExtensions at the start). */
  extensionsLeft: number;
  /** The warning shown 5 and 1 minutes before sessionEndsAt, until the resident answers it; null otherwise. */
  timeWarning: TimeWarning | null;
  blockedHost: string | null;
  fileChooser: { accept: string[]; multiple: boolean } | null;
  print: { target: PrintTarget | null; pages: number; copies: number; pagesDone: number; fault: PrintFault | null };
  scan: { pages: number; fault: ScanFault | null; returnTo: 'browsing' | 'pickingFile' | 'documents'; layout: ScanLayout };
  printReturnTo: 'browsing' | 'documents' | 'viewingDocument';
  /** The session's documents a print job of which completed (issue 15: the end question lists the others). */
  printedDocuments: string[];
  /**
   * A print job stopped before CUPS said it completed (out of paper, jam, cancelled, the session ended): sheets
   * may still be inside the printer, out of the wipe's reach. Not a session fact: it outlives the wipe, and the
   * cabin waits in printerCheck until an agent's or technician's code says the printer was looked at.
   */
  printerToCheck: boolean;
  viewingDocumentId: string | null;
  downloadRefused: DownloadRefusal | null;
  /** The host of a site that asked for an HTTP login the cabin refused (its banner); null when none. */
  authRefusedHost: string | null;
  /** The resident's call to a referent (./states/referent-call.ts): 'acknowledged' only once the call route answered. */
  referentCall: ReferentCallStatus;
  /** The video call in progress (./states/referent-call.ts): the screen share and the panel's size; noCall() outside a call. */
  call: CallView;
  maintenanceTest: { kind: 'print' | 'scan'; ok: boolean; fault: PrintFault | ScanFault | null } | null;
  /** The agent's panel in an assisted session (./states/assisted.ts): what the agent added to it. Reset by the wipe. */
  agent: AgentPanelState;
}

/** What the agent d'accueil added to this session from the agent's panel: counts, never a host. */
export interface AgentPanelState {
  /** Pages added to the session's print limit (at most settings.agentPanel.maxExtraPages). */
  extraPages: number;
  /** Minutes added to the session's end (at most settings.agentPanel.maxExtraMinutes). */
  extraMinutes: number;
  /** How many sites were opened for this session (the hosts live in the engine's session, never here). */
  sitesOpened: number;
}
export const noAgent = (): AgentPanelState => ({ extraPages: 0, extraMinutes: 0, sitesOpened: 0 });

/** The time-left warning: how many minutes were left when it came (5, then 1). */
export interface TimeWarning {
  minutesLeft: 5 | 1;
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
  /** A previous run stopped with a print job at CUPS or stopped half-way (its sheets may be in the printer). */
  printerToCheck?: boolean;
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
/** What the video call's actor is given: the session whose RAM directory holds the call's partition, the resident's language. */
export interface VisioCallInput {
  sessionId: string;
  locale: Locale;
}
/** What the machine tells the video call's actor: show the resident's screen (only after their yes), or stop. */
export type VisioCallCommand = { type: 'SHARE_ON' } | { type: 'SHARE_OFF' };
export const emptyCounts = (): SessionCounts => ({ pagesPrinted: 0, printJobs: 0, scans: 0, pagesScanned: 0, downloads: 0 });
export const noPrint = (): CabineContext['print'] => ({ target: null, pages: 0, copies: 1, pagesDone: 0, fault: null });
export const faultOf = <F extends string>(error: unknown, fallback: F): F =>
  error instanceof DeviceFault ? (error.fault as F) : error && typeof error === 'object' && 'fault' in error ? (error as { fault: F }).fault : fallback;

const seconds = (s: number) => s * 1000;
const minutes = (m: number) => m * 60_000;

/** The session's limits in force: the assisted ones once a referent is there. Defaults as the schema's. */
function sessionLimits(context: Pick<CabineContext, 'settings' | 'assisted'>) {
  const t = context.settings?.timers;
  const limits = context.assisted ? t?.assisted : t;
  return { maxSessionMinutes: limits?.maxSessionMinutes ?? 45, extendMinutes: limits?.extendMinutes ?? 15, maxExtensions: limits?.maxExtensions ?? 0 };
}

/** The agent's panel's steps and totals; no settings: nothing may be added (fail closed). */
function agentPanel(context: Pick<CabineContext, 'settings'>): MachineSettings['agentPanel'] {
  return context.settings?.agentPanel ?? { extraPages: 0, maxExtraPages: 0, extraMinutes: 0, maxExtraMinutes: 0, panelCodeAfterMinutes: 1 };
}

/** Milliseconds from now until `before` ms ahead of the session's end (0 when that moment has passed). */
const untilEnd = (context: Pick<CabineContext, 'sessionEndsAt'>, before: number) => Math.max(0, (context.sessionEndsAt ?? Date.now()) - before - Date.now());

/** The session's part of the context as at boot, and after each successful wipe: no trace of the last session. */
export function sessionReset(context: Pick<CabineContext, 'settings'>) {
  return {
    sessionId: null,
    startedAt: null,
    demarcheId: null,
    demarcheStartId: null,
    assisted: false,
    locale: context.settings?.locales.default ?? 'fr',
    counts: emptyCounts(),
    presenceSeen: false,
    warningEndsAt: null,
    sessionEndsAt: null,
    extensionsLeft: 0,
    timeWarning: null,
    blockedHost: null,
    fileChooser: null,
    print: noPrint(),
    scan: { pages: 0, fault: null, returnTo: 'browsing', layout: 'document' },
    printReturnTo: 'browsing',
    printedDocuments: [],
    viewingDocumentId: null,
    downloadRefused: null,
    authRefusedHost: null,
    referentCall: 'idle',
    call: noCall(),
    wipeAttempts: 0,
    agent: noAgent(),
  } satisfies Partial<CabineContext>;
}

/** A default actor: nothing was provided for it, so nothing it stands for happened. */
const notProvided = (actor: string): never => {
  throw new Error(`${actor}: no implementation provided`);
};

type Presence = CabineContext['presence'];
type ScanReturn = CabineContext['scan']['returnTo'];
type PrintReturn = CabineContext['printReturnTo'];
type MaintenanceTest = NonNullable<CabineContext['maintenanceTest']>;

export const machineSetup = setup({
  types: {
    context: {} as CabineContext,
    events: {} as CabineEvent,
    input: {} as CabineInput,
  },
  actors: {
    /** Deletes what a crash or power cut left (session dirs, print jobs), before anything is shown. */
    bootSweep: fromPromise<BootSweepOutput>(async () => notProvided('bootSweep')),
    /** Claims the pre-warmed profile and folder of the next session. */
    startSession: fromPromise<StartSessionOutput>(async () => notProvided('startSession')),
    /** Closes the démarche view, stops scans and print jobs in progress. */
    endSession: fromPromise<void, { reason: EndingReason | null }>(async () => notProvided('endSession')),
    /** Destroys the session's browser process and directory, purges print jobs, verifies. */
    wipe: fromPromise<WipeReceipt, WipeInput>(async () => notProvided('wipe')),
    /** Checks a PIN, code or badge against the config's hashes. No verifier: nothing is accepted. */
    verifySecret: fromPromise<VerifySecretOutput, VerifySecretInput>(async ({ input }) => ({ accepted: false, role: input.role })),
    /** Renders the page (or reads the document) into a PDF and counts its pages. */
    preparePrint: fromPromise<{ pages: number }, { target: PrintTarget }>(async () => {
      throw new PrinterFault('no-printer', 'preparePrint: no implementation provided');
    }),
    /** Sends the job and follows it: PRINT_PROGRESS, then PRINT_DONE or PRINT_FAILED. */
    printJob: fromCallback<CabineEvent, PrintJobInput>(({ sendBack }) => sendBack({ type: 'PRINT_FAILED', fault: 'no-printer' })),
    /** Scans one page into the document being built; rejects with a ScannerFault. */
    scanPage: fromPromise<{ pages: number }, { retake: boolean; layout: ScanLayout }>(async () => {
      throw new ScannerFault('no-scanner', 'scanPage: no implementation provided');
    }),
    /** Assembles the pages into one PDF in the session folder. */
    finishScan: fromPromise<{ documentId: string }>(async () => {
      throw new ScannerFault('no-scanner', 'finishScan: no implementation provided');
    }),
    /** Gives the chosen documents to the démarche page's file input. */
    /** Gives documents to the page's file input; accept/multiple are the input's (a scan goes as JPEG to an image-only input). */
    setFiles: fromPromise<void, { documentIds: string[]; accept: string[]; multiple: boolean }>(async () => notProvided('setFiles')),
    testPrint: fromPromise<void>(async () => {
      throw new PrinterFault('no-printer', 'testPrint: no implementation provided');
    }),
    testScan: fromPromise<void>(async () => {
      throw new ScannerFault('no-scanner', 'testScan: no implementation provided');
    }),
    /**
     * Tells a referent that a resident asks for help (the config's call route); resolves only when the route
     * acknowledged it. No route: nobody was told, so the default rejects and the screen says where else to go.
     */
    callReferent: fromPromise<void>(async () => notProvided('callReferent')),
    /**
     * The video call with a referent (issue 17): opens the call's view on a new room, tells a referent, and reports
     * VISIO_REFERENT_JOINED / VISIO_REFERENT_LEFT / VISIO_FAILED; SHARE_ON / SHARE_OFF show the resident's screen or
     * stop. Stopping it hangs up and releases the camera and microphone. Nobody provided it: no call, and the
     * screen says where else to find help.
     */
    visioCall: fromCallback<VisioCallCommand, VisioCallInput>(({ sendBack }) => {
      sendBack({ type: 'VISIO_FAILED', reason: 'not-provided' } satisfies VisioEvent);
    }),
    /**
     * The agent's panel opens `host` (https, exact host) in this session's démarche view until the wipe (the
     * engine's session), then the page that was refused. Resolves only once the engine granted it: nobody provided
     * it, nothing is opened or counted.
     */
    openSiteForSession: fromPromise<void, { host: string }>(async () => notProvided('openSiteForSession')),
  },
  actions: {
    // Side effects, provided by the shell and the runtime; the defaults do nothing.
    /** Opens the démarche view on context.demarcheId (the engine port). */
    openDemarche: () => {},
    closeDemarche: () => {},
    reloadDemarche: () => {},
    /** "Retour" on the démarche: one step back in the page shown (out of a popup from its first page). */
    backInDemarche: () => {},
    cancelFileChooser: () => {},
    /** Throws away the pages of a scan in progress. */
    discardScan: () => {},
    /** Audit log and statistics; counts only. */
    recordSessionStart: () => {},
    recordSessionEnd: () => {},
    recordWipe: (_, _params: { ok: boolean }) => {},
    recordOutOfService: () => {},
    /** One action of the agent's panel, counted (never the host, the pages or who). */
    recordAgentAction: (_, _params: { action: AgentAction }) => {},

    // Internal events.
    raiseEnd: raise((_, params: { reason: EndingReason }) => ({ type: 'END' as const, reason: params.reason })),
    raiseAssisted: raise({ type: 'ASSISTED' as const }),
    raiseUnlocked: raise((_, params: { role: UnlockRole }) => ({ type: 'UNLOCKED' as const, role: params.role })),
    raiseAgentVerified: raise({ type: 'AGENT_VERIFIED' as const }),

    // The cabin: facts about the world, and its course.
    notePresence: assign(({ context, event }) =>
      event.type === 'PRESENCE'
        ? {
            presence: event.occupied ? ('occupied' as const) : ('empty' as const),
            presenceSeen: context.presenceSeen || (event.occupied && context.startedAt !== null),
          }
        : {},
    ),
    setPresence: assign((_, params: { presence: Presence }) => ({ presence: params.presence })),
    noteSensorLost: assign({ presence: 'unknown', devices: ({ context }) => ({ ...context.devices, occupancy: 'absent' as const }) }),
    noteDevices: assign({ devices: ({ context, event }) => (event.type === 'DEVICES_CHANGED' ? { ...context.devices, ...event.devices } : context.devices) }),
    assignOutOfService: assign((_, params: { reason: OutOfServiceReason }) => ({ outOfService: params.reason })),
    clearOutOfService: assign({ outOfService: null }),
    assignEnding: assign((_, params: { reason: EndingReason }) => ({ endingReason: params.reason })),
    setLocale: assign({ locale: ({ context, event }) => (event.type === 'SET_LOCALE' ? event.locale : context.locale) }),
    setReferentCall: assign((_, params: { status: ReferentCallStatus }) => ({ referentCall: params.status })),
    // The video call (./states/referent-call.ts).
    setCallShare: assign(({ context }, params: { share: CallView['share'] }) => ({ call: { ...context.call, share: params.share } })),
    setCallWindow: assign(({ context, event }) => (event.type === 'CALL_WINDOW' ? { call: { ...context.call, window: event.size } } : {})),
    /** Whatever ended the call, nothing of it is left: no share, the panel's next size the default. */
    resetCall: assign({ call: noCall }),
    /** The resident said yes: their screen is shown to the referent. */
    startShare: sendTo('visioCall', { type: 'SHARE_ON' } satisfies VisioCallCommand),
    stopShare: sendTo('visioCall', { type: 'SHARE_OFF' } satisfies VisioCallCommand),
    startAssisted: assign({ assisted: true }),
    /** A referent took over a session in progress: assisted (the call region answers the call, see referent-call.ts). */
    referentTookOver: assign({ assisted: true }),
    beginSession: assign(({ context }) => ({
      startedAt: Date.now(),
      sessionsSinceBoot: context.sessionsSinceBoot + 1,
      counts: emptyCounts(),
      presenceSeen: context.presence === 'occupied',
      endingReason: null,
      receipt: null,
    })),
    /** A session ends on its receipt, unless a technician takes over (then maintenance). */
    chooseAfterWipe: assign({ afterWipe: ({ event }) => (event.type === 'UNLOCKED' && event.role === 'technician' ? 'maintenance' : 'goodbye') }),
    setSessionId: assign((_, params: { sessionId: string }) => ({ sessionId: params.sessionId })),
    countWipeAttempt: assign({ wipeAttempts: ({ context }) => context.wipeAttempts + 1 }),
    /** The wipe was verified: its receipt, and nothing else of the session. */
    completeWipe: assign(({ context }, params: { receipt: WipeReceipt }) => ({ ...sessionReset(context), receipt: params.receipt })),
    enterMaintenance: assign({ afterWipe: 'attract', wipeAttempts: 0, maintenanceTest: null }),
    setMaintenanceTest: assign((_, params: MaintenanceTest) => ({ maintenanceTest: params })),

    // The démarche.
    setDemarche: assign({
      demarcheId: ({ context, event }) => (event.type === 'OPEN_DEMARCHE' ? event.demarcheId : context.demarcheId),
      demarcheStartId: ({ context, event }) => (event.type === 'OPEN_DEMARCHE' ? (event.startId ?? null) : context.demarcheStartId),
    }),
    leaveDemarche: assign({ demarcheId: null, demarcheStartId: null, blockedHost: null, fileChooser: null, viewingDocumentId: null, authRefusedHost: null }),
    countDownload: assign(({ context }) => ({ counts: { ...context.counts, downloads: context.counts.downloads + 1 }, downloadRefused: null })),
    setViewingDocument: assign((_, params: { documentId: string }) => ({ viewingDocumentId: params.documentId })),
    closeViewedDocument: assign({ viewingDocumentId: null }),
    setDownloadRefused: assign((_, params: { reason: DownloadRefusal }) => ({ downloadRefused: params.reason })),
    setAuthRefusedHost: assign((_, params: { host: string }) => ({ authRefusedHost: params.host })),
    rememberBlockedHost: assign((_, params: { host: string }) => ({ blockedHost: params.host })),
    forgetBlockedHost: assign({ blockedHost: null }),
    openFileChooser: assign((_, params: { accept: string[]; multiple: boolean }) => ({ fileChooser: { accept: params.accept, multiple: params.multiple } })),
    clearFileChooser: assign({ fileChooser: null }),

    // Printing.
    startPrint: assign((_, params: { target: PrintTarget; returnTo: PrintReturn }) => ({
      print: { ...noPrint(), target: params.target },
      printReturnTo: params.returnTo,
    })),
    setPrintPages: assign(({ context }, params: { pages: number }) => ({ print: { ...context.print, pages: params.pages } })),
    setPrintCopies: assign(({ context }, params: { copies: number }) => ({ print: { ...context.print, copies: params.copies, fault: null } })),
    /** Pages count against the session's limit as they come out: a job that stops half-way costs only what came out. */
    setPrintProgress: assign(({ context }, params: { pagesDone: number }) => ({
      print: { ...context.print, pagesDone: Math.max(context.print.pagesDone, params.pagesDone) },
      counts: { ...context.counts, pagesPrinted: context.counts.pagesPrinted + Math.max(0, params.pagesDone - context.print.pagesDone) },
    })),
    setPrintFault: assign(({ context }, params: { fault: PrintFault }) => ({ print: { ...context.print, fault: params.fault } })),
    /** « Réessayer » sends the job again from its first page: its pages are counted again as they come out. */
    clearPrintFault: assign(({ context }) => ({ print: { ...context.print, fault: null, pagesDone: 0 } })),
    /** The job completed: the pages not yet counted by its progress, one job more, and its document printed. */
    countPrinted: assign(({ context }, params: { pages: number }) => {
      const target = context.print.target;
      const printed = target?.kind === 'document' && !context.printedDocuments.includes(target.documentId);
      return {
        counts: {
          ...context.counts,
          pagesPrinted: context.counts.pagesPrinted + Math.max(0, params.pages - context.print.pagesDone),
          printJobs: context.counts.printJobs + 1,
        },
        print: { ...context.print, pagesDone: Math.max(context.print.pagesDone, params.pages) },
        printedDocuments: printed ? [...context.printedDocuments, target.documentId] : context.printedDocuments,
      };
    }),
    /**
     * Leaving `sending` any way but PRINT_DONE (a fault, « Annuler », the session's end): the printer may hold sheets
     * of that job. Only a failure that says no job reached CUPS (jobSubmitted: false) leaves the printer as it was.
     */
    noteJobLeft: assign(({ event }) =>
      event.type === 'PRINT_DONE' || (event.type === 'PRINT_FAILED' && event.jobSubmitted === false) ? {} : { printerToCheck: true },
    ),
    /** An agent or a technician looked at the printer (their code on printerCheck, or leaving maintenance). */
    clearPrinterToCheck: assign({ printerToCheck: false }),
    /** The boot found the mark a previous run left (a crash or a power cut during or after a stopped job). */
    notePrinterToCheckAtBoot: assign({ printerToCheck: true }),
    /** Nothing of a print flow outlives it (its fault has been shown). */
    clearPrint: assign({ print: noPrint }),

    // Scanning.
    startScan: assign((_, params: { returnTo: ScanReturn }) => ({ scan: { pages: 0, fault: null, returnTo: params.returnTo, layout: 'document' as const } })),
    setScanLayout: assign(({ context }, params: { layout: ScanLayout }) => ({ scan: { ...context.scan, layout: params.layout } })),
    setScanResult: assign(({ context }, params: { pages: number }) => ({ scan: { ...context.scan, pages: params.pages, fault: null } })),
    setScanFault: assign(({ context }, params: { fault: ScanFault }) => ({ scan: { ...context.scan, fault: params.fault } })),
    clearScanFault: assign(({ context }) => ({ scan: { ...context.scan, fault: null } })),
    countScan: assign(({ context }) => ({
      counts: { ...context.counts, scans: context.counts.scans + 1, pagesScanned: context.counts.pagesScanned + context.scan.pages },
    })),
    /** Pages and fault go with the scan; where it returns to stays until the next one sets it. */
    clearScan: assign({ scan: ({ context }) => ({ pages: 0, fault: null, returnTo: context.scan.returnTo, layout: 'document' as const }) }),

    // Session timers.
    startWarning: assign({
      warningEndsAt: ({ context }) =>
        Date.now() + (context.assisted ? context.settings!.timers.assisted.warningSeconds : context.settings!.timers.warningSeconds) * 1000,
    }),
    clearWarning: assign({ warningEndsAt: null }),
    /** The session's length starts now (at its start, and again when a referent takes over): its end, and its extensions. */
    startSessionClock: assign(({ context }) => {
      const limits = sessionLimits(context);
      return { sessionEndsAt: Date.now() + minutes(limits.maxSessionMinutes), extensionsLeft: limits.maxExtensions, timeWarning: null };
    }),
    warnTimeLeft: assign((_, params: TimeWarning) => ({ timeWarning: { minutesLeft: params.minutesLeft } })),
    clearTimeWarning: assign({ timeWarning: null }),
    /** « Continuer »: the end moves by extendMinutes, one extension fewer. */
    extendSession: assign(({ context }) => ({
      sessionEndsAt: (context.sessionEndsAt ?? Date.now()) + minutes(sessionLimits(context).extendMinutes),
      extensionsLeft: Math.max(0, context.extensionsLeft - 1),
      timeWarning: null,
    })),

    // The PIN pad.
    acceptUnlock: assign({ unlock: { failures: 0, lockedUntil: null, last: 'accepted' } }),
    rejectUnlock: assign({ unlock: ({ context }) => ({ failures: context.unlock.failures + 1, lockedUntil: null, last: 'rejected' as const }) }),
    lockOut: assign({
      unlock: ({ context }) => ({
        failures: context.unlock.failures + 1,
        lockedUntil: Date.now() + (context.settings?.lockout.minutes ?? 5) * 60_000,
        last: 'locked' as const,
      }),
    }),
    resetUnlock: assign({ unlock: { failures: 0, lockedUntil: null, last: null } }),

    // The agent's panel (./states/assisted.ts).
    /** « Plus de pages »: one step, never past the total the config allows. */
    addExtraPages: assign(({ context }) => {
      const p = agentPanel(context);
      return { agent: { ...context.agent, extraPages: Math.min(p.maxExtraPages, context.agent.extraPages + p.extraPages) } };
    }),
    /** « Plus de temps »: the session's end moves by one step, never past the total the config allows. */
    addAgentTime: assign(({ context }) => {
      const p = agentPanel(context);
      const added = Math.max(0, Math.min(p.extraMinutes, p.maxExtraMinutes - context.agent.extraMinutes));
      return {
        sessionEndsAt: (context.sessionEndsAt ?? Date.now()) + minutes(added),
        timeWarning: null,
        agent: { ...context.agent, extraMinutes: context.agent.extraMinutes + added },
      };
    }),
    countSiteOpened: assign(({ context }) => ({ agent: { ...context.agent, sitesOpened: context.agent.sitesOpened + 1 } })),
    /** « Fin de l'aide »: a resident's session again (what the agent added stays until its end). */
    endAssistance: assign({ assisted: false }),
  },
  guards: {
    configInvalid: ({ context }) => context.settings === null,
    essentialDeviceMissing: ({ context }) =>
      context.settings !== null && DEVICE_KINDS.some((d) => context.settings!.essential[d] && context.devices[d] === 'absent'),
    // A démarche of the catalog; with several start pages, one of them is chosen (and none for the others).
    knownDemarche: ({ context, event }) => {
      if (event.type !== 'OPEN_DEMARCHE' || !context.settings?.demarcheIds.includes(event.demarcheId)) return false;
      const starts = context.settings.demarcheStarts?.[event.demarcheId] ?? [];
      return starts.length === 0 ? event.startId === undefined : event.startId !== undefined && starts.includes(event.startId);
    },
    localeAvailable: ({ context, event }) => event.type === 'SET_LOCALE' && !!context.settings?.locales.available.includes(event.locale),
    downloadIsPdf: ({ event }) => event.type === 'DOWNLOAD_DONE' && event.isPdf,
    canRetryWipe: ({ context }) => context.wipeAttempts < (context.settings?.wipeMaxAttempts ?? 1),
    canExtendSession: ({ context }) => context.extensionsLeft > 0,
    cabinVacant: ({ context }) => context.presenceSeen && context.presence === 'empty',
    withinPageLimit: ({ context, event }) =>
      event.type === 'PRINT_CONFIRM' &&
      context.counts.pagesPrinted + context.print.pages * event.copies <= (context.settings?.pageLimitPerSession ?? 0) + context.agent.extraPages,
    /**
     * « Réessayer » sends the whole job again: not past the limit, and only while the whole job again fits in it (the
     * pages that came out before the fault count). Otherwise « Retour », and a new « Imprimer ? » says what is left.
     */
    printFaultRetryable: ({ context }) =>
      context.print.fault !== 'page-limit' &&
      context.counts.pagesPrinted + context.print.pages * context.print.copies <= (context.settings?.pageLimitPerSession ?? 0) + context.agent.extraPages,
    printerToCheck: ({ context }) => context.printerToCheck,
    isReferent: ({ event }) => event.type === 'UNLOCKED' && event.role === 'referent',
    isTechnician: ({ event }) => event.type === 'UNLOCKED' && event.role === 'technician',
    /** Someone is at the screens: the welcome screen or a session. Only then can a referent be called. */
    visiting: or([stateIn({ cabin: 'welcome' }), stateIn({ cabin: 'session' })]),
    /**
     * A call rings in a video room: the commune has a video service, and a session is open with its storage (the
     * call's partition lives under the session's RAM directory, and goes with its wipe). Otherwise the webhook.
     */
    canVideoCall: and([
      stateIn({ cabin: 'session' }),
      ({ context }) => context.settings !== null && context.settings.visio !== null && context.sessionId !== null,
    ]),
    shareAccepted: ({ event }) => event.type === 'SHARE_SCREEN_ANSWER' && event.yes,
    /** A video call rings or is on (./states/referent-call.ts): the inactivity timer waits. */
    inVideoCall: stateIn({ referentCall: 'visio' }),
    presenceOccupied: ({ event }) => event.type === 'PRESENCE' && event.occupied,
    presenceEmpty: ({ event }) => event.type === 'PRESENCE' && !event.occupied,
    unlockConfigured: ({ context }) => context.settings !== null,
    badgeAllowed: ({ context, event }) => event.type === 'BADGE_READ' && !!context.settings?.enabled.badge,
    /** This rejection is the last one the config allows before the pad locks. */
    lastUnlockAttempt: ({ context }) => context.unlock.failures + 1 >= (context.settings?.lockout.maxAttempts ?? 5),
    scanReturnsToPicker: ({ context }) => context.scan.returnTo === 'pickingFile',
    scanReturnsToDocuments: ({ context }) => context.scan.returnTo === 'documents',
    printReturnsToDocuments: ({ context }) => context.printReturnTo === 'documents',
    printReturnsToViewer: ({ context }) => context.printReturnTo === 'viewingDocument' && context.viewingDocumentId !== null,
    scanHasPages: ({ context }) => context.scan.pages > 0,
    scanIsCard: ({ context }) => context.scan.layout === 'card',
    /** A card has two sides: its back is still to scan. */
    scanCardNeedsBack: ({ context }) => context.scan.layout === 'card' && context.scan.pages < 2,
    /** Another page: any number for a document, the back only for a card. */
    scanMayAddPage: ({ context }) => context.scan.layout === 'document' || context.scan.pages < 2,
    /** A document with a page, or a card with both its sides. */
    scanMayFinish: ({ context }) => (context.scan.layout === 'document' ? context.scan.pages > 0 : context.scan.pages >= 2),
    wipeLeadsToMaintenance: ({ context }) => context.afterWipe === 'maintenance',
    wipeLeadsToAttract: ({ context }) => context.afterWipe === 'attract',

    // The agent's panel: every one of its events is refused outside an assisted session.
    isAssisted: ({ context }) => context.assisted,
    /** A referent's code in a session already assisted: the agent is back (the panel), not a new takeover. */
    agentReturns: ({ context, event }) => context.assisted && event.type === 'UNLOCKED' && event.role === 'referent',
    agentPanelOpen: and([({ context }) => context.assisted, stateIn({ cabin: { session: { agent: 'open' } } })]),
    canAddExtraPages: and(['agentPanelOpen', ({ context }) => context.agent.extraPages < agentPanel(context).maxExtraPages]),
    canAddAgentTime: and(['agentPanelOpen', ({ context }) => context.agent.extraMinutes < agentPanel(context).maxExtraMinutes]),
    canOpenBlockedSite: and(['agentPanelOpen', ({ context }) => grantableHost(context.blockedHost) !== null]),
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
    /**
     * Until 5 minutes before the session's end, then until 1 minute before, then until the end. Once warned, the
     * time left is known to be at most 4 minutes, then 1: a clock other than Date.now() (the tests' simulated one)
     * keeps the same steps.
     */
    untilFiveMinutesLeft: ({ context }) => untilEnd(context, minutes(5)),
    untilOneMinuteLeft: ({ context }) => Math.min(minutes(4), untilEnd(context, minutes(1))),
    untilSessionEnd: ({ context }) => Math.min(minutes(1), untilEnd(context, 0)),
    receipt: ({ context }) => seconds(context.settings?.timers.receiptSeconds ?? 12),
    lockout: ({ context }) => seconds(60 * (context.settings?.lockout.minutes ?? 5)),
    maintenanceIdle: ({ context }) => seconds(60 * (context.settings?.timers.maintenanceIdleMinutes ?? 20)),
    /** The machine's own limit on a call: an answer that never comes is no answer. */
    referentCall: ({ context }) => seconds(context.settings?.referentCallTimeoutSeconds ?? 10),
    /** How long a video call rings before the resident is told nobody answered (config referentCall.visio.answerSeconds). */
    visioAnswer: ({ context }) => seconds(context.settings?.visio?.answerSeconds ?? 90),
    /** No code and nothing done in the agent's panel for this long: the agent stepped away (./states/assisted.ts). */
    agentAway: ({ context }) => minutes(agentPanel(context).panelCodeAfterMinutes),
  },
});
