// Issue 15: a site whose <input type=file> takes images only (accept="image/jpeg,image/png") gets a scan as
// JPEG, not as the PDF it would refuse. The whole cabin on real components: the session machine, Debian's
// Chromium, SANE's test backend; the page reads the file it was given.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { currentTestEnv } from '../../scripts/test-env/index';
import type { ViewState } from '../../src/shared/ipc';
import { at, until as untilState } from '../support/cabin-state';
import { fixtureCabinConfig } from '../support/fixture-cabin-config';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';

let fixture: DemarcheFixture;
let ramRoot: string;
let stateDir: string;
let tempDir: string;
let cabin: AssembledCabin;

const until = (predicate: Parameters<typeof untilState>[1], what: string, timeoutMs = 30_000) =>
  untilState(cabin.runtime, predicate, what, { timeoutMs, everyMs: 50 });
const page = () => (cabin.runtime.demarcheView() as ChromiumView).page;

interface Received {
  files: { name: string; type: string; size: number; head: number[] }[];
}

/** Adds a file input to the démarche's page that records what it receives (names, types, first bytes). */
async function addImageInput(id: string, accept: string, multiple: boolean): Promise<void> {
  await page().evaluate(
    ({ id, accept, multiple }) => {
      const input = document.createElement('input');
      Object.assign(input, { type: 'file', id, accept, multiple });
      input.addEventListener('change', async () => {
        const files = await Promise.all(
          [...(input.files ?? [])].map(async (f) => ({
            name: f.name,
            type: f.type,
            size: f.size,
            head: [...new Uint8Array(await f.slice(0, 3).arrayBuffer())],
          })),
        );
        (window as unknown as Record<string, unknown>)[`received_${id}`] = { files };
      });
      document.body.append(input);
    },
    { id, accept, multiple },
  );
}
const received = (id: string) => page().evaluate((id) => (window as unknown as Record<string, Received | undefined>)[`received_${id}`] ?? null, id);

/** From the picker: scan (a document of one page, or a card's two sides) and come back to the picker. */
async function scanFromPicker(layout: 'document' | 'card'): Promise<ViewState> {
  const r = cabin.runtime;
  r.send({ type: 'SCAN_REQUEST' });
  r.send({ type: 'SCAN_LAYOUT', layout });
  for (let side = 1; side <= (layout === 'card' ? 2 : 1); side++) {
    r.send({ type: 'SCAN_PAGE' });
    await until((s) => at('session', 'demarche', 'scanning', 'review')(s) && s.context.scan.pages === side, `scanned page ${side}`);
    r.send({ type: 'SCAN_PAGE_OK' });
  }
  if (layout === 'document') r.send({ type: 'SCAN_FINISH' });
  return until(at('session', 'demarche', 'pickingFile'), 'back to the picker with the scan');
}

beforeAll(async () => {
  const env = await currentTestEnv();
  fixture = await startDemarcheFixture();
  ramRoot = await mkdtemp('/dev/shm/csj-'); // short: Chromium's singleton socket path must fit in 108 bytes
  stateDir = await mkdtemp('/tmp/cabine-scanjpeg-state-');
  tempDir = await mkdtemp('/tmp/cabine-scanjpeg-temp-');
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

describe('an input that takes images only', () => {
  it('gets the scan as a JPEG (FF D8 FF), one file for a one-file input; a card’s two sides for a many-file one; wiped at the end', async () => {
    const r = cabin.runtime;
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'catalog'), 'the catalog');
    r.send({ type: 'OPEN_DEMARCHE', demarcheId: 'test' });
    await until(() => r.demarcheView() !== null, 'the démarche view');
    await page().waitForSelector('#name');

    // One file, JPEG or PNG: the scan's page as the scanner's JPEG.
    await addImageInput('photo', 'image/jpeg,image/png', false);
    await page().click('#photo');
    const picking = await until(at('session', 'demarche', 'pickingFile'), 'the in-app file picker');
    expect(picking.context.fileChooser).toEqual({ accept: ['image/jpeg', 'image/png'], multiple: false });
    const back = await scanFromPicker('document');
    expect(back.documents).toEqual([expect.objectContaining({ kind: 'scan', mime: 'application/pdf', pages: 1, jpegImages: 1 })]);
    r.send({ type: 'FILES_CHOSEN', documentIds: [back.documents[0]!.id] });
    await until(at('session', 'demarche', 'browsing'), 'the file given to the page');
    await expect.poll(() => received('photo'), { timeout: 10_000 }).not.toBeNull();
    const one = (await received('photo'))!;
    expect(one.files).toHaveLength(1);
    expect(one.files[0]!.head).toEqual([0xff, 0xd8, 0xff]);
    expect(one.files[0]!.name).toMatch(/\.jpg$/);
    expect(one.files[0]!.type).toBe('image/jpeg');
    expect(one.files[0]!.size).toBeGreaterThan(1000);

    // Several images: an ID card's front and back, two JPEGs.
    await addImageInput('sides', 'image/*', true);
    await page().click('#sides');
    await until(at('session', 'demarche', 'pickingFile'), 'the picker again');
    const withCard = await scanFromPicker('card');
    const card = withCard.documents.find((d) => d.pages === 1 && d.jpegImages === 2)!;
    expect(card).toBeDefined();
    r.send({ type: 'FILES_CHOSEN', documentIds: [card.id] });
    await until(at('session', 'demarche', 'browsing'), 'the files given to the page');
    await expect.poll(() => received('sides'), { timeout: 10_000 }).not.toBeNull();
    const two = (await received('sides'))!;
    expect(two.files.map((f) => f.name.replace(/^.*-/, ''))).toEqual(['recto.jpg', 'verso.jpg']);
    for (const f of two.files) expect(f.head).toEqual([0xff, 0xd8, 0xff]);

    // The PDF still goes to an input that takes PDF.
    await addImageInput('pdf', 'application/pdf', false);
    await page().click('#pdf');
    await until(at('session', 'demarche', 'pickingFile'), 'the picker for a PDF');
    r.send({ type: 'FILES_CHOSEN', documentIds: [card.id] });
    await expect.poll(() => received('pdf'), { timeout: 10_000 }).not.toBeNull();
    expect((await received('pdf'))!.files.map((f) => [f.type, f.head])).toEqual([['application/pdf', [0x25, 0x50, 0x44]]]);

    // The JPEGs are the session's files: the wipe takes them with the rest, and says so verified.
    r.send({ type: 'END_REQUEST' });
    const goodbye = await until(at('goodbye'), 'the receipt', 60_000);
    expect(goodbye.context.receipt).toMatchObject({ scans: 2, verified: true });
  });
});
