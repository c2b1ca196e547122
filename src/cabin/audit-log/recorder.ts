// Connects the session machine to the audit log and the metrics. The runtime provides these
// as the machine's named actions and feeds the recorder every snapshot:
//
//   const recorder = createSessionRecorder({ audit, metrics });
//   const actor = createActor(cabineMachine.provide({ actions: { ...recorder.actions, … } }), …);
//   actor.subscribe((snapshot) => recorder.observe(snapshot));
//
// Each record is built here, field by field, from ids, counts, reasons and timestamps of the
// context; nothing else of the context or of the events is ever read into it.
// A failure to write (disk full…) is reported to onError and never stops the machine: a
// resident's session must end and be wiped whether or not the log could be written.
import type { CabineContext } from '../../shared/session/machine';
import type { AgentAction, DeviceKind, WipeReceipt } from '../../shared/session/types';
import type { CabineMetrics } from '../metrics/metrics';
import type { AuditLog } from './log';
import type { RecordFields } from './records';

export interface SessionRecorderOptions {
  audit?: AuditLog;
  metrics?: CabineMetrics;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** The slice of the machine's context the recorder reads. */
export type RecordedContext = Pick<
  CabineContext,
  'startedAt' | 'demarcheId' | 'assisted' | 'endingReason' | 'outOfService' | 'wipeAttempts' | 'counts' | 'devices' | 'print' | 'scan'
>;

type ActionArgs = { context: RecordedContext; event: unknown };
/** An xstate snapshot of the machine (its `value` tells whether the cabin is out of service). */
export interface ObservedSnapshot {
  context: RecordedContext;
  value?: unknown;
}

const isOutOfService = (value: unknown) => !!value && typeof value === 'object' && (value as { cabin?: unknown }).cabin === 'outOfService';

export interface SessionRecorder {
  /** The machine's named actions, to pass to `provide({ actions })`. */
  actions: {
    recordSessionStart: (args: ActionArgs) => void;
    recordSessionEnd: (args: ActionArgs) => void;
    recordWipe: (args: ActionArgs, params: { ok: boolean }) => void;
    recordOutOfService: (args: ActionArgs) => void;
    recordAgentAction: (args: ActionArgs, params: { action: AgentAction }) => void;
  };
  /** Call with every snapshot: démarches opened, device faults and presence, pages, out of service. */
  observe(snapshot: ObservedSnapshot): void;
  /** Démarches opened in the current session (for tests and the end record). */
  readonly demarchesOpened: readonly string[];
}

function receiptOf(event: unknown): WipeReceipt | null {
  if (!event || typeof event !== 'object' || !('output' in event)) return null;
  const output = (event as { output: unknown }).output;
  return output && typeof output === 'object' && 'durationMs' in output ? (output as WipeReceipt) : null;
}

const int = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : 0);

export function createSessionRecorder(options: SessionRecorderOptions): SessionRecorder {
  const now = options.now ?? Date.now;
  const report = options.onError ?? ((error: unknown) => console.error('cabine: audit log:', error instanceof Error ? error.message : error));
  const safely = (what: () => void) => {
    try {
      what();
    } catch (error) {
      report(error);
    }
  };
  let demarches: string[] = [];
  let pagesCounted = 0;
  let lastFaults: { printer: string | null; scanner: string | null } = { printer: null, scanner: null };
  let lastDevices: Partial<Record<DeviceKind, string>> = {};
  let outOfService = false;

  const notePages = (pagesPrinted: number) => {
    // counts start over at each session: count what is new since last seen.
    if (pagesPrinted < pagesCounted) pagesCounted = 0;
    if (pagesPrinted > pagesCounted) options.metrics?.pagesPrinted(pagesPrinted - pagesCounted);
    pagesCounted = pagesPrinted;
  };

  const fault = (device: 'printer' | 'scanner', code: string | null) => {
    if (code !== null && code !== lastFaults[device]) {
      safely(() => options.audit?.deviceFault({ device, fault: code as RecordFields<'device-fault'>['fault'] }));
    }
    lastFaults = { ...lastFaults, [device]: code };
  };

  const recorder: SessionRecorder = {
    actions: {
      recordSessionStart: ({ context }) => {
        demarches = [];
        pagesCounted = 0;
        if (outOfService) {
          outOfService = false;
          options.metrics?.outOfService(false);
        }
        safely(() => options.audit?.sessionStart({ assisted: context.assisted === true }));
      },
      recordSessionEnd: ({ context }) => {
        recorder.observe({ context });
        const c = context.counts;
        const ending = context.endingReason ?? 'resident';
        const fields: RecordFields<'session-end'> = {
          demarches: [...demarches],
          durationS: context.startedAt ? Math.max(0, Math.round((now() - context.startedAt) / 1000)) : 0,
          ending,
          assisted: context.assisted === true,
          pagesPrinted: int(c.pagesPrinted),
          printJobs: int(c.printJobs),
          pagesScanned: int(c.pagesScanned),
          scans: int(c.scans),
          downloads: int(c.downloads),
        };
        safely(() => options.audit?.sessionEnd(fields));
        safely(() => options.metrics?.sessionEnded(fields.demarches, ending));
        demarches = [];
      },
      recordWipe: ({ context, event }, params) => {
        const receipt = params.ok ? receiptOf(event) : null;
        const fields: RecordFields<'wipe'> = {
          ok: params.ok,
          attempt: Math.max(1, int(context.wipeAttempts)),
          durationMs: receipt ? int(receipt.durationMs) : null,
          files: receipt ? int(receipt.files) : null,
          bytes: receipt ? int(receipt.bytes) : null,
        };
        safely(() => options.audit?.wipe(fields));
        safely(() => options.metrics?.wipeFinished(params.ok, fields.durationMs));
      },
      recordOutOfService: ({ context }) => {
        outOfService = true;
        options.metrics?.outOfService(true);
        const reason = context.outOfService ?? 'boot-failed';
        safely(() => options.audit?.outOfService({ reason }));
      },
      /** One action of the agent's panel: `assisted action=… count=1`, nothing of what it was about. */
      recordAgentAction: (_args, params) => {
        safely(() => options.audit?.assisted({ action: params.action, count: 1 }));
        safely(() => options.metrics?.agentAction(params.action));
      },
    },

    observe({ context, value }) {
      safely(() => {
        if (context.demarcheId && !demarches.includes(context.demarcheId)) demarches.push(context.demarcheId);
        notePages(int(context.counts.pagesPrinted));
        fault('printer', context.print.fault);
        fault('scanner', context.scan.fault);
        for (const [device, presence] of Object.entries(context.devices) as [DeviceKind, string][]) {
          if (lastDevices[device] === presence) continue;
          if (presence === 'absent' && lastDevices[device] !== undefined) options.audit?.deviceFault({ device, fault: 'absent' });
          lastDevices = { ...lastDevices, [device]: presence };
          options.metrics?.deviceUp(device, presence === 'present' ? true : presence === 'absent' ? false : null);
        }
        if (value !== undefined && isOutOfService(value) !== outOfService) {
          outOfService = isOutOfService(value);
          options.metrics?.outOfService(outOfService);
        }
      });
    },

    get demarchesOpened() {
      return demarches;
    },
  };
  return recorder;
}
