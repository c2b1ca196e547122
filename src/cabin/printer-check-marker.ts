// « Imprimante à vérifier » must outlive the cabin's process: a kill -9 or a power cut while sheets of a
// resident's job are inside the printer would otherwise forget it, and the next person would get them once
// paper is back. A file in the state directory (counts-only place, never personal: it says "look at the
// printer", nothing of the job) is there while a job is at CUPS or stopped half-way, and until an agent's
// code clears the check. The boot reads it; reading it wrongly fails closed (the agent is asked).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../base/errors';

export const PRINTER_CHECK_FILE = 'printer-to-check';

export interface PrinterCheckMarker {
  /** Whether a previous run left the printer to check (unreadable: yes). */
  isSet(): boolean;
  /** Says it (idempotent); the write is synchronous so a crash right after still finds it. */
  set(): void;
  clear(): void;
}

export function printerCheckMarker(stateDir: string, log: (message: string) => void = () => {}): PrinterCheckMarker {
  const file = path.join(stateDir, PRINTER_CHECK_FILE);
  return {
    isSet() {
      try {
        readFileSync(file);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        log(`printer check marker unreadable, the printer will be checked: ${messageOf(e)}`);
        return true;
      }
    },
    set() {
      try {
        mkdirSync(stateDir, { recursive: true, mode: 0o700 });
        writeFileSync(file, 'an agent looks at the printer before the next session\n', { mode: 0o600, flush: true });
      } catch (e) {
        log(`printer check marker not written: ${messageOf(e)}`);
      }
    },
    clear() {
      try {
        rmSync(file, { force: true });
      } catch (e) {
        log(`printer check marker not removed: ${messageOf(e)}`);
      }
    },
  };
}

/**
 * Keeps the marker equal to what the cabin knows: set while a job is at CUPS or the machine says the printer is
 * to check, cleared otherwise. Writes only on a change.
 */
export function printerCheckSync(marker: PrinterCheckMarker): (wanted: boolean) => void {
  let written: boolean | null = null;
  return (wanted) => {
    if (wanted === written) return;
    if (wanted) marker.set();
    else marker.clear();
    written = wanted;
  };
}
