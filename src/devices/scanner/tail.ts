// Follows a file while another process writes it, handing each new piece to the caller: scanimage writes
// the page itself (never slowed by a reader the way a full pipe slows it), and the preview is built from
// the bytes as they land. The file is in the session's RAM folder, so plain synchronous reads of what
// was just written are page-cache copies: a poll costs microseconds, not a thread-pool round trip.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const POLL_MS = 10;
const CHUNK = 256 * 1024;

export interface FileTail {
  /** Reads what is left, then stops. Returns the number of bytes seen. */
  stop(): number;
}

export function tailFile(file: string, onData: (chunk: Uint8Array) => void): FileTail {
  let fd: number | null = null;
  let position = 0;
  let failed = false;
  const buffer = Buffer.alloc(CHUNK);

  const drain = (): void => {
    if (failed) return;
    try {
      if (fd === null) {
        // statSync without throwing: no exception objects while scanimage has not created the file yet.
        if (!statSync(file, { throwIfNoEntry: false })) return;
        fd = openSync(file, 'r');
      }
      for (;;) {
        const n = readSync(fd, buffer, 0, CHUNK, position);
        if (n === 0) return;
        position += n;
        onData(buffer.subarray(0, n));
      }
    } catch {
      // Unreadable or removed: the scan's own outcome will say what happened.
      failed = true;
    }
  };

  const timer = setInterval(drain, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      drain();
      if (fd !== null) closeSync(fd);
      return position;
    },
  };
}
