// npm run bench:devices — what our printer and scanner drivers cost over the plain CUPS / SANE tools,
// measured in one run on the same queue and device. Prints one JSON object.
//   print_ms      ours: createPrinter().print() of a 1-page PDF, submit → CUPS says completed
//   print_raw_ms  plain `lp` of the same file, then CUPS's job state read every 5 ms until completed
//   scan_ms       ours: one A4 300 dpi color page → startDocument, scanPage (JPEG + preview), finish (PDF written)
//   scan_raw_ms   plain `scanimage --format=pdf -o file` of the same page (the same kind of file, no preview)
// Medians over RUNS (default 15) interleaved runs (ours, raw, ours, raw… so load from elsewhere hits both alike),
// after 2 warm-up runs each. The print queue is the test environment's FAULT queue in mode "ok" (a pass-through
// backend, so the time is CUPS + our driver, not cups-pdf's Ghostscript); the scanner is SANE's test backend
// drawing its "Grid" picture (black and white squares: closer to a document than a solid page).
// Starts the private CUPS + SANE test environment when CABINE_TEST_ENV names none, and stops it after.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createPrinter, IppClient, jobStateOf, resolveServer, testPagePdf } from '../../src/devices/printer';
import { createScanner } from '../../src/devices/scanner';
import { setFaultMode, startTestEnv } from '../test-env';

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const PICTURE = process.env.BENCH_SCAN_PICTURE ?? 'Grid';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

async function main(): Promise<void> {
  const started = await startTestEnv();
  const { env } = started;
  const work = await mkdtemp(path.join(process.env.BENCH_DIR ?? (process.platform === 'linux' ? '/dev/shm' : tmpdir()), 'cabine-bench-'));
  try {
    // ---- print ----
    const queue = env.queues.fault;
    await setFaultMode(env, 'ok');
    const printer = createPrinter({ queue, server: env.cupsServer, spoolDir: env.cupsSpool });
    await printer.resume();
    const pdf = await testPagePdf({ queue });
    const pdfFile = path.join(work, 'page.pdf');
    await writeFile(pdfFile, pdf);
    const cupsEnv = { ...process.env, CUPS_SERVER: env.cupsServer, LC_ALL: 'C' };
    const poller = new IppClient(resolveServer(env.cupsServer));
    const rawPrint = async (): Promise<number> => {
      const t0 = performance.now();
      const out = await run('lp', ['-d', queue, '-t', 'cabine', pdfFile], cupsEnv);
      const id = Number(/request id is .*-(\d+)/.exec(out)?.[1]);
      if (!Number.isInteger(id)) throw new Error(`lp said: ${out}`);
      for (;;) {
        const res = await poller.request('Get-Job-Attributes', '/jobs/', {
          'printer-uri': poller.printerUri(queue),
          'job-id': id,
          'requested-attributes': ['job-state'],
        });
        const state = jobStateOf(res.jobs[0]?.['job-state']);
        if (state === 'completed') return performance.now() - t0;
        if (state === 'aborted' || state === 'canceled') throw new Error(`raw job ${id} ${state}`);
        await sleep(5);
      }
    };
    const ourPrint = async (): Promise<number> => {
      const t0 = performance.now();
      await printer.print(pdf);
      return performance.now() - t0;
    };
    const printOurs: number[] = [];
    const printRaw: number[] = [];
    for (let i = 0; i < 2; i++) {
      await ourPrint();
      await rawPrint();
    }
    for (let i = 0; i < RUNS; i++) {
      printOurs.push(await ourPrint());
      printRaw.push(await rawPrint());
    }
    await printer.purge('all');
    printer.close();
    poller.close();

    // ---- scan ----
    const device = env.saneDevice;
    const common = ['--test-picture', PICTURE];
    const scanner = createScanner({
      device,
      resolution: 300,
      mode: 'color',
      source: 'flatbed',
      timeoutMs: 30_000,
      saneConfigDir: env.saneConfigDir,
      extraArgs: common,
    });
    const rawArgs = ['-d', device, '--format=pdf', '--mode', 'Color', '--resolution', '300', '-l', '0', '-t', '0', '-x', '210', '-y', '297', ...common];
    const saneEnv = { ...process.env, SANE_CONFIG_DIR: env.saneConfigDir, LC_ALL: 'C' };
    let n = 0;
    const ourScan = async (): Promise<number> => {
      const folder = path.join(work, `ours-${n++}`);
      await mkdir(folder);
      const t0 = performance.now();
      const doc = scanner.startDocument(folder);
      await doc.scanPage();
      await doc.finish();
      const ms = performance.now() - t0;
      await rm(folder, { recursive: true, force: true });
      return ms;
    };
    const rawScan = async (): Promise<number> => {
      const file = path.join(work, `raw-${n++}.pdf`);
      const t0 = performance.now();
      await run('scanimage', [...rawArgs, '-o', file], saneEnv);
      const ms = performance.now() - t0;
      await rm(file, { force: true });
      return ms;
    };
    const scanOurs: number[] = [];
    const scanRaw: number[] = [];
    for (let i = 0; i < 2; i++) {
      await ourScan();
      await rawScan();
    }
    for (let i = 0; i < RUNS; i++) {
      scanOurs.push(await ourScan());
      scanRaw.push(await rawScan());
    }

    const result = {
      print_ms: round(median(printOurs)),
      print_raw_ms: round(median(printRaw)),
      scan_ms: round(median(scanOurs)),
      scan_raw_ms: round(median(scanRaw)),
      print_overhead: round(median(printOurs) / median(printRaw), 3),
      scan_overhead: round(median(scanOurs) / median(scanRaw), 3),
      runs: RUNS,
      // The machine's load while measuring (1, 5, 15 min): on a shared machine the numbers mean little without it.
      loadavg: loadavg().map((x) => round(x, 2)),
      queue,
      device,
      scan: { resolution: 300, mode: 'color', picture: PICTURE, format: 'A4' },
      samples: {
        print_ms: printOurs.map((x) => round(x)),
        print_raw_ms: printRaw.map((x) => round(x)),
        scan_ms: scanOurs.map((x) => round(x)),
        scan_raw_ms: scanRaw.map((x) => round(x)),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
    await started.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:devices failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
