// runScanimage's process handling, with a stand-in for scanimage (a real /bin/sh, no SANE needed).
import { describe, expect, it } from 'vitest';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createScanner } from '../../../../src/devices/scanner';
import { endingError, runScanimage } from '../../../../src/devices/scanner/scanimage';
import { makeScratchDir } from '../../../support/scratch';

const sh = (script: string, timeoutMs = 10_000, signal?: AbortSignal) => runScanimage({ binary: '/bin/sh', args: ['-c', script], timeoutMs, signal });

describe('runScanimage', () => {
  it('returns the exit code and stderr', async () => {
    const run = await sh('echo "scanimage: sane_read: Document feeder jammed" >&2; exit 6');
    expect(run).toEqual({ stoppedBy: null, outcome: { code: 6, signal: null, stderr: 'scanimage: sane_read: Document feeder jammed' } });
  });

  it('does not wait for a helper process that kept scanimage’s pipes open after it exited', async () => {
    const started = Date.now();
    // The background sleep inherits stdout and stderr: "close" would only come when it ends, 10 s later.
    const run = await sh('sleep 10 & echo "scanimage: sane_read: Error during device I/O" >&2; exit 9');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.outcome).toMatchObject({ code: 9, stderr: 'scanimage: sane_read: Error during device I/O' });
  });

  it('stops a run past its deadline: SIGTERM, and says so', async () => {
    const started = Date.now();
    const run = await sh('exec sleep 20', 300);
    expect(run.stoppedBy).toBe('timeout');
    expect(run.outcome.signal).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('SIGKILL when SIGTERM is not enough', async () => {
    // The shell ignores SIGTERM; its short sleeps end on their own once it is killed.
    const run = await sh('trap "" TERM; while :; do sleep 0.1; done', 200);
    expect(run.stoppedBy).toBe('timeout');
    expect(run.outcome.signal).toBe('SIGKILL');
  });

  it('stops on abort', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const run = await sh('exec sleep 20', 10_000, abort.signal);
    expect(run.stoppedBy).toBe('abort');
  });

  // The sanei_thread deadlock: scanimage has said why the scan ended, then hangs in sane_cancel().
  it('a run that reported its ending error but does not exit is killed settleMs later, as stuck-closing', async () => {
    const started = Date.now();
    const run = await runScanimage({
      binary: '/bin/sh',
      args: ['-c', 'echo "scanimage: sane_read: Document feeder jammed" >&2; exec sleep 20'],
      timeoutMs: 10_000,
      settleMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run).toEqual({ stoppedBy: 'stuck-closing', outcome: { code: null, signal: 'SIGKILL', stderr: 'scanimage: sane_read: Document feeder jammed' } });
  });

  it('once the caller has the whole image, a scanimage that does not exit is killed settleMs later', async () => {
    let done!: () => void;
    const outputDone = new Promise<void>((r) => (done = r));
    setTimeout(done, 100);
    const run = await runScanimage({ binary: '/bin/sh', args: ['-c', 'exec sleep 20'], timeoutMs: 10_000, settleMs: 200, outputDone });
    expect(run.stoppedBy).toBe('stuck-closing');
  });

  it('a healthy run is not cut short by the settle timer', async () => {
    const run = await runScanimage({
      binary: '/bin/sh',
      args: ['-c', 'echo "scanimage: sane_read: Document feeder jammed" >&2; sleep 0.1; exit 6'],
      timeoutMs: 10_000,
      settleMs: 1_000,
      outputDone: Promise.resolve(),
    });
    expect(run).toEqual({ stoppedBy: null, outcome: { code: 6, signal: null, stderr: 'scanimage: sane_read: Document feeder jammed' } });
  });

  it('endingError: the line scanimage printed for the status that ended the scan', () => {
    expect(endingError('scanimage: sane_read: Device busy\nscanimage: received signal 13\nscanimage: aborting')).toBe('scanimage: sane_read: Device busy');
    expect(endingError('scanimage: sane_start: Document feeder out of documents')).toBe('scanimage: sane_start: Document feeder out of documents');
    expect(endingError('scanimage: rounded value of br-x from 210 to 209.981')).toBeNull();
    expect(endingError('')).toBeNull();
  });

  // Seen on SANE's test backend (~3 runs in 100 with --read-return-value): the scan fails, then a SIGPIPE while
  // cancelling makes scanimage "abort" with exit code 0.
  it('a scan whose status ended it is a fault even when scanimage exits 0', async () => {
    const scratch = await makeScratchDir('cabine-scanimage-');
    const dir = scratch.path;
    try {
      const fake = path.join(dir, 'scanimage');
      await writeFile(
        fake,
        '#!/bin/sh\ncase "$*" in *" -A"*) exit 1 ;; esac\necho "scanimage: sane_read: Device busy" >&2\necho "scanimage: received signal 13" >&2\necho "scanimage: aborting" >&2\nexit 0\n',
      );
      await chmod(fake, 0o755);
      const doc = createScanner({ device: 'test:0', resolution: 150, mode: 'gray', source: 'flatbed', timeoutMs: 10_000, scanimage: fake }).startDocument(dir);
      await expect(doc.scanPage()).rejects.toMatchObject({ fault: 'busy', message: expect.stringContaining('sane_read: Device busy') });
    } finally {
      await scratch.remove();
    }
  });

  it('a missing binary rejects', async () => {
    await expect(runScanimage({ binary: '/nonexistent/scanimage', args: [], timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
