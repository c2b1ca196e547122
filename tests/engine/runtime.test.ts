// The whole cabin under Node, on real components: the session machine with its real actors,
// Debian's Chromium as the démarche engine, the private CUPS (cups-pdf queue) and SANE's test
// backend, per-session storage under a RAM root of this test. A resident's journey from attract to
// the wipe receipt, then proof that nothing of the session is left.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { currentTestEnv, type TestEnv } from '../../scripts/test-env/index';
import { at, until as untilState } from '../support/cabin-state';
import { fixtureCabinConfig } from '../support/fixture-cabin-config';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';

let env: TestEnv;
let fixture: DemarcheFixture;
let ramRoot: string;
let stateDir: string;
let tempDir: string;
let cabin: AssembledCabin;

const until = (predicate: Parameters<typeof untilState>[1], what: string, timeoutMs = 20_000) =>
  untilState(cabin.runtime, predicate, what, { timeoutMs, everyMs: 50 });
const page = () => (cabin.runtime.demarcheView() as ChromiumView).page;

beforeAll(async () => {
  env = await currentTestEnv();
  fixture = await startDemarcheFixture();
  ramRoot = await mkdtemp('/dev/shm/crt-'); // short: Chromium's singleton socket path must fit in 108 bytes
  stateDir = await mkdtemp('/tmp/cabine-runtime-state-');
  // The cabin's own temp, checked by the wipe (the machine's /tmp is shared with other processes).
  tempDir = await mkdtemp('/tmp/cabine-runtime-temp-');
  cabin = assembleCabin({
    config: fixtureCabinConfig(fixture.url(), {
      printer: { queue: 'PDF', pageLimitPerSession: 10 },
      scanner: { device: 'test:0', resolution: 150, mode: 'gray' },
    }),
    engine: createChromiumEngine(),
    ramRoot: path.join(ramRoot, 'root'),
    stateDir,
    tempDir,
    cupsServer: env.cupsServer,
    cupsSpool: env.cupsSpool,
    saneConfigDir: env.saneConfigDir,
    allowLoopback: true,
    usb: null,
    log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(m),
  });
  await cabin.start();
  await cabin.runtime.waitFor('attract');
});

