// The printer driver: prints a PDF on a CUPS queue over IPP, follows the job to its end, reports the
// printer's state and purges a session's jobs so that CUPS keeps nothing of them.
// Long file: one closure per printer over its IPP client; print, follow, state and purge share the queue and the jobs.
import { userInfo } from 'node:os';
import { sleep } from '../../base/async';
import { DeviceFault, isFaultOf, PrinterFault, type PrintFault } from '../../shared/session/types';
import type { DeviceDriver } from '../driver';
import { countPdfPages } from '../pdf';
import {
  blocksPrinting,
  faultOfIppStatus,
  faultOfReason,
  jobStateOf,
  printerFault,
  printerStateOf,
  PRINT_FAULT_MESSAGES_FR,
  type JobState,
  type PrinterState,
} from './faults';
import { IppCodecError } from './ipp';
import { IppClient, IppConnectionError, IppError, keywords, resolveServer } from './ipp-client';
import { pagesInRanges, parsePageRanges, type PageRange } from './page-ranges';
import { DEFAULT_SPOOL_DIR, spoolFilesOf } from './spool';
import { testPagePdf } from './test-page';

export interface PrinterOptions {
  /** CUPS queue name. */
  queue: string;
  /** Unix socket path or host[:port]; default: CUPS_SERVER, else the system's cupsd. */
  server?: string;
  /** CUPS's RequestRoot, read to verify purges (default /var/spool/cups; skipped when unreadable). */
  spoolDir?: string;
  /** Job follow-up: first and longest interval between two looks at the job, in ms (default 5 and 500). */
  pollMs?: { first: number; max: number };
  /** How long an error reason (jam, no paper, door) may last on a printer CUPS has not stopped before the job is given up (default 3 s). */
  faultGraceMs?: number;
  /** Same for "offline / connecting" on a running queue, which network printers show briefly at each job (default 20 s). */
  offlineGraceMs?: number;
  /** Longest a job may take from submission to completion (default 10 min). */
  jobTimeoutMs?: number;
  /** Purge each job from CUPS's history as soon as it has completed (default true). */
  purgeOnCompletion?: boolean;
  /** How long purge() waits for CUPS to let go of jobs whose processes are still exiting (default 5 s). */
  purgeWaitMs?: number;
}

export interface PrintOptions {
  copies?: number;
  /** "1-3,5": pages to print (all by default). */
  pageRanges?: string;
  /** Called once CUPS has accepted the job, with its id (so a session can purge it even if it never ends). */
  onSubmitted?: (jobId: number) => void;
  /** Called when CUPS reports more pages (impressions, copies included) done. */
  onProgress?: (pagesDone: number) => void;
  /** Aborting cancels and purges the job; print() then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface PrinterStatus {
  state: PrinterState;
  /** IPP printer-state-reasons ("none" left out). */
  reasons: string[];
  fault: PrintFault | null;
  accepting: boolean;
}

export interface PurgeResult {
  /** Jobs CUPS still knew (pending, printing, or in its history) and has now cancelled and forgotten. */
  purged: number;
  /**
   * Spool files of those jobs still there after the purge (empty when none, or when the spool is unreadable).
   * For 'all', the files of the jobs this queue listed.
   */
  remainingFiles: string[];
  /** Whether the spool directory could be read to check. */
  spoolChecked: boolean;
  /** Jobs CUPS still lists after the purge (should be none). */
  remainingJobs: number[];
}

/** What the technician's diagnostics show of the printer ('injoignable' when CUPS does not answer). */
export interface PrinterDiagnostics {
  queue: string;
  state: PrinterState | 'injoignable';
  reasons: string[];
}

