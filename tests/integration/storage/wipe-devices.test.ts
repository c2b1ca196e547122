// The wipe and the boot sweep with the real printer driver on the private CUPS, and the real
// scanner driver on SANE's test backend. The browser here is the unit tests' stand-in (a real
// child process writing a profile): the real Chromium runs in tests/engine/residue.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionLifecycle, cupsSpoolWatch, WipeVerificationError, type SessionLifecycle } from '../../../src/cabin/storage';
import { findHolders } from '../../../src/cabin/storage/processes';
import { createPrinter, type Printer } from '../../../src/devices/printer';
import { createScanner } from '../../../src/devices/scanner';
import { currentTestEnv, envVars, setFaultMode, type TestEnv } from '../../../scripts/test-env/index';
import { TINY_PDF } from '../../support/pdf';
import { createFakeEngine } from '../../unit/cabin/storage/fake-engine';
import { scratch, type Scratch } from '../../unit/cabin/storage/helpers';

const run = promisify(execFile);
let env: TestEnv;
let s: Scratch;
let printer: Printer;
let lifecycles: SessionLifecycle[] = [];

beforeAll(async () => {
  env = await currentTestEnv();
});
beforeEach(async () => {
  s = await scratch();
  printer = createPrinter({ queue: env.queues.fault, server: env.cupsServer, spoolDir: env.cupsSpool });
});
afterEach(async () => {
  for (const l of lifecycles) await l.shutdown();
  lifecycles = [];
  await setFaultMode(env, 'ok');
  await printer.resume().catch(() => {});
  await printer.purge('all').catch(() => {});
  printer.close();
  await s.cleanup();
});
afterAll(async () => {
  await setFaultMode(env, 'ok');
});

function lifecycle() {
  const l = createSessionLifecycle({
    ramRoot: s.ramRoot,
    allowDiskBacked: false,
    engine: createFakeEngine(),
    printer,
    watchedRoots: [s.tmp, cupsSpoolWatch(env.cupsSpool)],
  });
  lifecycles.push(l);
  return l;
}

const spoolJobFiles = async () => (await readdir(env.cupsSpool)).filter((n) => /^[cd]\d+/.test(n));

/** A job the jammed FAULT queue keeps: submitted with plain lp, as any client could. */
async function stuckJob(): Promise<number> {
  await setFaultMode(env, 'stop:media-jam-error');
  // Outside the watched places: the document the resident printed is not the cabin's file.
  const pdf = path.join(s.diskDir, 'doc.pdf');
  await writeFile(pdf, TINY_PDF);
  const { stdout } = await run('lp', ['-d', env.queues.fault, '-t', 'avis-impot-DUPONT', pdf], { env: { ...process.env, ...envVars(env) } });
  const id = Number(/-(\d+) /.exec(stdout)?.[1]);
  // CUPS tries it, the backend reports the jam, the job stays (with its document in the spool).
  for (let i = 0; i < 100 && !(await spoolJobFiles()).some((f) => f.startsWith('d')); i++) await new Promise((r) => setTimeout(r, 50));
  return id;
}

describe('wipe with the real printer and scanner', () => {
  it('purges a job the jammed printer kept, and proves CUPS holds no file of it', async () => {
    const l = lifecycle();
    await l.bootSweep();
    const session = await l.claim();
    const jobId = await stuckJob();
    session.recordPrintJob(jobId);
    expect((await spoolJobFiles()).length).toBeGreaterThan(0);
    const receipt = await l.wipe(session.sessionId);
    expect(receipt.printJobs).toBe(1);
    expect(await spoolJobFiles()).toEqual([]);
    const { stdout } = await run('lpstat', ['-W', 'all', '-o', env.queues.fault], { env: { ...process.env, ...envVars(env) } });
    expect(stdout.trim()).toBe('');
  });

  it('refuses a wipe when a job file created during the session stays in the spool', async () => {
    const noPurge = createSessionLifecycle({
      ramRoot: s.ramRoot,
      allowDiskBacked: false,
      engine: createFakeEngine(),
      // The wipe's purge is left out: what CUPS keeps must then be seen by the spool check itself.
      unsafeSkipSteps: ['purge-print-jobs'],
      printer,
      watchedRoots: [cupsSpoolWatch(env.cupsSpool)],
    });
    lifecycles.push(noPurge);
    await noPurge.bootSweep();
    const session = await noPurge.claim();
    await stuckJob();
    const err = await noPurge.wipe(session.sessionId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WipeVerificationError);
    const created = (err as WipeVerificationError).problems.filter((p) => p.kind === 'file-created-during-session').map((p) => path.basename(p.path ?? ''));
    // The document itself (CUPS writes the job's control file, cNNNNN, lazily: not always there yet).
    expect(created.some((n) => /^d\d+-\d+$/.test(n))).toBe(true);
  });

  it('a scan in progress when the session ends: its scanimage is killed and nothing of it remains', async () => {
    const l = lifecycle();
    await l.bootSweep();
    const session = await l.claim();
    // A slow scanner: the page takes far longer than the test.
    const scanner = createScanner({
      device: env.saneDevice,
      resolution: 300,
      mode: 'color',
      source: 'flatbed',
      timeoutMs: 120_000,
      saneConfigDir: env.saneConfigDir,
      extraArgs: ['--read-delay=yes', '--read-delay-duration=100000'],
    });
    const doc = scanner.startDocument(session.filesDir);
    const scanning = doc.scanPage().then(
      () => 'scanned',
      () => 'failed',
    );
    let holders: Awaited<ReturnType<typeof findHolders>> = [];
    for (let i = 0; i < 200 && !holders.some((h) => h.pid !== process.pid); i++) {
      await new Promise((r) => setTimeout(r, 50));
      holders = await findHolders([session.filesDir]);
    }
    const scanimage = holders.find((h) => h.pid !== process.pid);
    expect(scanimage).toBeDefined();
    const receipt = await l.wipe(session.sessionId);
    expect(receipt.verified).toBe(true);
    expect(await scanning).toBe('failed');
    expect(existsSync(session.paths.dir)).toBe(false);
    expect(await findHolders([session.paths.dir])).toEqual([]);
  });

  it('boot sweep: purges the jobs a crashed session left in CUPS', async () => {
    const first = lifecycle();
    await first.bootSweep();
    await first.claim();
    await stuckJob();
    // The app "dies" here; a new one starts.
    const again = lifecycle();
    const r = await again.bootSweep();
    expect(r.purgedPrintJobs).toBeGreaterThanOrEqual(1);
    expect(r.removedEntries).toBe(2);
    expect(await spoolJobFiles()).toEqual([]);
  });
});
