// The CUPS configuration a cabin ships (build/linux/cups/), run for real: a cupsd of this test's own with
// those two files, only the paths moved into a temporary directory (socket, spool, logs). Checks that it
// keeps nothing of a printed document, logs no title, and grants the app exactly what it needs.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter, IppClient, IppError, REQUESTING_USER, resolveServer, spoolFilesOf, type Printer } from '../../../src/devices/printer';
import { schedulerRunning } from '../../../src/cli/doctor/cups';
import { PrinterFault } from '../../../src/shared/session/types';
import { childExit, hasExited, stopChild } from '../../support/child-exit';
import { samplePdf, until } from './helpers';
import { useScratchDir } from '../../support/scratch';

const run = promisify(execFile);
const shipped = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../build/linux/cups');
const QUEUE = 'CABIN';
const base = useScratchDir('cabine-cabin-cupsd-', { per: 'file' });
let socket = '';
let cupsd: ChildProcess | null = null;
let printer: Printer;

const BACKEND = `#!/bin/sh
# Pass-through test backend: DEVICE_URI=passthru:/dir ; writes each job to /dir/job-<id>, slowly if /dir/SLOW exists.
[ $# -eq 0 ] && { echo 'direct passthru "Unknown" "Cabine pass-through test backend"'; exit 0; }
dir="\${DEVICE_URI#passthru:}"
[ -f "$dir/SLOW" ] && sleep "$(cat "$dir/SLOW")"
if [ -n "$6" ]; then cat "$6"; else cat; fi > "$dir/job-$1" || exit 1
exit 0
`;

async function allLogs(): Promise<string> {
  let text = '';
  for (const f of await readdir(path.join(base(), 'log'))) text += await readFile(path.join(base(), 'log', f), 'latin1');
  return text;
}

beforeAll(async () => {
  await chmod(base(), 0o755);
  for (const d of ['etc/ppd', 'spool/tmp', 'cache', 'run', 'log', 'bin/backend', 'out']) await mkdir(path.join(base(), d), { recursive: true });
  for (const d of ['filter', 'cgi-bin', 'daemon', 'driver', 'monitor', 'notifier']) await symlink(`/usr/lib/cups/${d}`, path.join(base(), 'bin', d));
  await writeFile(path.join(base(), 'bin/backend/passthru'), BACKEND, { mode: 0o755 });
  await chmod(path.join(base(), 'out'), 0o777);
  socket = path.join(base(), 'run/cups.sock');
  // Only the paths change; every other line is the shipped one.
  const files = (await readFile(path.join(shipped, 'cups-files.conf'), 'utf8'))
    .replace(/^RequestRoot .*$/m, `RequestRoot ${base()}/spool`)
    .replace(/^TempDir .*$/m, `TempDir ${base()}/spool/tmp`)
    .replace(/^ErrorLog .*$/m, `ErrorLog ${base()}/log/error_log`)
    .replace(/^AccessLog .*$/m, `AccessLog ${base()}/log/access_log`)
    .concat(`\nServerRoot ${base()}/etc\nCacheDir ${base()}/cache\nStateDir ${base()}/run\nServerBin ${base()}/bin\nDataDir /usr/share/cups\n`);
  const conf = (await readFile(path.join(shipped, 'cupsd.conf'), 'utf8')).replace(/^Listen \/run\/cups\/cups\.sock$/m, `Listen ${socket}`);
  expect(conf).toContain(`Listen ${socket}`);
  await writeFile(path.join(base(), 'etc/cups-files.conf'), files);
  await writeFile(path.join(base(), 'etc/cupsd.conf'), conf);
  cupsd = spawn('/usr/sbin/cupsd', ['-f', '-c', path.join(base(), 'etc/cupsd.conf'), '-s', path.join(base(), 'etc/cups-files.conf')], { stdio: 'ignore' });
  const env = { ...process.env, CUPS_SERVER: socket };
  await until(
    async () =>
      await run('lpstat', ['-r'], { env }).then(
        () => true,
        () => false,
      ),
    15_000,
    100,
  );
  // lpadmin authenticates as root through the socket's peer credentials: root is in SystemGroup.
  await run('lpadmin', ['-p', QUEUE, '-v', `passthru:${base()}/out`, '-m', 'raw', '-E'], { env });
  printer = createPrinter({ queue: QUEUE, server: socket, spoolDir: path.join(base(), 'spool') });
}, 60_000);