afterAll(async () => {
  await cabin?.stop();
  await fixture?.close();
  await rm(ramRoot, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
  await rm(tempDir, { recursive: true, force: true });
});

describe('a resident journey on the real cabin', () => {
  it('opens a démarche, prints the page, scans, uploads the scan, downloads a PDF, and ends with a verified wipe', async () => {
    const r = cabin.runtime;
    expect(r.getState().context.devices).toMatchObject({ printer: 'present', scanner: 'present' });
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'catalog'), 'the catalog');
    const sessionId = r.getState().context.sessionId!;
    expect(await readdir(path.join(ramRoot, 'root'))).toContain(sessionId);
    r.send({ type: 'OPEN_DEMARCHE', demarcheId: 'test' });
    await until(() => r.demarcheView() !== null, 'the démarche view');
    await page().waitForSelector('#name');

    // The on-screen keyboard types into the page's focused field.
    await page().click('#name');
    r.keyboard({ kind: 'text', text: 'Dupont' });
    await expect.poll(() => page().inputValue('#name')).toBe('Dupont');

    // window.print() on the page → our print flow (never a dialog) → the cups-pdf queue.
    const printedBefore = (await readdir(env.pdfOutDir)).length;
    await page().click('#print');
    const confirming = await until(at('session', 'demarche', 'printing', 'confirming'), 'print confirmation');
    expect(confirming.context.print.pages).toBe(1);
    expect(await r.query({ kind: 'printPreview' })).toBeInstanceOf(Uint8Array);
    r.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await until(at('session', 'demarche', 'printing', 'done'), 'print done');
    await expect.poll(async () => (await readdir(env.pdfOutDir)).length, { timeout: 10_000 }).toBe(printedBefore + 1);
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'demarche', 'browsing'), 'back to the page');

    // The file input opens our picker; the resident scans a document from there.
    await page().click('#file');
    const picking = await until(at('session', 'demarche', 'pickingFile'), 'the in-app file picker');
    expect(picking.context.fileChooser).toEqual({ accept: ['application/pdf'], multiple: false });
    r.send({ type: 'SCAN_REQUEST' });
    r.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    r.send({ type: 'SCAN_PAGE' });
    await until(at('session', 'demarche', 'scanning', 'review'), 'a scanned page', 30_000);
    expect(await r.query({ kind: 'scanPreview', page: 0 })).toBeInstanceOf(Uint8Array);
    r.send({ type: 'SCAN_FINISH' });
    const back = await until(at('session', 'demarche', 'pickingFile'), 'back to the picker with the scan');
    expect(back.documents).toHaveLength(1);
    expect(back.documents[0]).toMatchObject({ kind: 'scan', mime: 'application/pdf', pages: 1 });
    r.send({ type: 'FILES_CHOSEN', documentIds: [back.documents[0]!.id] });
    await until(at('session', 'demarche', 'browsing'), 'the file given to the page');
    await page().click('#send');
    await page().waitForSelector('#ok');
    expect(fixture.uploads).toHaveLength(1);
    expect(fixture.uploads[0]!.bytes).toBeGreaterThan(1000);

    // The cabin's "Retour" goes back in the page (the form again), then a PDF download opens in our viewer, never Chromium's.
    r.send({ type: 'BACK' });
    await page().waitForSelector('#avis', { timeout: 10_000 });
    expect(at('session', 'demarche', 'browsing')(r.getState())).toBe(true);
    await page().click('#avis');
    const viewing = await until(at('session', 'demarche', 'viewingDocument'), 'our PDF viewer');
    const download = viewing.documents.find((d) => d.kind === 'download')!;
    expect(download).toMatchObject({ label: 'avis-de-situation.pdf', pages: 2 });
    expect(viewing.context.viewingDocumentId).toBe(download.id);
    const bytes = (await r.query({ kind: 'documentBytes', documentId: download.id })) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    // A link off the allow-list is refused with its screen.
    r.send({ type: 'BACK' });
    r.send({ type: 'BACK' });
    await until(at('session', 'demarche', 'browsing'), 'the page again');
    await page().click('#away');
    const blocked = await until(at('session', 'demarche', 'blocked'), 'the blocked-site screen');
    expect(blocked.context.blockedHost).toBe('evil.localhost');
    r.send({ type: 'BACK' });

    // "Terminer": the wipe, its receipt, and nothing left of the session.
    r.send({ type: 'END_REQUEST' });
    const goodbye = await until(at('goodbye'), 'the receipt', 30_000);
    expect(goodbye.context.receipt).toMatchObject({ documents: 1, scans: 1, printJobs: 1, verified: true }); // documents = downloads
    expect(goodbye.context.counts.pagesPrinted).toBe(0); // reset with the session
    expect(goodbye.documents).toEqual([]);
    // The session's directory is gone; only the next, pre-warmed session's may be there.
    const after = await readdir(path.join(ramRoot, 'root'));
    expect(after).not.toContain(sessionId);
    expect(after.filter((d) => d.startsWith('s-'))).toHaveLength(1);
    expect(await r.query({ kind: 'documents' })).toEqual([]);
    await expect(r.query({ kind: 'diagnostics' })).rejects.toThrow(/maintenance/);
  });

  it('a technician sees diagnostics in maintenance, runs a test scan, and leaving maintenance wipes', async () => {
    const r = cabin.runtime;
    r.send({ type: 'TOUCH' });
    await until(at('attract'), 'attract');
    r.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await until(at('maintenance'), 'maintenance');
    const report = (await r.query({ kind: 'diagnostics' })) as { printer: { queue: string; state: string } | null; config: { ok: boolean } };
    expect(report.printer).toMatchObject({ queue: 'PDF' });
    expect(report.config.ok).toBe(true);
    r.send({ type: 'MAINTENANCE_TEST_SCAN' });
    const tested = await until((s) => s.context.maintenanceTest !== null, 'the test scan', 30_000);
    expect(tested.context.maintenanceTest).toEqual({ kind: 'scan', ok: true, fault: null });
    expect(await r.query({ kind: 'scanPreview', page: 0 })).toBeInstanceOf(Uint8Array);
    r.send({ type: 'MAINTENANCE_EXIT' });
    await until(at('attract'), 'attract after the maintenance wipe', 30_000);
  });

  it('a wrong PIN is refused and the audit log holds counts, never what the resident typed', async () => {
    const r = cabin.runtime;
    r.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '0000' });
    await until((s) => s.context.unlock.last === 'rejected', 'the PIN refused');
    const files = await readdir(stateDir, { recursive: true });
    const logs = files.filter((f) => String(f).endsWith('.jsonl'));
    expect(logs.length).toBeGreaterThan(0);
    const { readFile } = await import('node:fs/promises');
    const text = (await Promise.all(logs.map((f) => readFile(path.join(stateDir, String(f)), 'utf8')))).join('\n');
    expect(text).toContain('"demarches":["test"]');
    for (const secret of ['Dupont', 'avis-de-situation', 'evil.localhost', '0000', '13579']) expect(text).not.toContain(secret);
  });
});
