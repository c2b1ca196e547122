// The end-of-session purge against the real cupsd and its spool directory (env.cupsSpool): no dNNNNN-*
// (document copy) nor cNNNNN (job attributes, title included) of the session's jobs may stay.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { spoolFilesOf, type Printer } from '../../../src/devices/printer';
import { currentTestEnv, envVars, setFaultMode, type TestEnv } from '../../../scripts/test-env';
import { healFaultQueue, printerFor, samplePdf, until } from './helpers';

const run = promisify(execFile);
let env: TestEnv;
let printer: Printer;

beforeAll(async () => {
  env = await currentTestEnv();
  printer = printerFor(env, env.queues.fault);
  await healFaultQueue(env, printer);
});
afterEach(async () => {
  await printer.purge('all');
  await healFaultQueue(env, printer);
});
afterAll(() => printer.close());

/** Every file under the spool, recursively, with its content, to look for a title. */
async function spoolText(): Promise<string> {
  let text = '';
  for (const entry of await readdir(env.cupsSpool, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) text += await readFile(path.join(entry.parentPath ?? entry.path, entry.name), 'latin1');
  }
  return text;
}

it('purges a job of the session while it prints: its document copy leaves the spool', async () => {
  await setFaultMode(env, 'slow:20');
  let jobId = 0;
  const printing = printer.print(await samplePdf(2), { onSubmitted: (id) => (jobId = id) }).catch((e: unknown) => e);
  await until(async () => jobId > 0);
  // There is something to purge: CUPS's copy of the document.
  const before = await until(async () => {
    const files = await spoolFilesOf(env.cupsSpool, [jobId]);
    return files?.some((f) => f.startsWith('d')) ? files : null;
  });
  expect(before).toContain(`d${String(jobId).padStart(5, '0')}-001`);
  const result = await printer.purge([jobId]);
  expect(result).toEqual({ purged: 1, remainingFiles: [], spoolChecked: true, remainingJobs: [] });
  // The print call learns that its job is gone.
  expect(await printing).toMatchObject({ fault: 'job-aborted' });
});

it('purges jobs queued by anyone, with titles, when asked for "all"', async () => {
  await setFaultMode(env, 'slow:20');
  const pdfFile = path.join(env.base, 'purge-sample.pdf');
  await import('node:fs/promises').then((fs) => samplePdf(1).then((pdf) => fs.writeFile(pdfFile, pdf)));
  const ids: number[] = [];
  for (const title of ['Releve CAF DUPONT', 'Fiche de paie DUPONT', 'Avis impot DUPONT']) {
    const { stdout } = await run('lp', ['-d', env.queues.fault, '-t', title, pdfFile], { env: { ...process.env, ...envVars(env) } });
    ids.push(Number(/-(\d+) /.exec(stdout)![1]));
  }
  await until(async () => ((await spoolFilesOf(env.cupsSpool, ids))?.filter((f) => f.startsWith('d')).length ?? 0) === 3);
  const result = await printer.purge('all');
  expect(result.purged).toBe(3);
  expect(result.remainingFiles).toEqual([]);
  expect(result.remainingJobs).toEqual([]);
  expect(result.spoolChecked).toBe(true);
  expect(await spoolText()).not.toContain('DUPONT');
});

it('a completed job leaves no history: purged at completion, nothing left to purge at the end', async () => {
  const { jobId } = await printer.print(await samplePdf(1));
  // CUPS writes the history file (cNNNNN, with the job's attributes) a moment after completion; wait past that.
  await new Promise((r) => setTimeout(r, 1500));
  expect(await spoolFilesOf(env.cupsSpool, [jobId])).toEqual([]);
  expect(await printer.purge([jobId])).toEqual({ purged: 0, remainingFiles: [], spoolChecked: true, remainingJobs: [] });
});

it('without purge at completion, CUPS keeps the job in its history until purge() removes it', async () => {
  const keeping = printerFor(env, env.queues.fault, { purgeOnCompletion: false });
  try {
    const { jobId } = await keeping.print(await samplePdf(1));
    const result = await keeping.purge([jobId]);
    expect(result.purged).toBe(1);
    expect(result.remainingFiles).toEqual([]);
    expect(result.remainingJobs).toEqual([]);
  } finally {
    keeping.close();
  }
});

it('an unreadable spool is reported as unchecked, not as clean', async () => {
  const blind = printerFor(env, env.queues.fault, { spoolDir: path.join(env.base, 'no-such-spool') });
  try {
    expect(await blind.purge('all')).toMatchObject({ spoolChecked: false, remainingFiles: [] });
  } finally {
    blind.close();
  }
});
