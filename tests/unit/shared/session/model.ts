// The model of the session machine the model-based tests walk: which events can happen in a
// state (every outside event, plus the completions of the actors invoked there and the timers
// pending there), and which parts of a snapshot make two states different.
import { type AnyStateNode } from 'xstate/graph';
import { fromCallback, fromPromise, type AnyActorLogic, type SnapshotFrom } from 'xstate';
import { validateConfig } from '../../../../src/shared/config';
import { defaultConfig, type CabinConfigInput } from '../../../../src/shared/config';
import { cabineMachine, settingsFromConfig, type CabineEvent, type MachineSettings, type WipeReceipt } from '../../../../src/shared/session';

export type Snapshot = SnapshotFrom<typeof cabineMachine>;
/** Outside events plus the synthetic events of actors and timers. */
export type ModelEvent = CabineEvent | { type: `xstate.${string}`; output?: unknown; error?: unknown };

/** Settings where every guard can go both ways: an essential printer, a sensor, a badge reader. */
export function modelSettings(overrides: Partial<CabinConfigInput> = {}): MachineSettings {
  const input: CabinConfigInput = {
    ...defaultConfig,
    devices: {
      printer: { essential: true, pageLimitPerSession: 30 },
      occupancy: { enabled: true, profile: { kind: 'keyboard-key', name: 'test', vendorId: 1, productId: 2, usage: 4 } },
      badge: { enabled: true },
    },
    ...overrides,
  };
  const result = validateConfig(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return settingsFromConfig(result.config);
}

/** The same with the commune's video service (issue 17): a call from a session is a video call. */
export function visioModelSettings(): MachineSettings {
  return modelSettings({ referentCall: { visio: { url: 'https://visio.example.fr/', answerSeconds: 30 } } });
}

export const RECEIPT: WipeReceipt = { documents: 1, scans: 1, printJobs: 1, storageEntries: 3, files: 4, bytes: 1000, durationMs: 42, verified: true };

/** Events from the world: screens, démarche view, devices. One or two representative payloads each. */
export const OUTSIDE_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACTIVITY' },
  { type: 'SET_LOCALE', locale: 'ar' },
  { type: 'ACCEPT' },
  { type: 'CANCEL' },
  { type: 'BACK' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'not-in-catalog' },
  { type: 'HOME' },
  { type: 'END_REQUEST' },
  { type: 'STILL_HERE' },
  // The session's length (the limits region: its warnings, EXTEND_SESSION, DISMISS_TIME_WARNING) is walked in
  // its own model (LIMITS_MODEL_EVENTS): it acts on the cabin only by raising END max-duration, sent below.
  // A call to a referent is walked in its own model (REFERENT_CALL_MODEL_EVENTS): its region acts on nothing the
  // cabin's region reads (no event raised, no context a cabin guard uses), so here it would only multiply states.
  { type: 'PRINT_REQUEST', target: { kind: 'page' } },
  { type: 'PRINT_REQUEST', target: { kind: 'document', documentId: 'd1' } },
  { type: 'PRINT_CONFIRM', copies: 1 },
  { type: 'SCAN_REQUEST' },
  // A card's flow (front, « Retournez la carte », back) is proven in machine.scanning.test.ts: the same state nodes.
  { type: 'SCAN_LAYOUT', layout: 'document' },
  { type: 'SCAN_PAGE' },
  { type: 'SCAN_PAGE_OK' },
  { type: 'SCAN_RETAKE' },
  { type: 'SCAN_FINISH' },
  { type: 'DOCUMENTS_OPEN' },
  { type: 'DOCUMENT_OPEN', documentId: 'd1' },
  { type: 'FILES_CHOSEN', documentIds: ['d1'] },
  { type: 'RETRY' },
  // The unlock region is proven on its own (UNLOCK_EVENTS); here its outcome arrives at any time.
  { type: 'UNLOCKED', role: 'referent' },
  { type: 'UNLOCKED', role: 'technician' },
  { type: 'MAINTENANCE_TEST_PRINT' },
  { type: 'MAINTENANCE_TEST_SCAN' },
  { type: 'MAINTENANCE_EXIT' },
  { type: 'NAVIGATION_BLOCKED', host: 'example.com' },
  { type: 'NETWORK_DOWN' },
  { type: 'NETWORK_UP' },
  { type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf'], multiple: false },
  { type: 'PAGE_PRINT_REQUESTED' },
  { type: 'DOWNLOAD_DONE', documentId: 'd2', isPdf: true },
  { type: 'DOWNLOAD_DONE', documentId: 'd3', isPdf: false },
  { type: 'DOWNLOAD_REFUSED', reason: 'dangerous-type' },
  { type: 'AUTH_REFUSED', host: 'intranet.example.fr' },
  { type: 'VIEW_CRASHED' },
  // The session's idle, presence and limits regions act on the cabin only by raising END: the
  // model sends END with each of their reasons at any time (an over-approximation), and the
  // regions themselves are tested with real timers in machine.timers.test.ts.
  { type: 'END', reason: 'inactivity' },
  { type: 'END', reason: 'cabin-empty' },
  { type: 'END', reason: 'max-duration' },
  { type: 'DEVICES_CHANGED', devices: { printer: 'absent' } },
  { type: 'DEVICES_CHANGED', devices: { printer: 'present' } },
  { type: 'PRINT_PROGRESS', pagesDone: 1 },
  { type: 'PRINT_DONE', pages: 20 },
  { type: 'PRINT_FAILED', fault: 'paper-jam' },
  // A job that never reached CUPS (the queue refused it): the one failure that leaves nothing in the printer.
  { type: 'PRINT_FAILED', fault: 'offline', jobSubmitted: false },
  // The package manager's gate (src/cabin/update): the runtime sends these whatever the cabin is doing.
  { type: 'UPDATE_PENDING' },
  { type: 'UPDATE_DONE' },
];

/** Events of the PIN pad and badge reader. */
export const UNLOCK_EVENTS: CabineEvent[] = [
  { type: 'UNLOCK_SUBMIT', role: 'referent', secret: 'pin-canary-Qx7' },
  { type: 'UNLOCK_SUBMIT', role: 'technician', secret: 'pin-canary-Qx7' },
  { type: 'BADGE_READ', badgeId: 'badge-canary-Zk4' },
];

/** What each invoked actor can answer, as the machine sees it (done with an output, or an error). */
export function actorOutcomes(id: string, input: unknown): { output?: unknown; error?: unknown }[] {
  const fault = (f: string) => ({ error: { fault: f } });
  switch (id) {
    case 'bootSweep':
      return [
        { output: { removedEntries: 2, storageNotRam: false } },
        { output: { removedEntries: 0, storageNotRam: true } },
        { error: new Error('sweep failed') },
      ];
    case 'startSession':
      return [{ output: { sessionId: 's-1' } }, { error: new Error('no room') }];
    case 'endSession':
      return [{ output: undefined }, { error: new Error('view did not close') }];
    case 'wipe':
      return [{ output: RECEIPT }, { error: new Error('verification failed') }];
    case 'verifySecret': {
      const role = (input as { role?: string } | undefined)?.role ?? 'referent';
      return [{ output: { accepted: true, role } }, { output: { accepted: false, role } }];
    }
    case 'preparePrint':
      // 20 pages: one job fits the limit of 30, a second one does not.
      return [{ output: { pages: 20 } }, fault('offline')];
    case 'scanPage':
      return [{ output: { pages: 1 } }, fault('jammed')];
    case 'finishScan':
      return [{ output: { documentId: 'd9' } }, fault('disk-full')];
    case 'setFiles':
    case 'testPrint':
    case 'testScan':
      return [{ output: undefined }, fault('unknown')];
    case 'openSiteForSession':
      // The engine granted the host for the session, or refused it (its own check, no view).
      return [{ output: undefined }, { error: new Error('not granted') }];
    case 'callReferent':
      // Acknowledged by the call route, or not (no route, a failure, a timeout of the runtime's own).
      return [{ output: undefined }, { error: new Error('no call route') }];
    case 'printJob':
      return []; // a callback actor: it answers with PRINT_PROGRESS / PRINT_DONE / PRINT_FAILED events
    case 'visioCall':
      return []; // a callback actor: it answers with VISIO_REFERENT_JOINED / VISIO_REFERENT_LEFT / VISIO_FAILED events
    default:
      throw new Error(`the model does not know the actor '${id}'`);
  }
}

function activeNodes(snapshot: Snapshot): AnyStateNode[] {
  return (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes;
}

/** Timers pending in this state: `xstate.after.<delay>.<state id>` events. */
export function timerEvents(snapshot: Snapshot): ModelEvent[] {
  const out: ModelEvent[] = [];
  for (const node of activeNodes(snapshot)) {
    for (const t of node.after) out.push({ type: t.eventType as `xstate.${string}` });
  }
  return out;
}

/** Completions of the actors invoked in this state: `xstate.done.actor.<id>` / `xstate.error.actor.<id>`. */
export function actorEvents(snapshot: Snapshot): ModelEvent[] {
  const out: ModelEvent[] = [];
  for (const node of activeNodes(snapshot)) {
    for (const inv of node.invoke) {
      const child = (snapshot.children as Record<string, { getSnapshot(): { input?: unknown } } | undefined>)[inv.id];
      const input = child?.getSnapshot().input;
      for (const outcome of actorOutcomes(inv.id, input)) {
        out.push(
          'error' in outcome ? { type: `xstate.error.actor.${inv.id}`, error: outcome.error } : { type: `xstate.done.actor.${inv.id}`, output: outcome.output },
        );
      }
    }
  }
  return out;
}

/** The limits region's timers: `xstate.after.untilFiveMinutesLeft.cabine.cabin.session.limits.running`… */
const isLimitsTimer = (event: ModelEvent) => event.type.includes('.session.limits.');

export function eventsIn(snapshot: Snapshot): ModelEvent[] {
  return [...OUTSIDE_EVENTS, ...timerEvents(snapshot).filter((e) => !isLimitsTimer(e)), ...actorEvents(snapshot)];
}

/** The occupancy sensor's events, with just enough of the journey to open and end sessions. */
export const PRESENCE_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'ACTIVITY' },
  { type: 'END_REQUEST' },
  { type: 'PRESENCE', occupied: true },
  { type: 'PRESENCE', occupied: false },
  { type: 'SENSOR_LOST' },
];

