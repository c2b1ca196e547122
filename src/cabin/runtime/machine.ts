// The session machine with its real side effects: the storage lifecycle (boot sweep, claim, wipe), the
// démarche engine's view, the printer and the scanner, the staff secrets, the call to a referent. What a
// session holds meanwhile is in SessionMemory; the machine itself is src/shared/session.
import type { Log } from '../../base/log';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromCallback, fromPromise, type Actor, type SnapshotFrom } from 'xstate';
import { messageOf } from '../../base/errors';
import { countPdfPages } from '../../devices/pdf';
import type { EngineNotice, ShareSource } from '../../engine/port';
import type { CabinConfig } from '../../shared/config';
import { sendAs } from '../../shared/policy/file-chooser';
import { expandAllowList } from '../../shared/policy/hosts';
import { cabineMachine, type BootSweepOutput, type CabineEvent, type PrintTarget } from '../../shared/session';
import { isFaultOf, PrinterFault, ScannerFault, type PrintFault } from '../../shared/session/types';
import type { SessionRecorder } from '../audit-log';
import { verifyStaffSecret } from '../secrets';
import type { ReferentNotifier } from '../referent-call';
import type { SessionLifecycle } from '../storage';
import type { CabinDevices } from './devices';
import type { SessionMemory } from './session-memory';
import { visioCallActor } from './visio-call';

type Snapshot = SnapshotFrom<typeof cabineMachine>;

/** The top-level state of the cabin region. */
export function cabinStateOf(snapshot: Snapshot): string {
  const v = (snapshot.value as { cabin: string | Record<string, unknown> }).cabin;
  return typeof v === 'string' ? v : Object.keys(v)[0]!;
}

/** Resolves once the machine is in the given top-level cabin state (tests, benches); rejects after timeoutMs. */
export function waitForCabinState(actor: Actor<typeof cabineMachine>, state: string, timeoutMs = 30_000): Promise<void> {
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
}

export interface MachineSideEffects {
  /** The validated config; null when it did not validate (the cabin can only be out of service). */
  config: CabinConfig | null;
  lifecycle: SessionLifecycle;
  devices: CabinDevices;
  memory: SessionMemory;
  /** What the open démarche view says (./notices.ts). */
  onNotice(notice: EngineNotice): Promise<void>;
  /** Sends an event to the machine (a démarche that did not open or reload: NETWORK_DOWN). */
  send(event: CabineEvent): void;
  /** Tells a referent the resident asked for help (with the video call's room link); absent: callReferent fails at once. */
  notifyReferent?: ReferentNotifier;
  /** The cabin's own views for the video call's screen share (../runtime.ts shareSource). */
  shareSource?: ShareSource;
  /** The audit log's named actions. */
  recorderActions?: SessionRecorder['actions'];
  /** Where test scans of maintenance go (deleted right after). Default: the OS temp dir. */
  scratchDir?: string;
  /** Whether a previous run left the printer to check (../printer-check-marker.ts); absent: never. */
  printerCheckAtBoot?: () => boolean;
  /** A job reached CUPS or ended: the runtime brings the on-disk mark up to date. */
  printerCheckChanged?: () => void;
  log: Log;
}

/** The fault a failed print job reports: the printer's, or 'unknown' for anything else. */
function printFaultOf(error: unknown): PrintFault {
  return isFaultOf(error, 'printer') ? error.fault : 'unknown';
}

/**
 * Where a démarche opens: the start page chosen for one with several (« Ma messagerie »: Gmail…), which it never
 * opens without; else its startUrl.
 */
export function startUrlOf(d: Pick<CabinConfig['catalog'][number], 'id' | 'startUrl' | 'starts'>, startId: string | null): string {
  if (d.starts.length === 0) return d.startUrl;
  const start = d.starts.find((s) => s.id === startId);
  if (!start) throw new Error(`no start page ${String(startId)} in ${d.id}`);
  return start.url;
}

