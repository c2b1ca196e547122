// A live session machine whose side effects the test controls: every actor resolves at once
// (or fails when told to), and every named action is recorded. Use with vi.useFakeTimers().
import { createActor, fromCallback, fromPromise } from 'xstate';
import { vi } from 'vitest';
import {
  cabineMachine,
  type CabineEvent,
  type MachineSettings,
  type VisioCallCommand,
  type VisioCallInput,
  type VisioEvent,
  type WipeReceipt,
} from '../../../../src/shared/session';
import { ScannerFault, type PrintFault, type ScanFault } from '../../../../src/shared/session/types';
import { modelSettings } from './model';

/** The machine's actors; each has a default in setup.ts that fails closed. */
export type ActorName =
  | 'bootSweep'
  | 'startSession'
  | 'endSession'
  | 'wipe'
  | 'verifySecret'
  | 'preparePrint'
  | 'printJob'
  | 'scanPage'
  | 'finishScan'
  | 'setFiles'
  | 'testPrint'
  | 'testScan'
  | 'callReferent'
  | 'openSiteForSession'
  | 'visioCall';

export interface HarnessOptions {
  settings?: MachineSettings | null;
  /** How many wipes fail before one succeeds (Infinity: all fail). */
  failingWipes?: number;
  pin?: string;
  technicianCode?: string;
  bootSweep?: { removedEntries: number; storageNotRam: boolean; printerToCheck?: boolean } | Error;
  /**
   * How the print job ends: completed, failed (after pagesOut pages came out; jobSubmitted as the runtime says it),
   * or never (the job is still printing when the test acts).
   */
  printOutcome?: { pages: number } | { fault: PrintFault; pagesOut?: number; jobSubmitted?: boolean } | 'never';
  scanFault?: ScanFault;
  /** Where the scan and file actors' inputs go, to see what the machine asked of them (scanPage, setFiles). */
  inputs?: { actor: 'scanPage' | 'setFiles'; input: unknown }[];
  /** The verifier fails (a broken hash store, an exception): it must count as a refusal. */
  verifierThrows?: boolean;
  /** What the call route does with a call to a referent: acknowledges it (default), fails, or never answers. */
  referentCall?: 'acknowledge' | 'fail' | 'never';
  /** The engine refuses to open a site for the session (the agent's panel). */
  siteRefused?: boolean;
  /**
   * What the video call's actor does by itself once started: nothing (the test plays the referent with
   * `visio.send`, default), or fails at once as a room that cannot be opened.
   */
  visio?: 'manual' | 'fail';
  /** Actors the test does not provide: the machine's own defaults (setup.ts) run instead. */
  defaults?: ActorName[];
}

export const RECEIPT: WipeReceipt = { documents: 2, scans: 1, printJobs: 1, storageEntries: 5, files: 9, bytes: 12_345, durationMs: 80, verified: true };