/** The PIN pad's and badge reader's events, with the journey's. */
export const UNLOCK_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'END_REQUEST' },
  { type: 'MAINTENANCE_EXIT' },
  ...UNLOCK_EVENTS,
];

/** The video call's events (issue 17): the screens' and the room's (sent by the visioCall actor). */
export const VISIO_CALL_EVENTS: CabineEvent[] = [
  { type: 'HANG_UP' },
  { type: 'CALL_WINDOW', size: 'small' },
  { type: 'CALL_WINDOW', size: 'large' },
  { type: 'SHARE_SCREEN' },
  { type: 'SHARE_SCREEN_ANSWER', yes: true },
  { type: 'SHARE_SCREEN_ANSWER', yes: false },
  { type: 'STOP_SHARE' },
  { type: 'VISIO_REFERENT_JOINED' },
  { type: 'VISIO_REFERENT_LEFT' },
  { type: 'VISIO_FAILED', reason: 'room-failed' },
  { type: 'VISIO_SHARE_STOPPED' },
];

/** A call to a referent, with the journey that opens, leaves and ends a visit, and a referent or technician unlocking. */
export const REFERENT_CALL_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'CANCEL' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'HOME' },
  { type: 'END_REQUEST' },
  { type: 'END', reason: 'inactivity' },
  { type: 'MAINTENANCE_EXIT' },
  { type: 'UNLOCKED', role: 'referent' },
  { type: 'UNLOCKED', role: 'technician' },
  { type: 'CALL_REFERENT' },
  { type: 'CANCEL_REFERENT_CALL' },
  { type: 'CLOSE_REFERENT_CALL' },
  // The video call's events: with no video service (this model's settings) no state takes them.
  ...VISIO_CALL_EVENTS,
];

