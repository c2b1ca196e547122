// Scanner faults with the real scanimage and SANE test backend. The backend's --read-return-value makes
// sane_read() return a chosen status (what a real backend returns for a jam, an empty feeder, an open cover,
// a busy device, or a device that stopped answering: SANE_STATUS_IO_ERROR is what USB and network backends
// return when the scanner is unplugged or switched off mid-transfer). Other faults are provoked for real:
// a scanimage killed mid-scan, a slow scanner past the deadline, a session folder that is full.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listScanners } from '../../../src/devices/scanner';
import { ScannerFault, type ScanFault } from '../../../src/shared/session/types';
import { currentTestEnv, type TestEnv } from '../../../scripts/test-env';
import { filesIn, ourScanimages, sessionFolder, testScanner, tinyTmpfs } from './helpers';

let env: TestEnv;
const cleanups: (() => Promise<void>)[] = [];
const folder = async () => {
  const dir = await sessionFolder();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

beforeAll(async () => {
  env = await currentTestEnv();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  expect(await ourScanimages()).toEqual([]); // no scanimage left behind by any test
});

async function faultOf(promise: Promise<unknown>): Promise<ScanFault> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScannerFault);
  expect((error as ScannerFault).message.length).toBeGreaterThan(10); // a French sentence for the logs
  return (error as ScannerFault).fault;
}

describe.each([
  ['SANE_STATUS_JAMMED', 'jammed'],
  ['SANE_STATUS_NO_DOCS', 'no-document'],
  ['SANE_STATUS_COVER_OPEN', 'cover-open'],
  ['SANE_STATUS_DEVICE_BUSY', 'busy'],
  ['SANE_STATUS_IO_ERROR', 'device-gone'],
] as const)('sane_read returns %s', (status, expected) => {
  it(`→ '${expected}', the pages already scanned kept, nothing of the failed one`, async () => {
    const dir = await folder();
    const good = testScanner(env).startDocument(dir);
    await good.scanPage();
    const kept = await filesIn(dir);
    // Same folder, same device, the fault on the next page.
    const failing = testScanner(env, { extraArgs: ['--read-return-value', status] }).startDocument(dir);
    expect(await faultOf(failing.scanPage())).toBe(expected);
    expect(await filesIn(dir)).toEqual(kept);
    expect((await good.finish()).pages).toBe(1);
  });
});

it('device gone mid-scan: scanimage dies while the page is coming → device-gone', async () => {
  // A scanner unplugged mid-transfer either makes its backend return an I/O error (above) or takes the
  // front end down with it (a crash in the backend, the process killed with the USB device's driver).
  // The second case, for real: scanimage is killed by another hand while it transfers a slow page.
  const dir = await folder();
  const doc = testScanner(env, { extraArgs: ['--read-delay=yes', '--read-delay-duration', '100000'] }).startDocument(dir);
  const scanning = faultOf(doc.scanPage());
  let pids: number[] = [];
  for (let i = 0; i < 100 && pids.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    pids = await ourScanimages(true);
  }
  expect(pids).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 300)); // mid-transfer
  process.kill(pids[0]!, 'SIGKILL');
  expect(await scanning).toBe('device-gone');
  expect(await filesIn(dir)).toEqual([]);
});

it('a device that is no longer there (its name no longer resolves) → device-gone', async () => {
  const doc = testScanner(env, { device: 'test:9' }).startDocument(await folder());
  expect(await faultOf(doc.scanPage())).toBe('device-gone');
});

it('a slow scanner past the deadline → timeout, scanimage stopped, nothing written', async () => {
  const dir = await folder();
  // 200 ms per 32 KB buffer: ~13 s for this page, against a 1.5 s deadline.
  const doc = testScanner(env, { timeoutMs: 1_500, extraArgs: ['--read-delay=yes', '--read-delay-duration', '200000'] }).startDocument(dir);
  const started = Date.now();
  expect(await faultOf(doc.scanPage())).toBe('timeout');
  expect(Date.now() - started).toBeLessThan(6_000); // the deadline plus the SIGTERM→SIGKILL grace, not the 13 s
  expect(await ourScanimages()).toEqual([]);
  expect(await filesIn(dir)).toEqual([]);
});

it('a full session folder at the page → disk-full, no partial file left', async () => {
  const tmpfs = await tinyTmpfs('64k'); // a 150 dpi gray grid page is ~140 KB
  cleanups.push(() => tmpfs.unmount());
  const doc = testScanner(env).startDocument(tmpfs.dir);
  expect(await faultOf(doc.scanPage())).toBe('disk-full');
  expect(await filesIn(tmpfs.dir)).toEqual([]);
});

it('a folder that fills up at finish → disk-full, the pages kept for a retry or a discard', async () => {
  const tmpfs = await tinyTmpfs('256k'); // room for one ~140 KB page, not for the page and its PDF
  cleanups.push(() => tmpfs.unmount());
  const doc = testScanner(env).startDocument(tmpfs.dir);
  await doc.scanPage();
  const pages = await filesIn(tmpfs.dir);
  expect(pages).toHaveLength(1);
  expect(await faultOf(doc.finish())).toBe('disk-full');
  expect(await filesIn(tmpfs.dir)).toEqual(pages);
  await doc.discard();
  expect(await filesIn(tmpfs.dir)).toEqual([]);
});

describe('no scanner', () => {
  let emptyConfig = '';
  beforeAll(async () => {
    // A SANE configuration with no backend at all, like a cabin whose scanner is unplugged.
    emptyConfig = await mkdtemp(path.join(tmpdir(), 'cabine-sane-empty-'));
    await writeFile(path.join(emptyConfig, 'dll.conf'), '');
    cleanups.push(() => rm(emptyConfig, { recursive: true, force: true }));
  });

  it('listScanners finds none; a scanner without a configured device says no-scanner', async () => {
    expect(await listScanners({ saneConfigDir: emptyConfig })).toEqual([]);
    const doc = testScanner(env, { device: undefined, saneConfigDir: emptyConfig }).startDocument(await folder());
    expect(await faultOf(doc.scanPage())).toBe('no-scanner');
  });

  it('scanimage itself missing → no-scanner', async () => {
    const doc = testScanner(env, { scanimage: '/nonexistent/scanimage' }).startDocument(await folder());
    expect(await faultOf(doc.scanPage())).toBe('no-scanner');
  });
});