export function provideCabinMachine(sfx: MachineSideEffects) {
  const { config, lifecycle, devices, memory, onNotice, send, log } = sfx;

  const demarcheSpec = (demarcheId: string, startId: string | null, assisted: boolean) => {
    const d = config?.catalog.find((c) => c.id === demarcheId);
    if (!config || !d) throw new Error(`unknown démarche ${demarcheId}`);
    return {
      id: d.id,
      startUrl: startUrlOf(d, startId),
      allow: expandAllowList([...d.allow, ...(assisted ? d.assistedAllow : [])], config.hostGroups),
      permissions: d.permissions,
      // Payment hosts (issue 15): the engine's chain through the bank starts only from them, for maxMinutes at most.
      ...(d.payment ? { payment: { hosts: expandAllowList(d.payment.hosts, {}), maxMs: d.payment.maxMinutes * 60_000 } } : {}),
    };
  };

  /** The PDF to print: the démarche page, or a PDF document of the session. */
  const printPdfOf = async (target: PrintTarget): Promise<Uint8Array> => {
    if (target.kind === 'page') {
      if (!memory.view) throw new PrinterFault('unknown', 'no démarche page to print');
      return memory.view.printToPdf();
    }
    const doc = memory.needSession().documents.get(target.documentId);
    if (!doc) throw new PrinterFault('unknown', 'no such document');
    if (doc.mime !== 'application/pdf') throw new PrinterFault('unknown', 'only PDF documents are printed');
    return new Uint8Array(await readFile(doc.path));
  };

  return cabineMachine.provide({
    actors: {
      bootSweep: fromPromise(async (): Promise<BootSweepOutput> => {
        const r = await lifecycle.bootSweep();
        return { removedEntries: r.removedEntries, storageNotRam: r.storageNotRam, printerToCheck: sfx.printerCheckAtBoot?.() ?? false };
      }),
      startSession: fromPromise(async () => {
        memory.claimed = await lifecycle.claim();
        return { sessionId: memory.claimed.sessionId };
      }),
      endSession: fromPromise(async () => {
        memory.printAbort?.abort(new Error('session ended'));
        const scan = memory.scan;
        memory.scan = null;
        // The view closes while the session's storage is counted for the receipt (the count may stop
        // the session's pages: the view stops hearing them first, closeView's first step, in this tick).
        const claimed = memory.claimed;
        await Promise.all([
          scan?.discard().catch(() => undefined),
          memory.closeView(),
          claimed && lifecycle.endSession(claimed.sessionId).catch((error: unknown) => log(`storage count: ${messageOf(error)}`)),
        ]);
      }),
      wipe: fromPromise(async ({ input }) => {
        memory.forget();
        try {
          return await lifecycle.wipe(input.sessionId, { attempt: input.attempt });
        } catch (error) {
          // Kinds and counts only: a path could name a resident's file.
          log(`wipe attempt ${input.attempt} failed: ${messageOf(error)}`, 'err');
          throw error;
        }
      }),
      verifySecret: fromPromise(async ({ input }) => verifyStaffSecret(config, input)),
      preparePrint: fromPromise(async ({ input }) => {
        memory.pendingPrint = await printPdfOf(input.target);
        return { pages: await countPdfPages(memory.pendingPrint) };
      }),
      printJob: fromCallback<CabineEvent, { target: PrintTarget; copies: number }>(({ sendBack, input }) => {
        const printer = devices.printer;
        const abort = new AbortController();
        memory.printAbort = abort;
        // Whether CUPS ever got the job: if not, the printer holds nothing of it (no agent needed after the session).
        let submitted = false;
        void (async () => {
          try {
            if (!printer) throw new PrinterFault('no-printer');
            const pdf = memory.pendingPrint ?? (await printPdfOf(input.target));
            const result = await printer.print(pdf, {
              copies: input.copies,
              signal: abort.signal,
              onSubmitted: (jobId) => {
                submitted = true;
                memory.claimed?.recordPrintJob(jobId);
                // From now on sheets may come out: a crash must not forget them.
                memory.printAtCups = true;
                sfx.printerCheckChanged?.();
              },
              onProgress: (pagesDone) => sendBack({ type: 'PRINT_PROGRESS', pagesDone }),
            });
            memory.printAtCups = false;
            sendBack({ type: 'PRINT_DONE', pages: result.pages });
          } catch (error) {
            // The machine keeps the check (noteJobLeft) from here; the mark stays until its snapshot says so.
            memory.printAtCups = false;
            if (abort.signal.aborted) return;
            const fault = printFaultOf(error);
            log(`print failed: ${fault}`, 'warning');
            sendBack({ type: 'PRINT_FAILED', fault, jobSubmitted: submitted });
          }
        })();
        return () => abort.abort(new Error('print flow left'));
      }),
      scanPage: fromPromise(async ({ input }) => {
        if (!devices.scanner) throw new ScannerFault('no-scanner');
        memory.scan ??= devices.scanner.startDocument(memory.needSession().filesDir, input.layout);
        const r = input.retake ? await memory.scan.retakeLastPage() : await memory.scan.scanPage();
        memory.scanPreviews = [...memory.scanPreviews.slice(0, r.pages - 1), r.previewPng];
        return { pages: r.pages };
      }),
      finishScan: fromPromise(async () => {
        if (!memory.scan) throw new ScannerFault('unknown', 'no scan in progress');
        const session = memory.needSession();
        const done = await memory.scan.finish();
        memory.scan = null;
        memory.scanPreviews = [];
        const n = session.documents.counts().scans + 1;
        // The label is the French fallback (and the name on disk's side); the screens show scanNumber in the resident's language.
        const doc = await session.documents.add({
          kind: 'scan',
          label: `Document scanné ${n}`,
          scanNumber: n,
          mime: 'application/pdf',
          pages: done.pages,
          path: done.path,
          images: done.images,
        });
        return { documentId: doc.id };
      }),
      setFiles: fromPromise(async ({ input }) => {
        const session = memory.needSession();
        const paths = input.documentIds.flatMap((id) => {
          const doc = session.documents.get(id);
          if (!doc) throw new Error('unknown document');
          // An input that takes images only gets a scan's pages as the scanner's JPEGs: all of them if it takes
          // several files, else the first (the picker says so). The engine checks each file against accept again.
          if (sendAs({ mime: doc.mime, name: doc.path, jpegImages: doc.images?.length }, input.accept) === 'jpeg' && doc.images)
            return input.multiple ? doc.images : doc.images.slice(0, 1);
          return [doc.path];
        });
        if (!memory.view) throw new Error('no démarche page');
        await memory.view.setFiles(paths);
      }),
      testPrint: fromPromise(async () => {
        if (!devices.printer) throw new PrinterFault('no-printer');
        await devices.printer.printTestPage();
      }),
      testScan: fromPromise(async () => {
        if (!devices.scanner) throw new ScannerFault('no-scanner');
        const dir = await mkdtemp(path.join(sfx.scratchDir ?? tmpdir(), 'cabine-test-scan-'));
        try {
          const doc = devices.scanner.startDocument(dir);
          const page = await doc.scanPage();
          memory.maintenancePreview = page.previewPng;
          await doc.discard();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      // The agent's panel (issue 15): the grant lives in the session's browser (the engine's DemarcheHost), so it
      // dies with the session's wipe. Not granted (no view, a host that may not be): the page stays refused.
      openSiteForSession: fromPromise(async ({ input }) => {
        if (!memory.view) throw new Error('no démarche view');
        if (!(await memory.view.allowHostForSession(input.host))) throw new Error('the engine refused the host');
      }),
      visioCall: visioCallActor({ config, memory, notifyReferent: sfx.notifyReferent, shareSource: sfx.shareSource, log }),
      callReferent: fromPromise(async ({ signal }) => {
        try {
          if (!sfx.notifyReferent) throw new Error('no call route configured');
          await sfx.notifyReferent(signal);
        } catch (error) {
          log(`referent call not acknowledged: ${messageOf(error)}`, 'warning');
          throw error;
        }
      }),
    },
    actions: {
      openDemarche: ({ context }) => {
        const session = memory.claimed;
        if (!session || !context.demarcheId) return;
        const spec = demarcheSpec(context.demarcheId, context.demarcheStartId, context.assisted);
        void session
          .open(spec)
          .then((opened) => {
            if (memory.claimed !== session) return void opened.close();
            memory.view = opened;
            memory.viewNotices = opened.on((n) => void onNotice(n).catch((e) => log(`notice ${n.type}: ${String(e)}`)));
            // At the resident's text size, which may have changed while no démarche was open. A zoom that fails is
            // logged: the démarche is open all the same.
            void Promise.resolve(memory.zoom)
              .then((zoom) => opened.setZoom(zoom))
              .catch((e) => log(`zoom: ${String(e)}`));
          })
          .catch((error) => {
            log(`démarche did not open: ${messageOf(error)}`, 'warning');
            send({ type: 'NETWORK_DOWN' });
          });
      },
      closeDemarche: () => void memory.closeView(),
      reloadDemarche: () => void memory.view?.reload().catch(() => send({ type: 'NETWORK_DOWN' })),
      backInDemarche: () => void memory.view?.goBack().catch((error: unknown) => log(`back in the démarche: ${messageOf(error)}`)),
      cancelFileChooser: () => void memory.view?.cancelFileChooser().catch(() => undefined),
      discardScan: () => {
        const s = memory.scan;
        memory.scan = null;
        memory.scanPreviews = [];
        void s?.discard().catch(() => undefined);
      },
      ...(sfx.recorderActions ?? {}),
    },
  });
}