/** presence(): 'present' when the queue accepts jobs or is not stopped; stop() closes the connections to CUPS. */
export interface Printer extends DeviceDriver<'printer', Promise<PrinterDiagnostics>> {
  readonly queue: string;
  /** Prints and resolves when CUPS reports the job completed; rejects with a PrinterFault. */
  print(pdf: Uint8Array, opts?: PrintOptions): Promise<{ jobId: number; pages: number }>;
  status(): Promise<PrinterStatus>;
  /** Cancels and purges the given jobs (the session's), or every job of the queue, then checks CUPS holds nothing of them. */
  purge(jobIds: number[] | 'all'): Promise<PurgeResult>;
  /** Prints Cabine's one-page test sheet and waits for it like print(). */
  printTestPage(): Promise<{ jobId: number; pages: number }>;
  /**
   * The technician's "the printer is fixed": forgets the reasons the last backend left, restarts a queue CUPS
   * stopped and makes it accept jobs again. Needs CUPS admin rights (see build/linux/cups).
   */
  resume(): Promise<void>;
  /** Closes the kept-alive connections to CUPS. */
  close(): void;
}

/** Job name and user for every job: never a document title (cups-pdf and CUPS logs would keep it). */
export const NEUTRAL_JOB_NAME = 'cabine';
/**
 * Jobs belong to the Unix account the app runs as ("cabine" on a cabin), never to a made-up name: CUPS looks the
 * owner up among the accounts, and Debian's cupsd 2.4.2-3+deb12u10 crashes on an owner check for a name that has
 * no account (docs/printing.md, "A request that crashed CUPS").
 */
export const REQUESTING_USER = processAccount();

function processAccount(): string {
  try {
    return userInfo().username;
  } catch {
    // A uid without a passwd entry (some containers): the kiosk's name, as a cabin's setup creates it.
    return 'cabine';
  }
}

const fault = (code: PrintFault, detail?: string): PrinterFault =>
  new PrinterFault(code, detail ? `${PRINT_FAULT_MESSAGES_FR[code]} (${detail})` : PRINT_FAULT_MESSAGES_FR[code]);

/** What a technician reads when CUPS cannot be talked to: a server that stopped is told apart from one that is slow. */
export function connectionProblem(error: IppConnectionError): string {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return `CUPS s’est arrêté pendant la demande (${error.code}) : voir « journalctl -u cups », puis « systemctl restart cups »`;
    case 'ECONNREFUSED':
    case 'ENOENT':
      return `CUPS s’est arrêté ou ne tourne pas (${error.code}) : « systemctl restart cups »`;
    case 'ETIMEDOUT':
      return 'CUPS ne répond plus (délai dépassé)';
    default:
      return `CUPS injoignable : ${error.code ?? error.message}`;
  }
}

/** Turns transport and IPP errors into the fault a caller can act on. */
function asFault(error: unknown): unknown {
  if (error instanceof DeviceFault) return error;
  if (error instanceof IppConnectionError) return fault('no-printer', connectionProblem(error));
  if (error instanceof IppError) return fault(faultOfIppStatus(error.status), error.message);
  // A malformed answer (truncated, wrong lengths): the printer cannot be trusted for this request.
  if (error instanceof IppCodecError) return fault('unknown', `réponse de CUPS illisible : ${error.message}`);
  return error;
}

const PRINTER_ATTRIBUTES = ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs'];
const JOB_ATTRIBUTES = ['job-state', 'job-state-reasons', 'job-impressions-completed'];