/**
 * The video call (issue 17, walked with visioModelSettings): every event of the call, with a journey that opens,
 * leaves and ends a visit in every way the session ends (the wipe must never meet a running call), and a referent or a
 * technician unlocking. The timers (the ringing's limit) and the webhook's outcomes (a call from the welcome screen)
 * come from the state itself.
 */
export const VISIO_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'CANCEL' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'HOME' },
  { type: 'END_REQUEST' },
  { type: 'END', reason: 'inactivity' },
  { type: 'VIEW_CRASHED' },
  { type: 'MAINTENANCE_EXIT' },
  { type: 'UNLOCKED', role: 'referent' },
  { type: 'UNLOCKED', role: 'technician' },
  { type: 'CALL_REFERENT' },
  { type: 'CANCEL_REFERENT_CALL' },
  { type: 'CLOSE_REFERENT_CALL' },
  ...VISIO_CALL_EVENTS,
];

/** A print job that stops half-way, with the journey that ends the session and the codes (verified) that clear the printer's check. */
export const PRINTER_CHECK_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'CANCEL' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'PRINT_REQUEST', target: { kind: 'document', documentId: 'd1' } },
  { type: 'PRINT_CONFIRM', copies: 1 },
  { type: 'PRINT_PROGRESS', pagesDone: 1 },
  { type: 'PRINT_DONE', pages: 20 },
  { type: 'PRINT_FAILED', fault: 'out-of-paper' },
  { type: 'PRINT_FAILED', fault: 'offline', jobSubmitted: false },
  { type: 'RETRY' },
  { type: 'END_REQUEST' },
  { type: 'MAINTENANCE_EXIT' },
  ...UNLOCK_EVENTS,
];

