// `npm run bench:wipe [-- --sessions 20 --mb 50]` → one JSON object.
//
// Sessions of the residue fixture storing ~50 MB each (half IndexedDB, half Cache API, random
// bytes), on the real Chromium adapter, the real wipe and the private CUPS. For each session:
//   wipe_ms                 wipe start → wipe verified (receipt)
//   wipe_to_ready_ms        wipe start → wipe verified AND the next session's pre-warmed browser
//                           ready to claim
//   next_session_ready_ms   end of the session (the démarche view closing and the storage being
//                           counted, as the machine's endSession does) → the same point: what
//                           "end click → next attract shown" costs in storage and browser work
//                           (the machine's own screen
//                           changes are not included)
// Then the same through the whole cabin (`--machine-sessions`, default 10): the assembled runtime,
// its session machine and real actors, with
//   start_to_demarche_paint_ms    "Commencer" (ACCEPT) → the catalog → the démarche chosen at once
//                                 → its first contentful paint (a local page; wall clock)
//   cabin_process_rss_idle_mb, prewarmed_browser_{pss,rss_sum}_idle_mb   memory at attract, the
//                                 next session's browser pre-warmed (see IdleMemory)
// and the résident's "Terminer" (END_REQUEST) timed to
//   end_click_to_receipt_ms       the receipt screen ("Vos données ont été effacées"), i.e. the wipe
//                                 verified and the next session's profile pre-warmed
//   end_click_to_attract_ms       the next attract screen, when the next resident touches the
//                                 receipt at once (else attract comes timers.receiptSeconds later)
//   end_click_to_wiping_ms        the machine's wiping state: the démarche view closed and the
//                                 session's storage counted for the receipt (its endSession actor)
//   wiping_to_receipt_ms          from there to the receipt: the wipe and its verification
// and its residue: canary hits in every searched place after the wipe, and what the next session
// saw on ?check= (each session first checks the previous one's canary).
import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs as nodeParseArgs } from 'node:util';
import { searchCanary, type StorageLogEntry } from '../../src/cabin/storage';
import { searchRoots } from '../audit/residue';
import { benchLifecycle, demarcheFor, newCanary, openBench, pageOf, waitForTitle, withParam } from '../harness/lifecycle';
import { startResidueFixture, type ResidueFixture } from '../harness/residue-site/server';
import { assembleCabin } from '../../src/cabin/assemble';
import { processesWithArgumentSync, processTreeSync } from '../../src/base/node/processes';
import { cabinStateOf } from '../../src/cabin/runtime';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { defaultConfig, validateConfig } from '../../src/shared/config';
import type { ViewState } from '../../src/shared/ipc';
import type { TestEnv } from '../test-env/index';
import { rejectUnknownFlags } from '../harness/args';

export interface WipeBenchOptions {
  sessions: number;
  mb: number;
  machineSessions: number;
}

/**
 * `--sessions N --mb N --machine-sessions N`, each `--flag value` or `--flag=value` (an unknown flag
 * is refused). Throws the message to print when one is not a positive number: the command exits 2.
 */