afterAll(async () => {
  printer?.close();
  if (cupsd) await stopChild(cupsd);
});

/** The shipped cupsd is still the one this file started, and it answers. */
async function expectCupsdAlive(after: string): Promise<void> {
  expect(cupsd && hasExited(cupsd) ? `cupsd ended (${cupsd.signalCode ?? cupsd.exitCode}) after ${after}` : 'alive').toBe('alive');
  const answered = await run('lpstat', ['-r'], { env: { ...process.env, CUPS_SERVER: socket }, timeout: 10_000 }).then(
    (r) => r.stdout.includes('scheduler is running'),
    () => false,
  );
  expect(answered, `cupsd answers after ${after}`).toBe(true);
}

it('a printed document leaves nothing: no spool file, no title in any log, no page log', async () => {
  const { jobId, pages } = await printer.print(await samplePdf(2));
  expect(pages).toBe(2);
  expect(await readFile(path.join(base(), 'out', `job-${jobId}`))).toBeTruthy();
  // Past the moment cupsd writes a finished job's history file.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await spoolFilesOf(path.join(base(), 'spool'), 'all')).toEqual([]);
  expect(await allLogs()).not.toMatch(/DUPONT|cabine/);
  expect((await readdir(path.join(base(), 'log'))).filter((f) => f.startsWith('page'))).toEqual([]);
});

it('even without the driver’s own purge, the document copy goes at once (PreserveJobFiles No) and purge() takes the rest', async () => {
  const keeping = createPrinter({ queue: QUEUE, server: socket, spoolDir: path.join(base(), 'spool'), purgeOnCompletion: false });
  try {
    const { jobId } = await keeping.print(await samplePdf(1));
    const files = await spoolFilesOf(path.join(base(), 'spool'), [jobId]);
    expect(files?.filter((f) => f.startsWith('d'))).toEqual([]);
    expect(await keeping.purge([jobId])).toMatchObject({ purged: 1, remainingFiles: [], remainingJobs: [] });
  } finally {
    keeping.close();
  }
});

