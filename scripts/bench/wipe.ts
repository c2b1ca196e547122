// `npm run bench:wipe [-- --sessions 20 --mb 50]` → one JSON object.
//
// Sessions of the residue fixture storing ~50 MB each (half IndexedDB, half Cache API, random
// bytes), on the real Chromium adapter, the real wipe and the private CUPS. For each session:
//   wipe_ms                 wipe start → wipe verified (receipt)
//   wipe_to_ready_ms        wipe start → wipe verified AND the next session's pre-warmed browser
//                           ready to claim
//   next_session_ready_ms   end of the session (the démarche view closing and the storage being
//                           counted, as the machine's endSession does) → the same point: what the resident-facing "end click → next attract
//                           shown" costs in storage and browser work (the machine's own screen
//                           changes are not included: the lead wires the machine)
// and its residue: canary hits in every searched place after the wipe, and what the next session
// saw on ?check= (each session first checks the previous one's canary).
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createSessionLifecycle, cupsSpoolWatch, searchCanary, type StorageLogEntry } from '../../src/cabin/storage';
import { demarcheFor, newCanary, openBench, pageOf, searchRoots, tempWatch, waitForTitle, withParam } from '../audit/residue';
import { startResidueFixture } from '../../tests/fixtures/residue/server';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

export function stats(values: readonly number[]): { p50: number; p95: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, n: s.length };
}

export function machine() {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    mem_total_mb: Math.round(totalmem() / 2 ** 20),
    mem_free_mb: Math.round(freemem() / 2 ** 20),
    kernel: release(),
    node: process.version,
    loadavg_1m_at_start: Number(loadavg()[0]!.toFixed(2)),
  };
}

async function main() {
  const atStart = machine();
  const sessions = arg('sessions', 20);
  const mb = arg('mb', 50);
  const fixture = await startResidueFixture();
  const bench = await openBench();
  const phases: Record<string, number>[] = [];
  const lifecycle = createSessionLifecycle({
    ramRoot: bench.ramRoot,
    allowDiskBacked: false,
    engine: bench.engine,
    printer: bench.printer,
    watchedRoots: [tempWatch(bench.tmp), cupsSpoolWatch(bench.env.cupsSpool)],
    allowLoopback: true,
    log: (e: StorageLogEntry) => {
      if (e.event === 'wipe' && e.ok) phases.push(e.phasesMs);
    },
  });
  const wipeMs: number[] = [];
  /** CPU time of this process during the wipe: the wipe's own cost, whatever the machine's load. */
  const wipeCpu: number[] = [];
  const wipeToReady: number[] = [];
  const nextReady: number[] = [];
  const storedMb: number[] = [];
  const residue: { session: number; hits: number; next_session: string }[] = [];
  const failures: string[] = [];
  const allow = [fixture.idpHost];
  try {
    await lifecycle.bootSweep();
    await lifecycle.prewarm();
    let previous: { canary: string; session: number; hits: number } | null = null;
    for (let i = 0; i <= sessions; i++) {
      const session = await lifecycle.claim();
      // First the previous session's canary, seen from this fresh session.
      if (previous) {
        const view = await session.open(demarcheFor(withParam(fixture.url, 'check', previous.canary), allow));
        const seen = await waitForTitle(pageOf(session), (t) => t === 'clean' || t.startsWith('found:') || t.startsWith('error:'), 30_000);
        residue.push({ session: previous.session, hits: previous.hits, next_session: seen ?? 'timeout' });
        await view.close();
      }
      if (i === sessions) {
        // The last claim only checked the last session; wipe it and stop.
        await lifecycle.wipe(session.sessionId);
        break;
      }
      const canary = newCanary();
      let url = withParam(fixture.url, 'big', String(mb));
      url = withParam(withParam(url, 'noclick', '1'), 'canary', canary);
      const view = await session.open(demarcheFor(url, allow));
      const ready = await waitForTitle(pageOf(session), (t) => t === 'ready' || t.startsWith('error:'), 180_000);
      if (ready !== 'ready') failures.push(`session ${i}: page ${ready ?? 'timed out'}`);
      const ended = performance.now();
      await view.close();
      await lifecycle.endSession(session.sessionId);
      const cpu0 = process.cpuUsage();
      const { receipt, nextReadyMs } = await lifecycle.wipeAndMeasure(session.sessionId);
      const cpu = process.cpuUsage(cpu0);
      wipeCpu.push(Math.round((cpu.user + cpu.system) / 1000));
      const toReady = await nextReadyMs;
      const readyAt = performance.now();
      wipeMs.push(receipt.durationMs);
      if (toReady !== null) wipeToReady.push(toReady);
      nextReady.push(Math.round(readyAt - ended));
      storedMb.push(Math.round(receipt.bytes / 2 ** 20));
      const found = await searchCanary(canary, await searchRoots(bench, [], [session.paths.dir]), { exclude: [bench.env.pdfOutDir] });
      previous = { canary, session: i, hits: found.hits.length };
      process.stderr.write(`bench:wipe session ${i + 1}/${sessions}: ${receipt.bytes >> 20} MB, wipe ${receipt.durationMs} ms, ready ${toReady} ms, ${found.hits.length} hits\n`);
    }
  } catch (e) {
    failures.push((e as Error).message);
  } finally {
    await lifecycle.shutdown().catch(() => {});
    await bench.close();
    await fixture.stop();
  }
  const phaseNames = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  const result = {
    machine: { ...atStart, loadavg_1m_at_end: Number(loadavg()[0]!.toFixed(2)) },
    sessions: wipeMs.length,
    stored_mb_per_session: stats(storedMb).p50,
    wipe_to_ready_ms: stats(wipeToReady),
    wipe_ms: stats(wipeMs),
    wipe_cpu_ms: stats(wipeCpu),
    next_session_ready_ms: stats(nextReady),
    wipe_phases_p50_ms: Object.fromEntries(phaseNames.map((n) => [n, stats(phases.map((p) => p[n] ?? 0)).p50])),
    residue,
    residue_hits_total: residue.reduce((n, r) => n + r.hits, 0),
    residue_all_clean: residue.length === wipeMs.length && residue.every((r) => r.hits === 0 && r.next_session === 'clean'),
    failures,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = failures.length || !result.residue_all_clean ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: Error) => {
    process.stderr.write(`bench:wipe: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  });
}