export function startCabin(options: HarnessOptions = {}) {
  const calls: string[] = [];
  // The video call's actor now running (its sendBack), for the test to play the referent and the room.
  let visioBack: ((event: VisioEvent) => void) | null = null;
  let wipesLeftToFail = options.failingWipes ?? 0;
  const record = (name: string) => () => {
    calls.push(name);
  };
  const provided = cabineMachine.provide({
    actors: {
      bootSweep: fromPromise(async () => {
        calls.push('bootSweep');
        if (options.bootSweep instanceof Error) throw options.bootSweep;
        return options.bootSweep ?? { removedEntries: 0, storageNotRam: false };
      }),
      startSession: fromPromise(async () => {
        calls.push('startSession');
        return { sessionId: 'session-test' };
      }),
      endSession: fromPromise(async () => {
        calls.push('endSession');
      }),
      wipe: fromPromise(async () => {
        calls.push('wipe');
        if (wipesLeftToFail > 0) {
          wipesLeftToFail--;
          throw new Error('verification failed: a file survived');
        }
        return RECEIPT;
      }),
      verifySecret: fromPromise(async ({ input }) => {
        if (options.verifierThrows) throw new Error('the secret store could not be read');
        const expected = input.kind === 'badge' ? '0004829311' : input.role === 'referent' ? (options.pin ?? '2468') : (options.technicianCode ?? '13579');
        return { accepted: input.secret === expected, role: input.role };
      }),
      preparePrint: fromPromise(async () => ({ pages: 2 })),
      printJob: fromCallback(({ sendBack, input }) => {
        const outcome = options.printOutcome ?? { pages: 2 };
        if (outcome === 'never') return () => {};
        const t = setTimeout(() => {
          if ('fault' in outcome) {
            if (outcome.pagesOut) sendBack({ type: 'PRINT_PROGRESS', pagesDone: outcome.pagesOut });
            sendBack(
              outcome.jobSubmitted === undefined
                ? { type: 'PRINT_FAILED', fault: outcome.fault }
                : { type: 'PRINT_FAILED', fault: outcome.fault, jobSubmitted: outcome.jobSubmitted },
            );
          } else {
            sendBack({ type: 'PRINT_PROGRESS', pagesDone: outcome.pages });
            sendBack({ type: 'PRINT_DONE', pages: outcome.pages * input.copies });
          }
        }, 100);
        return () => clearTimeout(t);
      }),
      scanPage: fromPromise(async ({ input }) => {
        options.inputs?.push({ actor: 'scanPage', input });
        if (options.scanFault) throw new ScannerFault(options.scanFault);
        pages = input.retake ? Math.max(pages, 1) : pages + 1;
        return { pages };
      }),
      finishScan: fromPromise(async () => ({ documentId: 'scan-1' })),
      setFiles: fromPromise<void, { documentIds: string[]; accept: string[]; multiple: boolean }>(async ({ input }) => {
        options.inputs?.push({ actor: 'setFiles', input });
      }),
      testPrint: fromPromise<void>(async () => {}),
      testScan: fromPromise<void>(async () => {
        throw new ScannerFault('cover-open');
      }),
      openSiteForSession: fromPromise<void, { host: string }>(async ({ input }) => {
        calls.push(`openSiteForSession ${input.host}`);
        if (options.siteRefused) throw new Error('the engine refused the host');
      }),
      visioCall: fromCallback<VisioCallCommand, VisioCallInput>(({ sendBack, receive, input }) => {
        calls.push(`visioCall started ${input.sessionId} ${input.locale}`);
        const back = (event: VisioEvent) => sendBack(event);
        visioBack = back;
        receive((command) => void calls.push(`visioCall ${command.type}`));
        if (options.visio === 'fail') back({ type: 'VISIO_FAILED', reason: 'room-failed' });
        return () => {
          calls.push('visioCall stopped');
          if (visioBack === back) visioBack = null;
        };
      }),
      callReferent: fromPromise<void>(async ({ signal }) => {
        calls.push('callReferent');
        signal.addEventListener('abort', () => calls.push('callReferent aborted'));
        const outcome = options.referentCall ?? 'acknowledge';
        if (outcome === 'fail') throw new Error('webhook answered 500');
        if (outcome === 'never') await new Promise(() => {});
      }),
    },
    actions: {
      openDemarche: record('openDemarche'),
      closeDemarche: record('closeDemarche'),
      reloadDemarche: record('reloadDemarche'),
      backInDemarche: record('backInDemarche'),
      cancelFileChooser: record('cancelFileChooser'),
      discardScan: record('discardScan'),
      recordSessionStart: record('recordSessionStart'),
      recordSessionEnd: record('recordSessionEnd'),
      recordOutOfService: record('recordOutOfService'),
      recordAgentAction: (_, params) => void calls.push(`recordAgentAction ${params.action}`),
    },
  });
  const defaults = cabineMachine.implementations.actors;
  const machine = provided.provide({ actors: Object.fromEntries((options.defaults ?? []).map((name) => [name, defaults[name]])) });
  let pages = 0;
  const actor = createActor(machine, { input: { settings: options.settings === undefined ? modelSettings() : options.settings } });
  actor.start();
  const send = async (event: CabineEvent) => {
    await vi.advanceTimersByTimeAsync(0); // let the boot sweep (or any pending actor) finish first
    actor.send(event);
    await vi.advanceTimersByTimeAsync(0);
  };
  const cabin = () => {
    const v = (actor.getSnapshot().value as { cabin: unknown }).cabin;
    return typeof v === 'string' ? v : Object.keys(v as object)[0]!;
  };
  const matches = (value: object) => actor.getSnapshot().matches(value as never);
  const context = () => actor.getSnapshot().context;
  /** attract → welcome → session catalog → a démarche. */
  const openDemarche = async (id = 'caf') => {
    await send({ type: 'TOUCH' });
    await send({ type: 'ACCEPT' });
    await send({ type: 'OPEN_DEMARCHE', demarcheId: id });
  };
  /** The room, as the running visioCall actor reports it (the referent joins, leaves; the call breaks). */
  const visio = {
    running: () => visioBack !== null,
    send: async (event: VisioEvent) => {
      if (!visioBack) throw new Error(`no video call running to send ${event.type}`);
      visioBack(event);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
  return {
    actor,
    calls,
    visio,
    send,
    cabin,
    matches,
    context,
    openDemarche,
    settle: () => vi.advanceTimersByTimeAsync(0),
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
  };
}
