// The recorder driven by the real session machine: a full resident session writes exactly the
// whitelisted records, and a canary put everywhere a resident's data travels (the PIN typed,
// a blocked host, a downloaded document's id) reaches neither the log nor the metrics.
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor, type Actor } from 'xstate';
import { AuditLog, createSessionRecorder, readAuditLog } from '../../../../src/cabin/audit-log';
import { CabineMetrics } from '../../../../src/cabin/metrics';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';
import { cabineMachine, settingsFromConfig, type BootSweepOutput, type CabineEvent, type EndingReason, type WipeReceipt } from '../../../../src/shared/session';
import { useScratchDir } from '../../../support/scratch';

const CANARY = 'CANARY-7731';
const RECEIPT: WipeReceipt = { documents: 1, scans: 0, printJobs: 1, storageEntries: 5, files: 4, bytes: 20480, durationMs: 840, verified: true };

const config = (() => {
  const r = validateConfig(defaultConfig);
  if (!r.ok) throw new Error('default config invalid');
  return r.config;
})();

const dir = useScratchDir('cabine-recorder-');

function start(options: { wipeFails?: boolean } = {}) {
  const audit = new AuditLog({ dir: dir(), knownDemarches: config.catalog.map((d) => d.id) });
  const metrics = new CabineMetrics({ demarcheIds: config.catalog.map((d) => d.id), processMetrics: false });
  const errors: unknown[] = [];
  const recorder = createSessionRecorder({ audit, metrics, onError: (e) => errors.push(e) });
  const machine = cabineMachine.provide({
    actions: recorder.actions,
    actors: {
      bootSweep: fromPromise<BootSweepOutput>(async () => ({ removedEntries: 0, storageNotRam: false })),
      startSession: fromPromise(async () => ({ sessionId: 'random-id' })),
      endSession: fromPromise<void, { reason: EndingReason | null }>(async () => {}),
      wipe: fromPromise(async () => {
        if (options.wipeFails) throw new Error(`could not remove /dev/shm/cabine/${CANARY}`);
        return RECEIPT;
      }),
      verifySecret: fromPromise(async ({ input }) => ({ accepted: input.secret === CANARY, role: input.role })),
      preparePrint: fromPromise(async () => ({ pages: 2 })),
      printJob: fromCallback(({ sendBack }) => {
        setTimeout(() => sendBack({ type: 'PRINT_DONE', pages: 2 }), 5);
      }),
    },
  });
  const actor = createActor(machine, { input: { settings: settingsFromConfig(config), devices: { printer: 'present', scanner: 'present' } } });
  actor.subscribe((snapshot) => recorder.observe(snapshot));
  actor.start();
  return { actor, audit, metrics, recorder, errors };
}

const at = (actor: Actor<typeof cabineMachine>, state: object | string) => waitFor(actor, (s) => s.matches({ cabin: state } as never), { timeout: 2000 });

async function residentSession(actor: Actor<typeof cabineMachine>) {
  const send = (e: CabineEvent) => actor.send(e);
  await at(actor, 'attract');
  send({ type: 'TOUCH' });
  send({ type: 'ACCEPT' });
  await at(actor, { session: { flow: 'catalog' } });
  send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  send({ type: 'NAVIGATION_BLOCKED', host: `${CANARY.toLowerCase()}.example.org` });
  send({ type: 'HOME' });
  send({ type: 'OPEN_DEMARCHE', demarcheId: 'impots' });
  send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: `${CANARY}-avis.pdf` } });
  await at(actor, { session: { flow: { demarche: { printing: 'confirming' } } } });
  send({ type: 'PRINT_CONFIRM', copies: 1 });
  await waitFor(actor, (s) => s.context.counts.pagesPrinted === 2, { timeout: 2000 });
  send({ type: 'ACCEPT' });
  send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: CANARY });
  await waitFor(actor, (s) => s.context.assisted, { timeout: 2000 });
  send({ type: 'DOWNLOAD_DONE', documentId: `${CANARY}-attestation`, isPdf: false });
  send({ type: 'PRINT_FAILED', fault: 'paper-jam' }); // ignored outside printing: no record
  send({ type: 'END_REQUEST' });
}

