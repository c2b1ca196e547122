// How CUPS's view of a printer (IPP printer-state, printer-state-reasons) and of a job (job-state) becomes
// one of the session's PrintFault codes, and the sentence a technician reads in the logs / diagnostics.
// The resident-facing sentences live in the renderer's locale files.
import type { PrintFault } from '../../shared/session/types';

export const PRINT_FAULT_MESSAGES_FR: Record<PrintFault, string> = {
  'paper-jam': "Bourrage papier dans l'imprimante.",
  'out-of-paper': "L'imprimante n'a plus de papier.",
  offline: "L'imprimante est hors ligne, éteinte ou arrêtée dans CUPS.",
  'door-open': "Une porte ou un capot de l'imprimante est ouvert.",
  'toner-low': 'Toner ou encre presque épuisé (ou épuisé).',
  'job-aborted': "CUPS a abandonné l'impression (erreur du pilote ou de l'imprimante).",
  'page-limit': 'Limite de pages de la session atteinte.',
  'no-printer': "File d'impression introuvable ou CUPS injoignable.",
  unknown: "Erreur inconnue de l'imprimante.",
};

export type PrinterState = 'idle' | 'printing' | 'stopped';

/** IPP printer-state enum (3 idle, 4 processing, 5 stopped): the number the IPP codec decodes, or its keyword. */
export function printerStateOf(value: unknown): PrinterState {
  if (value === 'idle' || value === 3) return 'idle';
  if (value === 'processing' || value === 4) return 'printing';
  return 'stopped';
}

/** Reasons in order of what the resident or referent must fix first. */
const REASON_FAULTS: [RegExp, PrintFault][] = [
  [/^(media-jam|jam)$/, 'paper-jam'],
  [/^(door-open|cover-open|interlock-open)$/, 'door-open'],
  [/^(media-empty|media-needed|input-tray-missing)$/, 'out-of-paper'],
  [/^(offline|shutdown|connecting-to-device|timed-out|paused|stopped-partly|stopping)$/, 'offline'],
  [/^(toner-empty|toner-low|marker-supply-empty|marker-supply-low|developer-low|developer-empty|marker-waste-full)$/, 'toner-low'],
];

export interface ParsedReason {
  keyword: string;
  severity: 'error' | 'warning' | 'report';
}

/** Splits "media-jam-error" into keyword and severity. Reasons without a suffix are errors (RFC 8011 §5.4.12). */
export function parseReason(reason: string): ParsedReason {
  const m = /^(.*)-(error|warning|report)$/.exec(reason);
  return m ? { keyword: m[1]!, severity: m[2] as ParsedReason['severity'] } : { keyword: reason, severity: 'error' };
}

/** The fault a reason names, if any. */
export function faultOfReason(reason: string): PrintFault | null {
  const { keyword } = parseReason(reason);
  for (const [pattern, fault] of REASON_FAULTS) if (pattern.test(keyword)) return fault;
  return null;
}

/**
 * The fault the printer is in, from its state and reasons:
 * - stopped: the most important mapped reason, whatever its severity ("offline-report" stops a queue too),
 *   and 'offline' when the reasons say nothing we know (a queue paused by hand);
 * - otherwise: only an error-level reason counts; a warning such as toner-low is reported but does not stop printing.
 */
export function printerFault(state: PrinterState, reasons: readonly string[]): PrintFault | null {
  const relevant = reasons.filter((r) => r !== 'none');
  const ranked = (filter: (r: ParsedReason) => boolean): PrintFault | null => {
    const faults = relevant.filter((r) => filter(parseReason(r))).map(faultOfReason);
    for (const [, fault] of REASON_FAULTS) if (faults.includes(fault)) return fault;
    return null;
  };
  if (state === 'stopped') {
    const f = ranked(() => true);
    // Toner alone never stopped a printer: the queue was stopped for another reason.
    return f && f !== 'toner-low' ? f : 'offline';
  }
  return ranked((r) => r.severity === 'error') ?? (ranked((r) => r.severity === 'warning') === 'toner-low' ? 'toner-low' : null);
}

/** A printer fault that stops a job from printing (toner-low does not). */
export const blocksPrinting = (fault: PrintFault | null): boolean => fault !== null && fault !== 'toner-low';

export type JobState = 'pending' | 'held' | 'processing' | 'stopped' | 'canceled' | 'aborted' | 'completed';

/** IPP job-state enum (3..9), decoded or numeric. */
export function jobStateOf(value: unknown): JobState {
  const byNumber: Record<number, JobState> = { 3: 'pending', 4: 'held', 5: 'processing', 6: 'stopped', 7: 'canceled', 8: 'aborted', 9: 'completed' };
  if (typeof value === 'number') return byNumber[value] ?? 'aborted';
  switch (value) {
    case 'pending':
      return 'pending';
    case 'pending-held':
      return 'held';
    case 'processing':
      return 'processing';
    case 'processing-stopped':
      return 'stopped';
    case 'canceled':
      return 'canceled';
    case 'completed':
      return 'completed';
    default:
      return 'aborted';
  }
}

export const isTerminal = (s: JobState): boolean => s === 'canceled' || s === 'aborted' || s === 'completed';

/** IPP status codes that mean "there is no such queue" or "it takes no jobs". */
export function faultOfIppStatus(status: string): PrintFault {
  if (status === 'client-error-not-found' || status === 'client-error-gone') return 'no-printer';
  if (status === 'server-error-not-accepting-jobs' || status === 'server-error-service-unavailable') return 'offline';
  return 'unknown';
}