describe('who may do what', () => {
  let anonymous: IppClient;
  beforeAll(() => {
    anonymous = new IppClient(resolveServer(socket));
  });
  afterAll(() => anonymous.close());
  const admin = () => ({ 'printer-uri': anonymous.printerUri(QUEUE), 'requesting-user-name': REQUESTING_USER });

  it('a client that does not prove who it is may not purge the queue or touch the printer', async () => {
    for (const [op, extra] of [
      ['Purge-Jobs', {}],
      ['Resume-Printer', {}],
      ['CUPS-Add-Modify-Printer', { printer: { 'printer-state-reasons': 'none' } }],
    ] as const) {
      const error = await anonymous.request(op, '/admin/', admin(), extra).catch((e: unknown) => e);
      expect(error, op).toBeInstanceOf(IppError);
      expect((error as IppError).status, op).toMatch(/^(client-error-not-authorized|client-error-forbidden|http-401|http-403)$/);
    }
  });

  it('the app, authenticated by its uid on the socket, may: resume() and purge("all") work', async () => {
    await expect(printer.resume()).resolves.toBeUndefined();
    await expect(printer.purge('all')).resolves.toMatchObject({ remainingJobs: [], remainingFiles: [] });
  });

  it('the app may not fetch a spooled document back (CUPS-Get-Document), though it owns the job', async () => {
    await writeFile(path.join(base(), 'out', 'SLOW'), '5');
    try {
      let jobId = 0;
      const printing = printer.print(await samplePdf(1), { onSubmitted: (id) => (jobId = id) });
      await until(async () => jobId > 0);
      // CUPS-Get-Document (0x4027) and its document-number are in the codec's tables (src/devices/printer/ipp).
      const error = await anonymous
        .request('CUPS-Get-Document', '/jobs/', {
          'printer-uri': anonymous.printerUri(QUEUE),
          'job-id': jobId,
          'requesting-user-name': REQUESTING_USER,
          'document-number': 1,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IppError);
      expect((error as IppError).status).toMatch(/^(client-error-not-authorized|client-error-forbidden|http-401|http-403)$/);
      await printing;
    } finally {
      await rm(path.join(base(), 'out', 'SLOW'), { force: true });
    }
  });
});

// Debian's cupsd 2.4.2-3+deb12u10 dies (SIGSEGV) when it evaluates "Require user @OWNER" for a requesting user
// that has no Unix account: what the driver did on every print ("cabine" has no account on a build machine).
// docs/printing.md, "A request that crashed CUPS".
describe('no request of the driver crashes the installed CUPS', () => {
  it('cupsd is still up after each driver operation: print, status, purge one, purge all, resume, test page', async () => {
    const keeping = createPrinter({ queue: QUEUE, server: socket, spoolDir: path.join(base(), 'spool'), purgeOnCompletion: false });
    try {
      await printer.print(await samplePdf(1));
      await expectCupsdAlive('print (purged on completion)');
      expect((await printer.status()).fault).toBeNull();
      await expectCupsdAlive('status');
      const kept = await keeping.print(await samplePdf(1));
      await expectCupsdAlive('print (kept)');
      expect(await keeping.purge([kept.jobId])).toMatchObject({ purged: 1, remainingJobs: [], remainingFiles: [] });
      await expectCupsdAlive('purge of one job');
      await keeping.print(await samplePdf(1));
      expect(await printer.purge('all')).toMatchObject({ remainingJobs: [], remainingFiles: [] });
      await expectCupsdAlive('purge all');
      await printer.resume();
      await expectCupsdAlive('resume');
      await printer.printTestPage();
      await expectCupsdAlive('test page');
      expect(await spoolFilesOf(path.join(base(), 'spool'), 'all')).toEqual([]);
    } finally {
      keeping.close();
    }
  });

  it('a client naming a user without an account (cancel -U) is refused, and cupsd stays up', async () => {
    await writeFile(path.join(base(), 'out', 'SLOW'), '3');
    try {
      let jobId = 0;
      const printing = printer.print(await samplePdf(1), { onSubmitted: (id) => (jobId = id) });
      await until(async () => jobId > 0);
      const nobody = `personne-${process.pid}`;
      const r = await run('cancel', ['-U', nobody, String(jobId)], { env: { ...process.env, CUPS_SERVER: socket } }).then(
        () => 'cancelled',
        (e: { stderr?: string }) => e.stderr ?? 'refused',
      );
      expect(r).not.toBe('cancelled');
      await expectCupsdAlive(`cancel -U ${nobody}`);
      await printing;
    } finally {
      await rm(path.join(base(), 'out', 'SLOW'), { force: true });
    }
  });
});

// Last: it kills this file's cupsd.
describe('a CUPS that died', () => {
  it('a job being followed fails as "CUPS s’est arrêté", and status and print answer at once without hanging', async () => {
    await writeFile(path.join(base(), 'out', 'SLOW'), '10');
    let jobId = 0;
    const printing = printer.print(await samplePdf(1), { onSubmitted: (id) => (jobId = id) }).catch((e: unknown) => e);
    await until(async () => jobId > 0);
    const started = Date.now();
    cupsd!.kill('SIGKILL');
    await childExit(cupsd!);
    const error = await printing;
    expect(error).toBeInstanceOf(PrinterFault);
    expect(error).toMatchObject({ fault: 'no-printer', message: expect.stringMatching(/CUPS s’est arrêté/) });
    const status = await printer.status();
    expect(status).toMatchObject({ state: 'stopped', fault: 'no-printer', accepting: false });
    expect(status.reasons.join(' ')).toMatch(/CUPS s’est arrêté ou ne tourne pas \(ECONNREFUSED\)/);
    await expect(printer.print(await samplePdf(1))).rejects.toMatchObject({ fault: 'no-printer' });
    await expect(printer.purge('all')).rejects.toMatchObject({ fault: 'no-printer' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // What `cabine doctor` asks: a dead cupsd whose socket file stayed behind is not running.
    expect(await schedulerRunning({ server: socket, env: process.env })).toEqual({ running: false, error: null });
  });
});
