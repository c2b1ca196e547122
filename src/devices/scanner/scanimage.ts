// Runs scanimage (SANE's own front end; there is no maintained Node binding) with a deadline and a way
// to stop it, streaming its stdout to the caller.
import { spawn } from 'node:child_process';
import type { ScanimageOutcome } from './faults';

export interface ScanimageRun {
  /**
   * What ended the run if it was not scanimage itself: the deadline, the caller, or 'stuck-closing': scanimage had
   * finished (it said the error that ended the scan, or the caller saw the whole image) but did not exit, and was
   * killed settleMs later. Backends built on sanei_thread deadlock there now and then: sane_cancel() joins a reader
   * thread that was cancelled while holding glibc's malloc lock (docs/printing-and-scanning.md).
   */
  stoppedBy: 'timeout' | 'abort' | 'stuck-closing' | null;
  outcome: ScanimageOutcome;
}

export interface ScanimageOptions {
  binary?: string;
  args: string[];
  timeoutMs: number;
  saneConfigDir?: string;
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  /** Resolves when the caller has the whole image (e.g. the JPEG's end marker has landed in the output file). */
  outputDone?: Promise<void>;
  /** How long scanimage may take to exit once it has finished (default 2 s). */
  settleMs?: number;
}

/** scanimage's own report of the status that ended a scan ("scanimage: sane_read: Document feeder jammed"). */
const ENDING_ERROR = /^scanimage: sane_(start|read): .*$/m;

/**
 * The error line scanimage printed when a status ended the scan, or null. Its exit code is not enough: a SIGPIPE
 * while it cancels (the backend's reader writing to a pipe already closed) makes it "abort" with code 0.
 */
export function endingError(stderr: string): string | null {
  return ENDING_ERROR.exec(stderr)?.[0] ?? null;
}

/** Grace between SIGTERM (scanimage then calls sane_cancel and releases the device) and SIGKILL. */
const KILL_GRACE_MS = 1500;
const STDERR_LIMIT = 16 * 1024;
/** How long to wait for scanimage's pipes to close once it has exited. */
const EXIT_GRACE_MS = 300;
/** How long scanimage may take to exit once it has finished a scan (a healthy one: a few ms). */
const SETTLE_MS = 2_000;

export function runScanimage(opts: ScanimageOptions): Promise<ScanimageRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (opts.saneConfigDir) env.SANE_CONFIG_DIR = opts.saneConfigDir;
    // Stable, untranslated messages: the fault mapping reads them.
    env.LC_ALL = 'C';
    const child = spawn(opts.binary ?? 'scanimage', opts.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stoppedBy: ScanimageRun['stoppedBy'] = null;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'abort'): void => {
      if (stoppedBy || child.exitCode !== null || child.signalCode !== null) return;
      stoppedBy = why;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    // Finished but not exiting: SIGTERM would only make scanimage call sane_cancel() again, into the same deadlock.
    let settleTimer: NodeJS.Timeout | undefined;
    const finished = (): void => {
      if (settleTimer || stoppedBy || child.exitCode !== null || child.signalCode !== null) return;
      settleTimer = setTimeout(() => {
        if (stoppedBy || child.exitCode !== null || child.signalCode !== null) return;
        stoppedBy = 'stuck-closing';
        child.kill('SIGKILL');
      }, opts.settleMs ?? SETTLE_MS);
    };
    void opts.outputDone?.then(finished, () => {});
    const deadline = setTimeout(() => stop('timeout'), opts.timeoutMs);
    const onAbort = (): void => stop('abort');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      // After a stop, what is still in the pipe belongs to a scan nobody wants any more.
      if (!stoppedBy) opts.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += text;
      if (ENDING_ERROR.test(stderr)) finished();
    });
    let settled = false;
    let exitGrace: NodeJS.Timeout | undefined;
    const finish = (result: ScanimageRun | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(killTimer);
      clearTimeout(settleTimer);
      clearTimeout(exitGrace);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    child.once('error', (error) => finish(error));
    // 'close' comes once stdout and stderr are read to the end: the normal way out.
    child.once('close', (code, signal) => finish({ stoppedBy, outcome: { code, signal, stderr: stderr.trim() } }));
    // But a backend may leave a helper process of its own holding scanimage's pipes open after scanimage
    // has exited (the SANE test backend's reader does, now and then, after a failed read): then 'close'
    // never comes. Shortly after the exit, what has been read is all there is.
    child.once('exit', (code, signal) => {
      exitGrace = setTimeout(() => finish({ stoppedBy, outcome: { code, signal, stderr: stderr.trim() } }), EXIT_GRACE_MS);
    });
  });
}
