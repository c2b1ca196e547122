// The Chromium shell (src/shell/chromium) as a resident and a technician meet it, through the real `npm start`
// path (`node scripts/start.mjs --shell chromium`, which spawns `tsx src/shell/chromium/main.ts`), with no
// $DISPLAY (so on a private Xvfb of its own).
//   --smoke: attract → … → the receipt on the real runtime, devices and wipe; exit 0, one screenshot of
//            the display per step.
//   a config that does not validate: the out-of-service screen with its reasons, and the smoke fails.
// And its bridge in a real Chromium: only the screens page's top frame gets window.cabine and may talk.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bridgePage } from '../../src/shell/chromium/bridge';
import { ROOT } from '../../src/shell/chromium/renderer';
import type { CabineHost, ViewState } from '../../src/shared/ipc/contract';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function runShell(args: string[], timeoutMs: number): Promise<{ code: number | null; out: string; ms: number }> {
  const env = { ...process.env };
  delete env.DISPLAY;
  const started = Date.now();
  return new Promise((resolve) => {
    delete env.CABINE_SHELL;
    delete env.CABINE_CHROMIUM_SHELL_ENTRY;
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--shell', 'chromium', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

/** The newest change under what a Chromium left alone writes in the user's home (null: nothing there). */
async function homeFootprint(): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const p of ['.config/chromium', '.cache/chromium', '.pki/nssdb', 'Downloads']) {
    const root = path.join(homedir(), p);
    const entries = await readdir(root, { recursive: true }).catch(() => null);
    if (!entries) {
      out[p] = null;
      continue;
    }
    let newest = (await stat(root)).mtimeMs;
    for (const e of entries)
      newest = Math.max(
        newest,
        await stat(path.join(root, String(e))).then(
          (st) => st.mtimeMs,
          () => 0,
        ),
      );
    out[p] = newest;
  }
  return out;
}

/** Width and height of a PNG file (its IHDR). */
async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const head = (await readFile(file)).subarray(0, 24);
  expect(head.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

describe('the Chromium shell, run alone', () => {
  it('--smoke: the whole journey to a verified wipe on its own Xvfb, a screenshot of the display per step', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cabine-shell-smoke-'));
    dirs.push(out);
    const before = await homeFootprint();
    const r = await runShell(['--smoke', '--out', out], 240_000);
    // Neither of the shell's browsers wrote in the real home (the screens' crash database once did).
    expect(await homeFootprint()).toEqual(before);
    expect(r.out, r.out).toContain('smoke: PASSED');
    expect(r.out).toContain('Cabine runs in Chromium');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/display: no \$DISPLAY, so a private Xvfb :\d+ \(1920x1080\)/);
    expect(r.out).toMatch(/devices: .*private CUPS with a PDF printer .*printed pages land in \S+pdf-out.*SANE's test scanner/);
    expect(r.out).toMatch(/attract screen shown \d+\.\d s after start/);
    expect(r.out).toMatch(/receipt: wipe verified in \d+ ms \(\d+ document\(s\), 1 scan\(s\), 1 print job\(s\)\)/);
    const shots = (await readdir(out)).sort();
    expect(shots).toEqual([
      '01-attract.png',
      '02-welcome.png',
      '03-catalog.png',
      '04-demarche.png',
      '05-keyboard.png',
      '06-print-confirm.png',
      '07-print-done.png',
      '08-scan-ready.png',
      '09-scan-review.png',
      '10-scan-kept.png',
      '11-end-confirm.png',
      '12-receipt.png',
    ]);
    for (const s of shots) expect(await pngSize(path.join(out, s))).toEqual({ width: 1920, height: 1080 });
    console.log(`chromium shell --smoke: ${r.ms} ms; ${r.out.match(/attract screen shown [\d.]+ s/)?.[0]}; ${r.out.match(/PASSED in [\d.]+ s/)?.[0]}`);
  }, 300_000);

  it('a config that does not validate: the out-of-service screen with its reasons; the smoke fails', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cabine-shell-bad-'));
    dirs.push(out);
    const config = path.join(out, 'config.yaml');
    await writeFile(config, 'version: 1\ncatalog: []\ntimers:\n  receiptSeconds: soon\n', { mode: 0o600 });
    const r = await runShell(['--config', config, '--smoke', '--out', path.join(out, 'shots')], 180_000);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`config ${config} does not validate`);
    expect(r.out).toContain('timers.receiptSeconds: il faut un nombre, pas un texte');
    expect(r.out).toContain('out-of-service screen shown');
    expect(r.out).toContain('smoke: FAILED: the config does not validate');
    expect((await readdir(path.join(out, 'shots'))).sort()).toEqual(['01-out-of-service.png', '02-out-of-service-reasons.png']);
  }, 240_000);
});

describe('the bridge in Chromium', () => {
  let browser: Browser;
  let server: Server;
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('only the screens page’s top frame gets window.cabine and may talk; what the contract refuses reaches nothing', async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.url === '/frame' ? '<p>frame</p>' : '<p>screens</p><iframe src="/frame"></iframe>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const appUrl = `http://127.0.0.1:${port}/`;

    const received: unknown[] = [];
    const host: CabineHost = {
      send: (e) => void received.push(e),
      subscribe: () => () => {},
      getState: () => ({ path: ['attract'] }) as unknown as ViewState,
      query: async (q) => (received.push(q), { kind: q.kind }),
      keyboard: (k) => void received.push(k),
      setDemarcheArea: (a) => void received.push(a),
      setDemarcheZoom: (z) => void received.push(z),
      setCallArea: (a) => void received.push(a),
    };
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    const context = await browser.newContext();
    const screens = await context.newPage();
    const bridge = await bridgePage(screens, host, { appUrl });
    await screens.goto(appUrl);
    const frame = screens.frames().find((f) => f.url().endsWith('/frame'))!;
    expect(frame).toBeTruthy();

    // The top frame: the API, and valid messages reach the host.
    expect(await screens.evaluate('typeof window.cabine')).toBe('object');
    await screens.evaluate(`window.cabine.send({ type: 'TOUCH' })`);
    expect(await screens.evaluate(`window.cabine.query({ kind: 'publicConfig' })`)).toEqual({ kind: 'publicConfig' });
    // A message the contract refuses: dropped, counted; a refused query rejects in the page.
    await screens.evaluate(`window.cabine.send({ type: 'PRESENCE', occupied: true })`);
    expect(await screens.evaluate(`window.cabine.query({ kind: 'readFile', path: '/etc/passwd' }).then(() => 'answered', (e) => e.message)`)).toContain(
      'refused',
    );

    // A sub-frame: no window.cabine, and its calls of the binding itself are refused.
    expect(await frame.evaluate('typeof window.cabine')).toBe('undefined');
    expect(await frame.evaluate(`window.__cabineCall('send', { type: 'TOUCH' }).then(() => 'answered', (e) => e.message)`)).toContain('refused');
    // Another page of the same browser: nothing at all.
    const other = await context.newPage();
    await other.goto(appUrl);
    expect(await other.evaluate('typeof window.cabine + typeof window.__cabineCall')).toBe('undefinedundefined');

    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([{ type: 'TOUCH' }, { kind: 'publicConfig' }]);
    expect(bridge.rejected.map((r) => [r.channel, r.error.startsWith('not from') ? r.error : 'contract'])).toEqual([
      ['event', 'contract'],
      ['query', 'contract'],
      ['send', 'not from the screens page'],
    ]);
    bridge.close();
  }, 120_000);
});