export function parseArgs(argv: string[]): WipeBenchOptions {
  const { values } = nodeParseArgs({
    args: argv,
    options: { sessions: { type: 'string' }, mb: { type: 'string' }, 'machine-sessions': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  rejectUnknownFlags(values, ['sessions', 'mb', 'machine-sessions']);
  const positive = (name: string, fallback: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    // Not strict: a flag given last without its value reads as `true`.
    const v = typeof raw === 'string' ? Number(raw) : NaN;
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  return { sessions: positive('sessions', 20), mb: positive('mb', 50), machineSessions: positive('machine-sessions', 10) };
}

export function stats(values: readonly number[]): { p50: number; p95: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, n: s.length };
}

/** The median of each phase over the wipes (a phase a wipe did not have counts 0 for it). */
function phasesP50(phases: readonly Record<string, number>[]): Record<string, number> {
  const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(names.map((n) => [n, stats(phases.map((p) => p[n] ?? 0)).p50]));
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

interface IdleMemory {
  /** This process's RSS at attract, the next session pre-warmed: the cabin's runtime under Node plus the bench's fixture server (not Electron's main process). */
  cabin_process_rss_idle_mb: number;
  /** The pre-warmed browser at idle, all its processes: proportional set size (shared pages split between the processes that share them). */
  prewarmed_browser_pss_idle_mb: number | null;
  /** The same, summing each process's RSS (shared pages counted once per process: an overestimate). */
  prewarmed_browser_rss_sum_idle_mb: number | null;
  prewarmed_browser_processes: number | null;
}

/** Memory at idle: the cabin's process, and the pre-warmed browser whose profile is in `spareDir`. */
async function idleMemory(spareDir: string | null): Promise<IdleMemory> {
  const mb = (kb: number) => Math.round(kb / 1024);
  const cabin = { cabin_process_rss_idle_mb: Math.round(process.memoryUsage().rss / 2 ** 20) };
  const roots = spareDir ? processesWithArgumentSync(`--user-data-dir=${path.join(spareDir, 'profile')}`) : [];
  const pids = [...new Set(roots.flatMap((root) => processTreeSync(root)))];
  if (!pids.length) return { ...cabin, prewarmed_browser_pss_idle_mb: null, prewarmed_browser_rss_sum_idle_mb: null, prewarmed_browser_processes: null };
  let pss = 0;
  let rss = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  }
  return { ...cabin, prewarmed_browser_pss_idle_mb: mb(pss), prewarmed_browser_rss_sum_idle_mb: mb(rss), prewarmed_browser_processes: pids.length };
}

/**
 * "Terminer" → receipt → attract through the assembled cabin: the session machine with its real
 * actors (the same code as the Electron shell runs), the Chromium engine and the private CUPS.
 */
async function machineSessions(options: { env: TestEnv; base: string; fixture: ResidueFixture; sessions: number; mb: number }) {
  const { env, base, fixture } = options;
  const checked = validateConfig({
    ...defaultConfig,
    catalog: [{ id: 'bench', name: { fr: 'Banc' }, description: { fr: 'Banc de mesure' }, startUrl: 'https://app.localhost/', allow: ['app.localhost'] }],
    devices: { printer: { queue: env.queues.pdf } },
    timers: { ...defaultConfig.timers, receiptSeconds: 3 },
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const config = checked.config;
  const wipePhases: Record<string, number>[] = [];
  // The fixture serves on 127.0.0.1 (not a host name the schema takes): set after validation.
  config.catalog[0]!.allow = [new URL(fixture.url).hostname, fixture.idpHost];
  const cabin = assembleCabin({
    config,
    engine: createChromiumEngine({ executablePath: env.chromium }),
    ramRoot: path.join(base, 'm'),
    stateDir: path.join(base, 'mstate'),
    // The cabin's own temp: the process's TMPDIR also holds the Chromium adapter's Playwright
    // artifacts, which a cabin (Electron) does not have.
    tempDir: await mkdtemp(path.join(base, 'mtmp-')),
    cupsServer: env.cupsServer,
    cupsSpool: env.cupsSpool,
    saneConfigDir: env.saneConfigDir,
    allowLoopback: true,
    usb: null,
    log: (m) => {
      if (process.env.CABINE_BENCH_VERBOSE) process.stderr.write(`${m}\n`);
      // The storage lifecycle's own timings (its audit entries, counts only): where the wipe's time goes.
      if (m.startsWith('storage {')) {
        const entry = JSON.parse(m.slice('storage '.length)) as StorageLogEntry;
        if (entry.event === 'wipe' && entry.ok) wipePhases.push(entry.phasesMs);
      }
    },
  });
  const r = cabin.runtime;
  const until = async (predicate: (s: ViewState) => boolean, what: string, timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(r.getState())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (state ${r.getState().path.join('.')})`);
      await new Promise((done) => setTimeout(done, 20));
    }
  };
  const toReceipt: number[] = [];
  const toAttract: number[] = [];
  // Where the time goes: "Terminer" → the machine's wiping state (the démarche view closed and the storage counted:
  // its endSession actor), then → the receipt (the wipe and its verification).
  const toWiping: number[] = [];
  let wipingAt = 0;
  const watchWiping = r.actor.subscribe((s) => {
    if (!wipingAt && cabinStateOf(s) === 'wiping') wipingAt = performance.now();
  });
  const toDemarchePaint: number[] = [];
  let idle: IdleMemory | null = null;
  try {
    await cabin.start();
    await r.waitFor('attract');
    for (let i = 0; i < options.sessions; i++) {
      if (i === 0) {
        await cabin.lifecycle.prewarm();
        idle = await idleMemory(cabin.lifecycle.spareDir());
      }
      // The schema wants https; the fixture is plain http on loopback (allowed for benches only).
      config.catalog[0]!.startUrl = withParam(withParam(withParam(fixture.url, 'big', String(options.mb)), 'noclick', '1'), 'canary', newCanary());
      r.send({ type: 'TOUCH' });
      await until((s) => s.path[0] === 'welcome', 'the welcome screen');
      // "Commencer", then the démarche chosen at once: wall clock, as the page's own paint time is.
      const started = Date.now();
      r.send({ type: 'ACCEPT' });
      await until((s) => s.path[1] === 'catalog', 'the catalog');
      r.send({ type: 'OPEN_DEMARCHE', demarcheId: 'bench' });
      await until(() => r.demarcheView() !== null, 'the démarche view');
      const page = (r.demarcheView() as ChromiumView).page;
      if ((await waitForTitle(page, (t) => t === 'ready' || t.startsWith('error:'), 180_000)) !== 'ready')
        throw new Error(`machine session ${i}: page not ready`);
      const painted = (await page.evaluate(
        `(() => { const p = performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByName('first-paint')[0]; return p ? performance.timeOrigin + p.startTime : null; })()`,
      )) as number | null;
      if (painted !== null) toDemarchePaint.push(Math.round(painted - started));
      const ended = performance.now();
      wipingAt = 0;
      // Timed waits follow the machine's own transitions (no polling competing with the wipe).
      r.send({ type: 'END_REQUEST' });
      await r.waitFor('goodbye', 180_000);
      toReceipt.push(Math.round(performance.now() - ended));
      if (wipingAt) toWiping.push(Math.round(wipingAt - ended));
      r.send({ type: 'TOUCH' });
      await r.waitFor('attract');
      toAttract.push(Math.round(performance.now() - ended));
      process.stderr.write(`bench:wipe machine session ${i + 1}/${options.sessions}: receipt ${toReceipt.at(-1)} ms\n`);
    }
  } finally {
    watchWiping.unsubscribe();
    await cabin.stop().catch(() => {});
  }
  return {
    start_to_demarche_paint_ms: stats(toDemarchePaint),
    ...idle,
    end_click_to_receipt_ms: stats(toReceipt),
    end_click_to_attract_ms: stats(toAttract),
    end_click_to_wiping_ms: stats(toWiping),
    wiping_to_receipt_ms: stats(toReceipt.map((total, i) => total - (toWiping[i] ?? 0))),
    wipe_phases_p50_ms: phasesP50(wipePhases),
  };
}

async function main({ sessions, mb, machineSessions: machineRuns }: WipeBenchOptions) {
  const atStart = machine();
  const fixture = await startResidueFixture();
  const bench = await openBench();
  const phases: Record<string, number>[] = [];
  const lifecycle = benchLifecycle(bench, {
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
      process.stderr.write(
        `bench:wipe session ${i + 1}/${sessions}: ${receipt.bytes >> 20} MB, wipe ${receipt.durationMs} ms, ready ${toReady} ms, ${found.hits.length} hits\n`,
      );
    }
  } catch (e) {
    failures.push((e as Error).message);
  }
  await lifecycle.shutdown().catch(() => {});
  let throughMachine: Awaited<ReturnType<typeof machineSessions>> | null = null;
  try {
    throughMachine = await machineSessions({ env: bench.env, base: bench.base, fixture, sessions: machineRuns, mb });
  } catch (e) {
    failures.push(`through the machine: ${(e as Error).message}`);
  } finally {
    await bench.close();
    await fixture.stop();
  }
  const result = {
    machine: { ...atStart, loadavg_1m_at_end: Number(loadavg()[0]!.toFixed(2)) },
    sessions: wipeMs.length,
    stored_mb_per_session: stats(storedMb).p50,
    wipe_to_ready_ms: stats(wipeToReady),
    wipe_ms: stats(wipeMs),
    wipe_cpu_ms: stats(wipeCpu),
    next_session_ready_ms: stats(nextReady),
    through_machine: throughMachine,
    wipe_phases_p50_ms: phasesP50(phases),
    residue,
    residue_hits_total: residue.reduce((n, r) => n + r.hits, 0),
    residue_all_clean: residue.length === wipeMs.length && residue.every((r) => r.hits === 0 && r.next_session === 'clean'),
    failures,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = failures.length || !result.residue_all_clean ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: WipeBenchOptions | null = null;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:wipe: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
  if (options) {
    main(options).catch((e: Error) => {
      process.stderr.write(`bench:wipe: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
  }
}
