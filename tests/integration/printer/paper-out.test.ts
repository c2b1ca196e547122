// Paper runs out mid-job (issue 15), on a real cupsd: a backend that "prints" a page at a time into a tray file,
// tells CUPS each page (PAGE:), then reports media-empty-error and waits for paper, as USB and IPP backends do.
// - the driver reports the pages that came out (job-impressions-completed), then gives the job up as out-of-paper;
// - the rest of the job never comes out: the job is cancelled and purged (no job, no spool file), its backend stopped,
//   and the tray holds the same pages long after the moment the rest would have printed;
// - what IPP says afterwards: the queue idle with no job, the backend's media-empty-error still listed. That is all
//   CUPS can say; it tells nothing of sheets inside a real printer, which is why the cabin asks for an agent.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spoolFilesOf, type Printer } from '../../../src/devices/printer';
import { currentTestEnv, envVars, type TestEnv } from '../../../scripts/test-env';
import { printerFor, samplePdf } from './helpers';

const run = promisify(execFile);
const QUEUE = 'CABINE_PAPER_OUT';
let env: TestEnv;
let backend = '';
let trayDir = '';
let printer: Printer;

const BACKEND = `#!/bin/sh
# DEVICE_URI=cabinepaperout:<tray file>:<sheets before the paper runs out>:<seconds until paper is back>
[ $# -eq 0 ] && { echo 'direct cabinepaperout "Unknown" "Cabine paper-out test backend"'; exit 0; }
spec="\${DEVICE_URI#cabinepaperout:}"; tray="\${spec%%:*}"; rest="\${spec#*:}"; sheets="\${rest%%:*}"; refill="\${rest##*:}"
if [ -n "$6" ]; then cat "$6"; else cat; fi > /dev/null
i=0
while [ "$i" -lt "$sheets" ]; do i=$((i + 1)); echo "sheet $i" >> "$tray"; echo "PAGE: $i 1" >&2; sleep 0.1; done
echo "STATE: +media-empty-error" >&2
sleep "$refill"
# Paper is back: the printer would go on with the rest of the job.
echo "STATE: -media-empty-error" >&2
echo "rest of the job" >> "$tray"
exit 0
`;

const lpadmin = (...args: string[]) => run('lpadmin', args, { env: { ...process.env, ...envVars(env) } });
const tray = () => path.join(trayDir, 'tray');
const sheetsInTray = async () => (await readFile(tray(), 'utf8').catch(() => '')).split('\n').filter(Boolean);

beforeAll(async () => {
  env = await currentTestEnv();
  backend = path.join(env.base, 'cups', 'bin', 'backend', 'cabinepaperout');
  await writeFile(backend, BACKEND);
  await chmod(backend, 0o755);
  // The backend runs as CUPS's unprivileged user: its tray must be writable by it.
  trayDir = await mkdtemp(path.join(env.base, 'paper-out-'));
  await chmod(trayDir, 0o1777);
  await lpadmin('-p', QUEUE, '-v', `cabinepaperout:${tray()}:2:3`, '-m', 'raw', '-E');
  printer = printerFor(env, QUEUE, { faultGraceMs: 500 });
});
afterAll(async () => {
  printer?.close();
  await lpadmin('-x', QUEUE).catch(() => undefined);
  if (backend) await rm(backend, { force: true });
  if (trayDir) await rm(trayDir, { recursive: true, force: true });
});

it('2 sheets of 4, then no paper: the 2 pages are reported, the job is given up, cancelled and purged; the rest never comes out', async () => {
  const progress: number[] = [];
  let jobId = 0;
  const error = await printer.print(await samplePdf(4), { onSubmitted: (id) => (jobId = id), onProgress: (n) => progress.push(n) }).catch((e: unknown) => e);
  expect(error).toMatchObject({ device: 'printer', fault: 'out-of-paper' });
  expect(jobId).toBeGreaterThan(0);
  // What the resident is told: 2 pages out (job-impressions-completed from the backend's PAGE: lines), never 4.
  expect(progress.at(-1)).toBe(2);
  expect(await sheetsInTray()).toEqual(['sheet 1', 'sheet 2']);

  // Past the moment the paper would have been back (3 s), the rest of the job has not come out: the driver cancelled the job
  // when it gave it up (not the session's wipe, which may come much later), so its backend was stopped.
  await new Promise((r) => setTimeout(r, 3_500));
  expect(await sheetsInTray()).toEqual(['sheet 1', 'sheet 2']);

  // The driver cancelled it with purge-job; CUPS lists a cancelled job until its backend has exited, and the session's
  // wipe purges (and checks) what is left: then CUPS holds nothing of it, no job listed (history included), no spool file.
  expect(await printer.purge([jobId])).toMatchObject({ remainingJobs: [], remainingFiles: [] });
  expect(await spoolFilesOf(env.cupsSpool, [jobId])).toEqual([]);

  // All IPP can say now: idle, no job, and the reason the stopped backend left. Nothing about a real printer's memory.
  const status = await printer.status();
  expect(status.state).toBe('idle');
  expect(status.reasons).toContain('media-empty-error');
});
