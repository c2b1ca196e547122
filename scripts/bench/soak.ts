// `npm run bench:soak -- --sessions 200 [--print]` → one JSON object.
//
// Runs resident sessions back to back (residue fixture: canary written into every store, no
// clicks; --print also prints each page on the private PDF queue), each ended and wiped by the
// real lifecycle on the real Chromium adapter, and samples after every wipe, once the next
// session is pre-warmed:
//   rss_mb             this process (the cabin's runtime: lifecycle, engine driver), after a GC
//   heap_used_mb       its JS heap then (RSS also moves with the allocator, not only with leaks)
//   fds                its open file descriptors
//   ram_root_files     files under the RAM root (the pre-warmed next session's profile)
//   browsers_pss_mb    PSS of the browser processes then alive (the pre-warmed one)
//   cups_spool_files   files in the CUPS spool (with --print)
// and prints the growth of each between session 10 and the last (goal ≤ 5 %), and the trend
// (least-squares slope per 100 sessions from session 10 on), less sensitive to one noisy sample.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as nodeParseArgs } from 'node:util';
import type { StorageLogEntry } from '../../src/cabin/storage';
import { measureTree } from '../../src/cabin/storage/tree';
import { benchLifecycle, demarcheFor, newCanary, openBench, pageOf, waitForTitle, withParam } from '../harness/lifecycle';
import { startResidueFixture } from '../harness/residue-site/server';
import { machine, stats } from './wipe';
import { rejectUnknownFlags } from '../harness/args';

const gc = (globalThis as { gc?: () => void }).gc;

export interface SoakBenchOptions {
  sessions: number;
  print: boolean;
}

/**
 * `--sessions N [--print]`, `--sessions N` or `--sessions=N` (an unknown flag is refused). Throws the
 * message to print when N is not an integer above 10: the command exits 2.
 */
export function parseArgs(argv: string[]): SoakBenchOptions {
  const { values } = nodeParseArgs({
    args: argv,
    options: { sessions: { type: 'string' }, print: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  rejectUnknownFlags(values, ['sessions', 'print']);
  let sessions = 200;
  if (values.sessions !== undefined) {
    // Not strict: `--sessions` given last without its value reads as `true`.
    sessions = typeof values.sessions === 'string' ? Number(values.sessions) : NaN;
    if (!Number.isInteger(sessions) || sessions <= 0) throw new Error('--sessions must be a positive integer');
  }
  if (sessions < 11) throw new Error('--sessions must be more than 10 (growth is measured from session 10)');
  return { sessions, print: values.print !== undefined };
}

/** Proportional set size (shared pages split between their users), so processes sum up honestly. */
function pssOfPidsMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // Gone meanwhile.
    }
  }
  return Math.round(kb / 1024);
}

interface Sample {
  session: number;
  rss_mb: number;
  heap_used_mb: number;
  fds: number;
  ram_root_files: number;
  browsers_pss_mb: number;
  cups_spool_files: number;
}

/** Least-squares slope of `y` over the session number, per 100 sessions: a trend, less noisy than two samples. */
function slopePer100(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : Number(((sxy / sxx) * 100).toFixed(2));
}

const growth = (from: number, to: number) => (from === 0 ? (to === 0 ? 0 : 100) : Number((((to - from) / from) * 100).toFixed(1)));

async function main({ sessions, print }: SoakBenchOptions) {
  const atStart = machine();
  const fixture = await startResidueFixture();
  const bench = await openBench();
  const wipeMs: number[] = [];
  const lifecycle = benchLifecycle(bench, {
    log: (e: StorageLogEntry) => {
      if (e.event === 'wipe' && e.ok) wipeMs.push(e.durationMs);
    },
  });
  const samples: Sample[] = [];
  const failures: string[] = [];
  const allow = [fixture.idpHost];
  try {
    await lifecycle.bootSweep();
    await lifecycle.prewarm();
    for (let i = 1; i <= sessions; i++) {
      const session = await lifecycle.claim();
      const url = withParam(withParam(fixture.url, 'noclick', '1'), 'canary', newCanary());
      const view = await session.open(demarcheFor(url, allow));
      const ready = await waitForTitle(pageOf(session), (t) => t === 'ready' || t.startsWith('error:'), 60_000);
      if (ready !== 'ready') failures.push(`session ${i}: page ${ready ?? 'timed out'}`);
      if (print) {
        const job = await bench.printer.print(await view.printToPdf());
        session.recordPrintJob(job.jobId);
      }
      await view.close();
      await lifecycle.endSession(session.sessionId);
      const { nextReadyMs } = await lifecycle.wipeAndMeasure(session.sessionId);
      await nextReadyMs;
      gc?.();
      const spareDir = lifecycle.spareDir();
      const sparePids = spareDir
        ? readdirSync('/proc')
            .filter((n) => /^\d+$/.test(n))
            .map(Number)
            .filter((pid) => {
              try {
                return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(spareDir);
              } catch {
                return false;
              }
            })
        : [];
      samples.push({
        session: i,
        rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
        heap_used_mb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        fds: readdirSync('/proc/self/fd').length,
        ram_root_files: measureTree(bench.ramRoot).files,
        browsers_pss_mb: pssOfPidsMb(sparePids),
        cups_spool_files: measureTree(bench.env.cupsSpool).files,
      });
      if (i % 10 === 0) process.stderr.write(`bench:soak ${i}/${sessions}: ${JSON.stringify(samples.at(-1))}\n`);
    }
  } catch (e) {
    failures.push((e as Error).message);
  } finally {
    await lifecycle.shutdown().catch(() => {});
    await bench.close();
    await fixture.stop();
  }
  const at10 = samples.find((s) => s.session === 10);
  const last = samples.at(-1);
  const keys = ['rss_mb', 'heap_used_mb', 'fds', 'ram_root_files', 'browsers_pss_mb', 'cups_spool_files'] as const;
  const result = {
    machine: { ...atStart, loadavg_1m_at_end: Number(loadavg()[0]!.toFixed(2)) },
    sessions: samples.length,
    gc_forced: gc !== undefined,
    printed: print,
    at_session_10: at10 ?? null,
    at_last: last ?? null,
    growth_pct: at10 && last ? Object.fromEntries(keys.map((k) => [k, growth(at10[k], last[k])])) : null,
    trend_per_100_sessions: Object.fromEntries(
      keys.map((k) => [k, slopePer100(samples.filter((x) => x.session >= 10).map((x) => ({ x: x.session, y: x[k] })))]),
    ),
    max_after_10: Object.fromEntries(keys.map((k) => [k, Math.max(...samples.filter((s) => s.session >= 10).map((s) => s[k]))])),
    wipe_ms: stats(wipeMs),
    failures,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = failures.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: SoakBenchOptions | null = null;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:soak: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
  if (options) {
    main(options).catch((e: Error) => {
      process.stderr.write(`bench:soak: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
  }
}