export function createPrinter(opts: PrinterOptions): Printer {
  const client = new IppClient(resolveServer(opts.server));
  const printerUri = client.printerUri(opts.queue);
  const printerPath = `/printers/${encodeURIComponent(opts.queue)}`;
  const spoolDir = opts.spoolDir ?? DEFAULT_SPOOL_DIR;
  const poll = opts.pollMs ?? { first: 5, max: 500 };
  const faultGraceMs = opts.faultGraceMs ?? 3_000;
  const offlineGraceMs = opts.offlineGraceMs ?? 20_000;
  const jobTimeoutMs = opts.jobTimeoutMs ?? 10 * 60_000;
  const purgeOnCompletion = opts.purgeOnCompletion ?? true;
  const purgeWaitMs = opts.purgeWaitMs ?? 5_000;

  const rawStatus = async (): Promise<PrinterStatus> => {
    const res = await client.request('Get-Printer-Attributes', printerPath, { 'printer-uri': printerUri, 'requested-attributes': PRINTER_ATTRIBUTES });
    const p = res.printers[0] ?? {};
    const state = printerStateOf(p['printer-state']);
    const reasons = keywords(p['printer-state-reasons']).filter((r) => r !== 'none');
    return { state, reasons, fault: printerFault(state, reasons), accepting: p['printer-is-accepting-jobs'] !== false };
  };

  const jobAttributes = async (jobId: number): Promise<{ state: JobState; reasons: string[]; impressions: number }> => {
    const res = await client.request('Get-Job-Attributes', '/jobs/', {
      'printer-uri': printerUri,
      'job-id': jobId,
      'requesting-user-name': REQUESTING_USER,
      'requested-attributes': JOB_ATTRIBUTES,
    });
    const j = res.jobs[0] ?? {};
    const impressions = j['job-impressions-completed'];
    return { state: jobStateOf(j['job-state']), reasons: keywords(j['job-state-reasons']), impressions: typeof impressions === 'number' ? impressions : 0 };
  };

  /**
   * Cancel-Job with CUPS's purge-job: the job stops and its files and history go at once.
   * Authenticated by the process's uid on the local socket, never by the claimed requesting-user-name alone:
   * Debian's cupsd 2.4.2-3+deb12u10 dereferences the account of that name without checking it exists when a
   * policy says "Require user @OWNER", and dies (docs/printing.md, "A request that crashed CUPS").
   */
  const cancelAndPurge = async (jobId: number): Promise<boolean> => {
    try {
      await client.request(
        'Cancel-Job',
        '/jobs/',
        { 'printer-uri': printerUri, 'job-id': jobId, 'requesting-user-name': REQUESTING_USER, 'purge-job': true },
        { authenticate: true },
      );
      return true;
    } catch (error) {
      if (error instanceof IppError && (error.status === 'client-error-not-found' || error.status === 'client-error-gone')) return false;
      throw error;
    }
  };

  /** Jobs of this queue CUPS still knows, finished ones included. */
  const listJobIds = async (): Promise<number[]> => {
    const res = await client.request('Get-Jobs', printerPath, {
      'printer-uri': printerUri,
      'which-jobs': 'all',
      'requested-attributes': ['job-id'],
    });
    return res.jobs.map((j) => j['job-id']).filter((id): id is number => typeof id === 'number');
  };

  /** Follows a job to its end; rejects with the fault that stopped it (after cancelling and purging it). */
  const follow = async (jobId: number, expectedPages: number | null, staleReasons: ReadonlySet<string>, options: PrintOptions): Promise<number> => {
    const started = Date.now();
    let delay = poll.first;
    let reported = 0;
    /** The blocking fault a running printer shows, and since when (it must last to count). */
    const seen: { fault: PrintFault | null; since: number } = { fault: null, since: 0 };
    const giveUp = async (code: PrintFault, detail?: string): Promise<never> => {
      await cancelAndPurge(jobId).catch(() => undefined);
      throw fault(code, detail);
    };
    for (;;) {
      await sleep(delay, options.signal);
      // Look again after a tenth of the time spent so far: the end is noticed at most ~10 % late,
      // and a long job costs CUPS two requests per poll.max.
      delay = Math.min(poll.max, Math.max(poll.first, (Date.now() - started) / 10));
      const [job, printer] = await Promise.all([jobAttributes(jobId), rawStatus()]);
      if (job.impressions > reported) {
        reported = job.impressions;
        options.onProgress?.(reported);
      }
      switch (job.state) {
        case 'completed': {
          // CUPS keeps a finished job's attributes (title included) in its spool for PreserveJobHistory:
          // forget it now rather than at the end of the session.
          if (purgeOnCompletion) await cancelAndPurge(jobId).catch(() => undefined);
          const pages = Math.max(job.impressions, expectedPages ?? 0);
          if (pages > reported) options.onProgress?.(pages);
          return pages;
        }
        case 'aborted':
          // The printer's own reason says more than "aborted" when there is one (e.g. the backend gave up on an offline printer).
          return giveUp(blocksPrinting(printer.fault) ? printer.fault! : 'job-aborted', job.reasons.join(','));
        case 'canceled':
          return giveUp('job-aborted', `annulée hors de Cabine (${job.reasons.join(',')})`);
        default:
          break;
      }
      if (printer.state === 'stopped') return giveUp(printer.fault ?? 'offline', printer.reasons.join(','));
      if (printer.fault && blocksPrinting(printer.fault)) {
        const now = Date.now();
        if (seen.fault !== printer.fault) Object.assign(seen, { fault: printer.fault, since: now });
        // A reason that was already there before this job may be a leftover of a cancelled one (nothing clears
        // it but a backend): give the backend the long grace to clear it before believing it.
        const fresh = printer.reasons.some((r) => faultOfReason(r) === printer.fault && !staleReasons.has(r));
        const grace = printer.fault === 'offline' || !fresh ? offlineGraceMs : faultGraceMs;
        if (now - seen.since >= grace) return giveUp(printer.fault, printer.reasons.join(','));
        delay = Math.min(delay, 250);
      } else seen.fault = null;
      if (Date.now() - started > jobTimeoutMs) return giveUp('unknown', `travail non terminé après ${jobTimeoutMs} ms`);
    }
  };

  const print = async (pdf: Uint8Array, options: PrintOptions = {}): Promise<{ jobId: number; pages: number }> => {
    const copies = options.copies ?? 1;
    if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new RangeError(`copies must be 1..99, not ${copies}`);
    const ranges: PageRange[] | null = options.pageRanges ? parsePageRanges(options.pageRanges) : null;
    options.signal?.throwIfAborted();
    try {
      // A printer CUPS has stopped would only queue the document: say so before sending it anywhere.
      // The page count runs meanwhile; a PDF pdf-lib cannot read may still print (CUPS's filters are more lenient).
      const [printer, pageCount] = await Promise.all([rawStatus(), countPdfPages(pdf).catch(() => null)]);
      if (printer.state === 'stopped') throw fault(printer.fault ?? 'offline', printer.reasons.join(','));
      if (!printer.accepting) throw fault('offline', 'la file refuse les travaux');
      if (pageCount !== null && ranges && pagesInRanges(ranges, pageCount) === 0) throw new RangeError('the page range selects no page of this document');
      const job: Record<string, number | PageRange[]> = {};
      if (copies > 1) job['copies'] = copies;
      if (ranges) job['page-ranges'] = ranges;
      const res = await client.request(
        'Print-Job',
        printerPath,
        {
          'printer-uri': printerUri,
          'requesting-user-name': REQUESTING_USER,
          'job-name': NEUTRAL_JOB_NAME,
          'document-format': 'application/pdf',
        },
        { job, data: pdf },
      );
      const jobId = res.jobs[0]?.['job-id'];
      if (typeof jobId !== 'number') throw fault('unknown', 'CUPS n’a pas donné de numéro de travail');
      options.onSubmitted?.(jobId);
      const expected = pageCount === null ? null : pagesInRanges(ranges, pageCount) * copies;
      try {
        const pages = await follow(jobId, expected, new Set(printer.reasons), options);
        return { jobId, pages };
      } catch (error) {
        if (options.signal?.aborted) await cancelAndPurge(jobId).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw asFault(error);
    }
  };

  const status = async (): Promise<PrinterStatus> => {
    try {
      return await rawStatus();
    } catch (error) {
      const f = asFault(error);
      // No queue or no CUPS is a state to show, not an error of the caller's.
      if (isFaultOf(f, 'printer') && f.fault === 'no-printer') return { state: 'stopped', reasons: [f.message], fault: 'no-printer', accepting: false };
      throw f;
    }
  };

  return {
    kind: 'printer',
    queue: opts.queue,
    start: async () => {},
    stop: async () => client.close(),
    watch: () => () => {},
    presence: () =>
      status().then(
        (s) => (s.accepting || s.state !== 'stopped' ? 'present' : 'absent'),
        () => 'absent',
      ),
    async diagnostics() {
      const s = await status().catch(() => null);
      return { queue: opts.queue, state: s?.state ?? 'injoignable', reasons: s?.reasons ?? [] };
    },
    print,
    status,
    async purge(jobIds) {
      try {
        const all = jobIds === 'all';
        const known = await listJobIds();
        // For 'all': every job this queue has, finished ones included (their history holds titles).
        const targets = all ? known : [...new Set(jobIds)];
        const purged = targets.filter((id) => known.includes(id)).length;
        const send = async (ids: number[]): Promise<void> => {
          // Purge-Jobs with CUPS's purge-jobs=true cancels everything and forgets the history in one request.
          if (all)
            await client.request(
              'Purge-Jobs',
              printerPath,
              { 'printer-uri': printerUri, 'requesting-user-name': REQUESTING_USER, 'purge-jobs': true },
              { authenticate: true },
            );
          else for (const id of ids) await cancelAndPurge(id);
        };
        await send(targets.filter((id) => all || known.includes(id)));
        // A job whose filters or backend are still running stays listed (canceled) until they exit, and CUPS
        // unlinks its files then: wait for that, asking again if needed.
        const deadline = Date.now() + purgeWaitMs;
        let remainingJobs: number[];
        let remainingFiles: string[] | null;
        for (;;) {
          const listed = await listJobIds();
          remainingJobs = all ? listed : listed.filter((id) => targets.includes(id));
          remainingFiles = await spoolFilesOf(spoolDir, [...new Set([...targets, ...remainingJobs])]);
          if ((remainingJobs.length === 0 && !remainingFiles?.length) || Date.now() > deadline) break;
          await sleep(50);
          if (remainingJobs.length) await send(remainingJobs);
        }
        return { purged, remainingFiles: remainingFiles ?? [], spoolChecked: remainingFiles !== null, remainingJobs };
      } catch (error) {
        throw asFault(error);
      }
    },
    async printTestPage() {
      return print(await testPagePdf({ queue: opts.queue }));
    },
    async resume() {
      try {
        // The reasons a backend reported stay on the queue until a backend clears them, even once the printer
        // is fixed: the technician's word clears them (CUPS-Add-Modify-Printer accepts printer-state-reasons).
        const admin = { 'printer-uri': printerUri, 'requesting-user-name': REQUESTING_USER };
        await client.request('CUPS-Add-Modify-Printer', '/admin/', admin, { printer: { 'printer-state-reasons': 'none' }, authenticate: true });
        await client.request('Resume-Printer', '/admin/', admin, { authenticate: true });
        await client.request('CUPS-Accept-Jobs', '/admin/', admin, { authenticate: true });
      } catch (error) {
        throw asFault(error);
      }
    },
    close: () => client.close(),
  };
}

/** Queues of a CUPS server, for the technician. */
export async function listQueues(server?: string): Promise<{ name: string; state: PrinterState; uri: string; reasons: string[] }[]> {
  const client = new IppClient(resolveServer(server));
  try {
    const res = await client.request('CUPS-Get-Printers', '/', {
      'requested-attributes': ['printer-name', 'printer-state', 'printer-state-reasons', 'device-uri', 'printer-uri-supported'],
    });
    return res.printers.map((p) => ({
      name: String(p['printer-name'] ?? ''),
      state: printerStateOf(p['printer-state']),
      uri: String(p['device-uri'] ?? keywords(p['printer-uri-supported'])[0] ?? ''),
      reasons: keywords(p['printer-state-reasons']).filter((r) => r !== 'none'),
    }));
  } catch (error) {
    // CUPS answers not-found when it has no queue at all.
    if (error instanceof IppError && error.status === 'client-error-not-found') return [];
    throw asFault(error);
  } finally {
    client.close();
  }
}
