// A printer in trouble that CUPS does not stop: USB and IPP backends report "media-empty-error" and keep
// waiting for the printer, so the queue stays "processing". The driver must give the job up once the
// reason has lasted faultGraceMs, and must not stop for a mere warning (toner-low).
// The FAULT queue's backend cannot do this (it stops the queue), so this file adds, to the private cupsd
// of the test run only, a queue whose backend reports a reason while it "prints", and removes it after.
import { execFile } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spoolFilesOf, type Printer } from '../../../src/devices/printer';
import { currentTestEnv, envVars, type TestEnv } from '../../../scripts/test-env';
import { printerFor, samplePdf } from './helpers';

const run = promisify(execFile);
const QUEUE = 'CABINE_RUNNING_FAULT';
let env: TestEnv;
let backend = '';
let printer: Printer;

const BACKEND = `#!/bin/sh
# DEVICE_URI=cabinerunning:<printer-state-reason>:<seconds>: report the reason, "print" for that long, clear it.
[ $# -eq 0 ] && { echo 'direct cabinerunning "Unknown" "Cabine running-fault test backend"'; exit 0; }
spec="\${DEVICE_URI#cabinerunning:}"; reason="\${spec%%:*}"; secs="\${spec##*:}"
echo "STATE: +$reason" >&2
sleep "$secs"
if [ -n "$6" ]; then cat "$6"; else cat; fi > /dev/null
echo "STATE: -$reason" >&2
exit 0
`;

const lpadmin = (...args: string[]) => run('lpadmin', args, { env: { ...process.env, ...envVars(env) } });

beforeAll(async () => {
  env = await currentTestEnv();
  backend = path.join(env.base, 'cups', 'bin', 'backend', 'cabinerunning');
  await writeFile(backend, BACKEND);
  await chmod(backend, 0o755);
  await lpadmin('-p', QUEUE, '-v', 'cabinerunning:none:0', '-m', 'raw', '-E');
  printer = printerFor(env, QUEUE, { faultGraceMs: 1_000 });
});
afterAll(async () => {
  printer?.close();
  await lpadmin('-x', QUEUE).catch(() => undefined);
  if (backend) await rm(backend, { force: true });
});

it('a reason that lasts while the queue keeps "printing" ends the job after the grace period', async () => {
  await lpadmin('-p', QUEUE, '-v', 'cabinerunning:media-empty-error:30');
  let jobId = 0;
  const started = Date.now();
  const error = await printer.print(await samplePdf(1), { onSubmitted: (id) => (jobId = id) }).catch((e: unknown) => e);
  expect(error).toMatchObject({ fault: 'out-of-paper' });
  // Not before the grace period (a reason that flickers is no fault), and long before the backend's 30 s.
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(await printer.purge([jobId])).toMatchObject({ remainingJobs: [], remainingFiles: [] });
  expect(await spoolFilesOf(env.cupsSpool, [jobId])).toEqual([]);
});

it('a reason left by a cancelled job does not end the next one early; a warning never does', async () => {
  // The previous test's backend was killed before it could clear media-empty-error: it is still on the queue.
  expect((await printer.status()).reasons).toContain('media-empty-error');
  await lpadmin('-p', QUEUE, '-v', 'cabinerunning:toner-low-warning:2');
  const seen: string[] = [];
  const watching = setInterval(() => void printer.status().then((s) => s.fault && seen.push(s.fault)), 200);
  try {
    expect((await printer.print(await samplePdf(1))).pages).toBe(1);
  } finally {
    clearInterval(watching);
  }
  expect(seen).toContain('out-of-paper'); // the leftover, shown until this backend ended

  // Once the technician has said so, the leftover is gone and the warning alone shows.
  await printer.resume();
  seen.length = 0;
  const watchingAgain = setInterval(() => void printer.status().then((s) => s.fault && seen.push(s.fault)), 200);
  try {
    expect((await printer.print(await samplePdf(1))).pages).toBe(1);
  } finally {
    clearInterval(watchingAgain);
  }
  // The status did show it while printing: the diagnostics screen can tell the technician.
  expect(seen).toContain('toner-low');
  expect(seen).not.toContain('out-of-paper');
});
