// Watched places with rules of their own.
import type { WatchedRoot } from './verify';

/**
 * CUPS's spool (RequestRoot): its job files — cNNNNN (attributes, title, user) and dNNNNN-NNN
 * (a full copy of the document) — must not outlive the session; the printer driver's purge
 * removes them and the wipe checks. The spool's tmp/ holds the filters' scratch files: CUPS's
 * filter chain leaves a 1-byte file there per job (measured: one byte, 0x04, the PostScript
 * end-of-job), which says nothing and is left to CUPS; the residue audit still searches all of it.
 */
export function cupsSpoolWatch(spoolDir: string): WatchedRoot {
  return { path: spoolDir, select: (rel) => /^[cd]\d{5,}(-\d+)?$/.test(rel) };
}