describe('session recorder on the real machine', () => {
  it('writes start, end and wipe records with counts only', async () => {
    const { actor, audit, metrics, errors } = start();
    await residentSession(actor);
    await at(actor, 'goodbye');
    actor.stop();
    audit.close();
    expect(errors).toEqual([]);
    const { records, skippedLines } = await readAuditLog(dir());
    expect(skippedLines).toBe(0);
    const strip = records.map(({ at: _at, ...r }) => r);
    expect(strip).toEqual([
      { v: 1, type: 'session-start', assisted: false },
      {
        v: 1,
        type: 'session-end',
        demarches: ['caf', 'impots'],
        durationS: expect.any(Number),
        ending: 'resident',
        assisted: true,
        pagesPrinted: 2,
        printJobs: 1,
        pagesScanned: 0,
        scans: 0,
        downloads: 1,
      },
      { v: 1, type: 'wipe', ok: true, attempt: 1, durationMs: 840, files: 4, bytes: 20480 },
    ]);

    const text = await metrics.registry.metrics();
    expect(text).toMatch(/cabine_sessions_total\{demarche="caf",ending="resident"\} 1/);
    expect(text).toMatch(/cabine_sessions_total\{demarche="impots",ending="resident"\} 0/); // counted once, under the first
    expect(text).toMatch(/cabine_sessions_total\{demarche="ameli",ending="resident"\} 0/);
    expect(text).toMatch(/cabine_printer_pages_total 2/);
    expect(text).toMatch(/cabine_wipe_duration_seconds_count 1/);
    expect(text).toMatch(/cabine_wipe_duration_seconds_bucket\{le="1"\} 1/);
    expect(text).toMatch(/cabine_wipe_failures_total 0/);
    expect(text).toMatch(/cabine_device_up\{device="printer"\} 1/);
    expect(text).toMatch(/cabine_out_of_service 0/);
  });

  it('lets the canary reach neither the log nor the metrics', async () => {
    const { actor, audit, metrics } = start();
    await residentSession(actor);
    await at(actor, 'goodbye');
    actor.stop();
    audit.close();
    const logText = (await Promise.all((await readdir(dir())).map((f) => readFile(path.join(dir(), f), 'utf8')))).join('\n');
    expect(logText.length).toBeGreaterThan(100);
    expect(logText.toLowerCase()).not.toContain(CANARY.toLowerCase());
    expect(logText).not.toMatch(/example\.org|avis|attestation|random-id/);
    const metricsText = await metrics.registry.metrics();
    expect(metricsText.toLowerCase()).not.toContain(CANARY.toLowerCase());
  });

  it('records failed wipes and the cabin going out of service', async () => {
    const { actor, audit, metrics } = start({ wipeFails: true });
    await residentSession(actor);
    await at(actor, 'outOfService');
    actor.stop();
    audit.close();
    const { records } = await readAuditLog(dir());
    expect(records.map((r) => r.type)).toEqual(['session-start', 'session-end', 'wipe', 'wipe', 'wipe', 'out-of-service']);
    expect(records.filter((r) => r.type === 'wipe').map((r) => r.type === 'wipe' && [r.ok, r.attempt, r.durationMs])).toEqual([
      [false, 1, null],
      [false, 2, null],
      [false, 3, null],
    ]);
    expect(records.at(-1)).toMatchObject({ type: 'out-of-service', reason: 'wipe-failed' });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/cabine_wipe_failures_total 3/);
    expect(text).toMatch(/cabine_out_of_service 1/);
    // The error's message named a path with the canary: it is not in the log.
    expect(JSON.stringify(records)).not.toContain(CANARY);
  });

  it('records device faults and unplugged devices seen in the snapshots', async () => {
    const { actor, audit, metrics } = start();
    await at(actor, 'attract');
    actor.send({ type: 'DEVICES_CHANGED', devices: { scanner: 'absent' } });
    actor.send({ type: 'DEVICES_CHANGED', devices: { scanner: 'present' } });
    actor.stop();
    audit.close();
    const { records } = await readAuditLog(dir());
    expect(records.map(({ at: _a, ...r }) => r)).toEqual([{ v: 1, type: 'device-fault', device: 'scanner', fault: 'absent' }]);
    expect(await metrics.registry.metrics()).toMatch(/cabine_device_up\{device="scanner"\} 1/);
  });

  it('keeps the machine running when the log cannot be written', async () => {
    const { actor, audit, errors } = start();
    await rm(dir(), { recursive: true, force: true });
    audit.close();
    // The directory is gone and cannot be re-created as a file blocks it.
    await (await import('node:fs/promises')).writeFile(dir(), 'not a directory');
    await residentSession(actor);
    await at(actor, 'goodbye');
    actor.stop();
    expect(errors.length).toBeGreaterThan(0);
    await rm(dir(), { force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir());
  });
});