/** The session's length: its warnings and answers, with a journey that opens, leaves and ends a session, and a referent taking over. */
export const LIMITS_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'HOME' },
  { type: 'END_REQUEST' },
  { type: 'STILL_HERE' },
  { type: 'MAINTENANCE_EXIT' },
  { type: 'UNLOCKED', role: 'referent' },
  { type: 'UNLOCKED', role: 'technician' },
  { type: 'EXTEND_SESSION' },
  { type: 'DISMISS_TIME_WARNING' },
];

/**
 * The agent's panel (issue 15): its events from the screens, with a journey that opens, leaves and ends a session,
 * a referent taking over (or coming back: the panel's code), a technician, and a blocked site that may be opened
 * (and a scheme that may not). AGENT_VERIFIED is the machine's own (raised on a referent's code): never sent from outside.
 */
export const AGENT_MODEL_EVENTS: CabineEvent[] = [
  { type: 'TOUCH' },
  { type: 'ACCEPT' },
  { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
  { type: 'HOME' },
  { type: 'BACK' },
  { type: 'END_REQUEST' },
  { type: 'MAINTENANCE_EXIT' },
  { type: 'UNLOCKED', role: 'referent' },
  { type: 'UNLOCKED', role: 'technician' },
  { type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' },
  { type: 'NAVIGATION_BLOCKED', host: 'file:' },
  { type: 'AGENT_PANEL_OPEN' },
  { type: 'AGENT_PANEL_CLOSE' },
  { type: 'AGENT_EXTRA_PAGES' },
  { type: 'AGENT_MORE_TIME' },
  { type: 'AGENT_OPEN_SITE' },
  { type: 'AGENT_END_ASSISTANCE' },
];

export function restrictedEvents(outside: CabineEvent[]) {
  return (snapshot: Snapshot): ModelEvent[] => [...outside, ...timerEvents(snapshot), ...actorEvents(snapshot)];
}

function inState(snapshot: Snapshot, name: string): boolean {
  return JSON.stringify(snapshot.value).includes(`"${name}"`);
}

/**
 * Two snapshots are the same state of the model when their state values and every part of the
 * context a guard or a screen depends on are equal. Counters that only grow are bucketed.
 */
export function serializeState(snapshot: Snapshot): string {
  const c = snapshot.context;
  return JSON.stringify({
    v: snapshot.value,
    assisted: c.assisted,
    session: c.sessionId !== null,
    wipeAttempts: c.wipeAttempts,
    afterWipe: ['ending', 'wiping'].includes(cabinState(snapshot)) ? c.afterWipe : null,
    oos: c.outOfService,
    // Guards only ask whether an essential device is 'absent'.
    printerAbsent: c.devices.printer === 'absent',
    failures: c.unlock.failures,
    presence: c.presence,
    seen: c.presenceSeen,
    // Pages count as they come out (PRINT_PROGRESS): bucketed where the guards' answers change (a 20-page job in
    // a limit of 30: another fits up to 10 printed; past 30 nothing does), so each page out is no new state.
    pagesPrinted: c.counts.pagesPrinted === 0 ? 0 : c.counts.pagesPrinted <= 10 ? 10 : c.counts.pagesPrinted <= 30 ? 30 : 31,
    // Set on entering printing or scanning and read only there: outside, a stale value changes nothing.
    print: inState(snapshot, 'printing') ? [c.print.fault, c.print.pages, c.print.pagesDone > 0, c.printReturnTo] : null,
    scan: inState(snapshot, 'scanning') ? [c.scan.fault, Math.min(c.scan.pages, 2), c.scan.returnTo, c.scan.layout] : null,
    referentCall: c.referentCall,
    // The video call: the share follows the state value; the panel's size is the context's alone.
    call: [c.call.share, c.call.window],
    // The limits region: extensions left (its guard) and the warning the screens show. The end itself is a timestamp.
    extensionsLeft: c.extensionsLeft,
    timeWarning: c.timeWarning?.minutesLeft ?? null,
    viewing: inState(snapshot, 'printing') || inState(snapshot, 'viewingDocument') ? c.viewingDocumentId !== null : null,
    // The agent's panel: what it added (bounded by the config) and how many sites it opened (bucketed).
    agent: [c.agent.extraPages, c.agent.extraMinutes, Math.min(c.agent.sitesOpened, 2)],
  });
}

/**
 * The same, and whether a print job stopped half-way (issue 15: the cabin waits for an agent after the wipe). Only the
 * printer-check model tells these apart: the flag changes nothing before the wipe, and in the main model it would
 * double every state of a session after a failed print; that model proves the wipe, this one the printer's check.
 */
export function serializeWithPrinterCheck(snapshot: Snapshot): string {
  return `${serializeState(snapshot)}|printerToCheck=${snapshot.context.printerToCheck}`;
}

export function serializeEvent(event: ModelEvent): string {
  return JSON.stringify(event, (_k, v: unknown) => (v instanceof Error ? `Error(${v.message})` : v));
}

/** The top-level state of the cabin region. */
export function cabinState(snapshot: Snapshot): string {
  const v = (snapshot.value as { cabin: string | Record<string, unknown> }).cabin;
  return typeof v === 'string' ? v : Object.keys(v)[0]!;
}

export const WIPE_SUCCEEDED = 'xstate.done.actor.wipe';

/**
 * The machine for replaying a path: every promise actor waits until the test settles it (`pending`, by the actor's
 * id) as the path's done/error event says; the print job is a callback that never reports by itself.
 */
export function liveMachine() {
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const deferred = fromPromise(({ self }) => new Promise((resolve, reject) => pending.set(self.id, { resolve, reject })));
  const names = [
    'bootSweep',
    'startSession',
    'endSession',
    'wipe',
    'verifySecret',
    'preparePrint',
    'scanPage',
    'finishScan',
    'setFiles',
    'testPrint',
    'testScan',
    'callReferent',
    'openSiteForSession',
  ];
  const actors: Record<string, AnyActorLogic> = Object.fromEntries(names.map((n) => [n, deferred]));
  actors.printJob = fromCallback(() => () => {});
  // The room reports nothing by itself: the path's VISIO_* events are sent to the machine as the actor would.
  actors.visioCall = fromCallback(() => () => {});
  const machine = cabineMachine.provide({ actors: actors as never });
  return { machine, pending };
}
