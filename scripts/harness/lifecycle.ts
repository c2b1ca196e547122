// The session lifecycle on a bench of its own, as `npm run audit:residue`, `npm run bench:wipe` and
// `npm run bench:soak` (and the residue tests' crash app) run it:
//   openBench       a RAM root, temp and state dir under /dev/shm; the private CUPS + SANE test
//                   environment; the real printer and scanner drivers; the Chromium adapter; the
//                   cabin's audit log — and close() to take all of it down again;
//   benchLifecycle  createSessionLifecycle over that bench (RAM root only, loopback allowed, temp
//                   and the CUPS spool watched);
// and what their sessions share: the démarche for a URL, the adapter's page, waiting on its title,
// and the residue fixture's canary URLs (?canary=, ?check=).
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { AuditLog } from '../../src/cabin/audit-log';
import {
  createSessionLifecycle,
  cupsSpoolWatch,
  type ClaimedSession,
  type SessionLifecycle,
  type StorageLogEntry,
  type WatchedRoot,
  type WipeStep,
} from '../../src/cabin/storage';
import { createPrinter, type Printer } from '../../src/devices/printer';
import { createScanner, type Scanner } from '../../src/devices/scanner';
import { createChromiumEngine, type ChromiumEngine, type ChromiumEngineOptions, type ChromiumEngineSession } from '../../src/engine/chromium/engine';
import type { DemarcheSpec } from '../../src/engine/port';
import { startTestEnv, type TestEnv } from '../test-env/index';

/** The environment one audit or bench runs in: its own RAM root, temp, state dir; the test CUPS and SANE. */
export interface Bench {
  base: string;
  ramRoot: string;
  tmp: string;
  stateDir: string;
  env: TestEnv;
  printer: Printer;
  scanner: Scanner;
  engine: ChromiumEngine;
  auditLog: AuditLog;
  /** Files cups-pdf wrote (the "paper"), deleted at the end. */
  paperBefore: Set<string>;
  close(): Promise<void>;
}

export async function openBench(options: { base?: string; engineOptions?: ChromiumEngineOptions } = {}): Promise<Bench> {
  // Short paths: Chromium's sockets inside each profile must stay under 108 bytes.
  const base = options.base ?? `/dev/shm/ca-${randomBytes(4).toString('hex')}`;
  const ramRoot = path.join(base, 'r');
  const tmp = path.join(base, 'tmp');
  const stateDir = path.join(base, 'state');
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  // The test environment first, in the system's temp (cupsd's lp user must reach it)…
  const started = await startTestEnv();
  // …then everything this process (Playwright included) puts in temp lands where the audit watches.
  process.env.TMPDIR = tmp;
  const env = started.env;
  const printer = createPrinter({ queue: env.queues.pdf, server: env.cupsServer, spoolDir: env.cupsSpool });
  const scanner = createScanner({
    device: env.saneDevice,
    resolution: 150,
    mode: 'gray',
    source: 'flatbed',
    timeoutMs: 60_000,
    saneConfigDir: env.saneConfigDir,
  });
  // Chromium writes DOM storage (Session Storage above all) to its profile some seconds after a page sets it:
  // the audit asks for it at once, so that what the browser would write later is on disk to be searched.
  const extraArgs = [...(options.engineOptions?.extraArgs ?? []), '--enable-aggressive-domstorage-flushing'];
  const engine = createChromiumEngine({ executablePath: env.chromium, ...options.engineOptions, extraArgs });
  const auditLog = new AuditLog({ dir: stateDir });
  const paperBefore = new Set(await readdir(env.pdfOutDir).catch(() => [] as string[]));
  return {
    base,
    ramRoot,
    tmp,
    stateDir,
    env,
    printer,
    scanner,
    engine,
    auditLog,
    paperBefore,
    async close() {
      auditLog.close();
      await engine.shutdown().catch(() => {});
      printer.close();
      // The printed page is the resident's paper: it leaves with them, not in the cabin.
      for (const f of await readdir(env.pdfOutDir).catch(() => [] as string[])) if (!paperBefore.has(f)) await rm(path.join(env.pdfOutDir, f), { force: true });
      await rm(base, { recursive: true, force: true });
      await started.stop();
    },
  };
}

/**
 * This process's temp dir. Playwright (the Chromium adapter's driver, tests and audits only) makes
 * an empty playwright-artifacts-XXXXXX there for each browser, the pre-warmed one included, unless
 * given `artifactsDir`; downloads go to the session's folder. The empty directory is tolerated,
 * anything inside it is not (and the canary search looks in it regardless).
 */
export function tempWatch(dir: string): WatchedRoot {
  return { path: dir, select: (rel, kind) => !(kind === 'dir' && /^playwright-artifacts-[^/]+$/.test(rel)) };
}

export interface BenchLifecycleOptions {
  /** Tests only: wipe steps left out, to prove that the audit fails then. */
  unsafeSkipSteps?: readonly WipeStep[];
  prewarm?: 'ahead' | 'after-wipe';
  /** The lifecycle's own log (the benches read the wipe's timings from it). */
  log?: (entry: StorageLogEntry) => void;
}

export function benchLifecycle(bench: Bench, options: BenchLifecycleOptions = {}): SessionLifecycle {
  return createSessionLifecycle({
    ramRoot: bench.ramRoot,
    allowDiskBacked: false,
    engine: bench.engine,
    printer: bench.printer,
    watchedRoots: [tempWatch(bench.tmp), cupsSpoolWatch(bench.env.cupsSpool)],
    allowLoopback: true,
    unsafeSkipSteps: options.unsafeSkipSteps,
    prewarm: options.prewarm,
    log: options.log,
  });
}

// ——— sessions on the bench ———

export function demarcheFor(url: string, allow: readonly string[]): DemarcheSpec {
  const host = new URL(url).hostname;
  return { id: 'audit', startUrl: url, allow: [...new Set([host, ...allow])], permissions: [] };
}

/** The adapter's page for the open démarche (the Chromium adapter exposes it to audits). */
export function pageOf(session: ClaimedSession): Page {
  const page = (session.engineSession as ChromiumEngineSession).demarchePage;
  if (!page) throw new Error('the Chromium adapter has no page for this session');
  return page;
}

export async function waitForTitle(page: Page, accept: (title: string) => boolean, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const title = await page.title().catch(() => '');
    if (accept(title)) return title;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

// ——— the residue fixture's canary URLs ———

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** ≥ 16 letters and digits, starting with a letter (so that it is never read as a number). */
export function newCanary(length = 24): string {
  let s = LETTERS[randomInt(0, 52)]!;
  while (s.length < length) s += LETTERS[randomInt(0, LETTERS.length)]!;
  return s;
}

export function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}
