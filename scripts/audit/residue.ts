// Long file: the audit's one command — its steps (write, call, wipe, search, next session), the crash variant and its flags.
// `npm run audit:residue -- --url URL [--allow host[,host…]] [--seconds N] [--paths p[,p…]] [--visio-url URL]`
//
// Proves that nothing of a session survives its wipe, on the real engine (Chromium adapter), the
// real wipe (src/cabin/storage), the real printer driver and scanner driver:
//   1. a random canary; opens URL?canary=<canary> as a démarche, clicks every [data-audit-click]
//      in document order, waits for document.title === 'ready' (or N seconds, default 15);
//   2. prints the page (printer driver, the private PDF queue) and scans one page into the session; with
//      --visio-url, a video call (issue 17) whose room and cabin name carry the canary, hung up once stored;
//   3. ends the session and runs the wipe;
//   4. searches every file under the profile and session roots, the RAM root, temp, the CUPS spool
//      and logs, Chromium's per-user dirs, the cabin's audit log (and --paths) for the canary as raw
//      bytes, UTF-16LE, URL-encoded and base64;
//   5. opens a fresh session on URL?check=<canary> and waits for 'clean' or 'found:<where>';
//   6. prints ONE JSON object: canary, hits [{path, encoding}], next_session, wipe_ms, ok. Exit 0 only when ok.
// Starts the private CUPS + SANE test environment when CABINE_TEST_ENV is unset, stops it after,
// and leaves nothing of its own (its RAM root, temp, audit log and printed page are deleted; the
// progress lines on stderr never contain the canary).
import { readdir } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs as nodeParseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { searchCanary, WipeVerificationError, type ClaimedSession, type WipeStep } from '../../src/cabin/storage';
import type { ChromiumEngineOptions } from '../../src/engine/chromium/engine';
import type { DemarcheView } from '../../src/engine/port';
import { benchLifecycle, demarcheFor, newCanary, openBench, pageOf, waitForTitle, withParam, type Bench } from '../harness/lifecycle';
import { rejectUnknownFlags } from '../harness/args';

export interface ResidueAuditResult {
  canary: string;
  hits: { path: string; encoding: string }[];
  next_session: string;
  wipe_ms: number | null;
  ok: boolean;
}

/** What the JSON does not show, for tests and for stderr. */
export interface ResidueAuditDetails {
  /** The canary seen in the session's own files before the wipe: proof that there was something to wipe. */
  beforeWipe: { hits: number; encodings: string[]; files: string[] };
  ready: boolean;
  clicked: number;
  downloads: number;
  printJobId: number | null;
  scanned: boolean;
  wipeError: string | null;
  wipeProblems: { kind: string; path?: string }[];
  receipt: unknown;
  filesSearched: number;
  bytesSearched: number;
  unreadable: { path: string; code: string }[];
  searchedRoots: string[];
  /** The video call (--visio-url): it was on, and the canary was in its own profile (that many places) before the wipe. */
  call: { joined: boolean; beforeWipe: number } | null;
}

/** Clicks every [data-audit-click], in document order, as a resident would (real input events). */
export async function clickAuditElements(page: Page, timeoutMs: number): Promise<number> {
  // The page marks its elements once it has written what it writes.
  await waitForTitle(page, (t) => t !== '' && t !== 'loading', timeoutMs);
  const count = await page
    .locator('[data-audit-click]')
    .count()
    .catch(() => 0);
  let clicked = 0;
  for (let i = 0; i < count; i++) {
    const ok = await page
      .locator('[data-audit-click]')
      .nth(i)
      .click({ timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (ok) clicked += 1;
    await page.waitForTimeout(300);
  }
  return clicked;
}

/** Steps 1–2: the démarche writes the canary; the page is printed and a page scanned into the session. */
export async function writePhase(
  bench: Bench,
  session: ClaimedSession,
  options: { url: string; canary: string; allow: readonly string[]; seconds: number },
): Promise<{ view: DemarcheView; ready: boolean; clicked: number; downloads: number; printJobId: number | null; scanned: boolean }> {
  let downloads = 0;
  const pending: Promise<unknown>[] = [];
  const view = await session.open(demarcheFor(withParam(options.url, 'canary', options.canary), options.allow));
  view.on((n) => {
    if (n.type === 'download-done') {
      downloads += 1;
      pending.push(session.documents.add({ kind: 'download', label: n.filename, mime: n.mime, pages: null, path: n.path }).catch(() => {}));
    }
  });
  const page = pageOf(session);
  const clicked = await clickAuditElements(page, options.seconds * 1000);
  const ready = (await waitForTitle(page, (t) => t === 'ready', options.seconds * 1000)) !== null;
  await Promise.all(pending);
  let printJobId: number | null = null;
  try {
    const pdf = await view.printToPdf();
    const job = await bench.printer.print(pdf);
    printJobId = job.jobId;
    session.recordPrintJob(job.jobId);
  } catch (e) {
    process.stderr.write(`audit: printing failed: ${(e as Error).message}\n`);
  }
  let scanned = false;
  try {
    const doc = bench.scanner.startDocument(session.filesDir);
    await doc.scanPage();
    const done = await doc.finish();
    await session.documents.add({ kind: 'scan', label: 'Scan', mime: 'application/pdf', pages: done.pages, path: done.path });
    scanned = true;
  } catch (e) {
    process.stderr.write(`audit: scanning failed: ${(e as Error).message}\n`);
  }
  return { view, ready, clicked, downloads, printJobId, scanned };
}

/** A video call whose room and cabin name carry the canary, until the service has stored it; then the hang-up. */
async function callPhase(
  session: ClaimedSession,
  options: { visioUrl: string; canary: string; log: (line: string) => void },
): Promise<{ joined: boolean; beforeWipe: number }> {
  const call = await session.engineSession.openCall({
    serviceUrl: options.visioUrl,
    room: `audit-${options.canary.toLowerCase()}`,
    displayName: `Cabine ${options.canary}`,
    locale: 'fr',
  });
  const joined = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 20_000);
    call.on((n) => {
      if (n.type === 'joined' || n.type === 'ended') {
        clearTimeout(timer);
        resolve(n.type === 'joined');
      }
    });
  });
  const callProfiles = (await readdir(session.paths.dir)).filter((d) => d.startsWith('profile-call-')).map((d) => path.join(session.paths.dir, d));
  const stored = joined ? await searchSettled(options.canary, callProfiles) : null;
  const beforeWipe = stored?.hits.length ?? 0;
  options.log(`video call ${joined ? 'joined' : 'NOT joined'}; the canary in ${beforeWipe} places of its profile`);
  await call.hangUp();
  return { joined, beforeWipe };
}

/** Where step 4 looks: every place the cabin, its browser, CUPS or the OS could have kept the canary. */
export async function searchRoots(bench: Bench, extra: readonly string[], sessionDirs: readonly string[]): Promise<string[]> {
  const home = homedir();
  return [
    ...sessionDirs,
    bench.ramRoot,
    bench.tmp,
    // The system's temp dirs, whatever this process's TMPDIR says.
    '/tmp',
    '/var/tmp',
    tmpdir(),
    '/dev/shm',
    bench.env.cupsSpool,
    bench.env.cupsLogDir,
    // Where Chromium writes per user whatever its profile dir (crash reports, NSS db, dconf, caches).
    path.join(home, '.config'),
    path.join(home, '.cache'),
    path.join(home, '.local'),
    path.join(home, '.pki'),
    bench.stateDir,
    ...extra,
  ].filter((p, i, all) => all.indexOf(p) === i);
}

/**
 * The canary's places in a live profile, once Chromium has stopped adding any: it writes some stores lazily, so
 * look again a second later until two looks agree (at most maxMs). What a session shows before its wipe must not
 * depend on when the browser flushed.
 */
async function searchSettled(canary: string, roots: string[], maxMs = 10_000): ReturnType<typeof searchCanary> {
  const deadline = Date.now() + maxMs;
  const places = (r: Awaited<ReturnType<typeof searchCanary>>) =>
    r.hits
      .map((h) => `${h.path}\0${h.encoding}`)
      .sort()
      .join('\n');
  let last = await searchCanary(canary, roots);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const next = await searchCanary(canary, roots);
    if (places(next) === places(last)) return next;
    last = next;
  }
  return last;
}

export interface ResidueAuditOptions {
  url: string;
  allow?: readonly string[];
  seconds?: number;
  /** The cabin's own log, audit and statistics files or directories. */
  extraPaths?: readonly string[];
  /** Tests only: wipe steps left out, to prove that the audit fails then. */
  unsafeSkipWipeSteps?: readonly WipeStep[];
  /**
   * A video call on this service during the session (issue 17): the cabin's name in its room carries the canary, and
   * the call's own browser profile must hold it before the wipe and nothing after. A service on loopback (the tests'
   * stand-in) gets Chromium's fake camera and microphone.
   */
  visioUrl?: string;
  /** Tests only: runs after the wipe, before the search (e.g. plants a canary file). */
  afterWipe?: (bench: Bench, canary: string) => Promise<void>;
  engineOptions?: ChromiumEngineOptions;
}

export async function runResidueAudit(options: ResidueAuditOptions): Promise<ResidueAuditResult & { details: ResidueAuditDetails }> {
  const seconds = options.seconds ?? 15;
  const allow = options.allow ?? [];
  const canary = newCanary();
  const visioOnLoopback = !!options.visioUrl && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(options.visioUrl).hostname);
  const bench = await openBench({
    engineOptions: { ...options.engineOptions, ...(visioOnLoopback ? { callExtraArgs: ['--use-fake-device-for-media-stream'] } : {}) },
  });
  const log = (line: string) => process.stderr.write(`audit: ${line}\n`);
  try {
    const lifecycle = benchLifecycle(bench, { unsafeSkipSteps: options.unsafeSkipWipeSteps });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    bench.auditLog.sessionStart({ assisted: false });
    log(`session started; writing (up to ${seconds} s)`);
    const began = Date.now();
    const written = await writePhase(bench, session, { url: options.url, canary, allow, seconds });
    log(
      `page ${written.ready ? 'ready' : 'NOT ready'}, ${written.clicked} clicks, ${written.downloads} downloads, print ${written.printJobId !== null ? 'ok' : 'failed'}, scan ${written.scanned ? 'ok' : 'failed'}`,
    );
    bench.auditLog.sessionEnd({
      demarches: ['audit'],
      durationS: Math.round((Date.now() - began) / 1000),
      ending: 'resident',
      assisted: false,
      pagesPrinted: written.printJobId !== null ? 1 : 0,
      printJobs: written.printJobId !== null ? 1 : 0,
      pagesScanned: written.scanned ? 1 : 0,
      scans: written.scanned ? 1 : 0,
      downloads: written.downloads,
    });

    // The video call: its room and the cabin's name in it carry the canary, which the service keeps in the call's
    // own browser profile (as Jitsi keeps the name in its Local Storage). Hung up before the session ends, as the
    // machine does; the call's profile stays in the session's directory for the wipe.
    let call: ResidueAuditDetails['call'] = null;
    if (options.visioUrl) call = await callPhase(session, { visioUrl: options.visioUrl, canary, log });

    // Before the wipe: the canary must be in the session's files, or the audit tests nothing.
    const before = await searchSettled(canary, [session.paths.dir]);
    const beforeWipe = {
      hits: before.hits.length,
      encodings: [...new Set(before.hits.map((h) => h.encoding))].sort(),
      files: before.hits.map((h) => path.relative(session.paths.dir, h.path)),
    };
    log(`before the wipe: the canary is in ${beforeWipe.hits} places of the session (${beforeWipe.encodings.join(', ') || 'none'})`);

    // Step 3: the session ends (the view closes, what it stored is counted), then the wipe.
    await written.view.close();
    await lifecycle.endSession(session.sessionId);
    let wipeMs: number | null = null;
    let wipeError: string | null = null;
    let wipeProblems: ResidueAuditDetails['wipeProblems'] = [];
    let receipt: unknown = null;
    const t0 = performance.now();
    try {
      const r = await lifecycle.wipe(session.sessionId, { attempt: 1 });
      receipt = r;
      wipeMs = r.durationMs;
      bench.auditLog.wipe({ ok: true, attempt: 1, durationMs: r.durationMs, files: r.files, bytes: r.bytes });
    } catch (e) {
      wipeMs = Math.round(performance.now() - t0);
      wipeError = (e as Error).message;
      if (e instanceof WipeVerificationError) wipeProblems = e.problems.map((p) => ({ kind: p.kind, path: p.path }));
      bench.auditLog.wipe({ ok: false, attempt: 1, durationMs: null, files: null, bytes: null });
    }
    log(wipeError ? `wipe FAILED: ${wipeError}` : `wipe verified in ${wipeMs} ms`);
    await options.afterWipe?.(bench, canary);

    // Step 4.
    const roots = await searchRoots(bench, options.extraPaths ?? [], [session.paths.dir, session.paths.profileDir, session.paths.filesDir]);
    const found = await searchCanary(canary, roots, { exclude: [bench.env.pdfOutDir] });
    log(
      `searched ${found.filesSearched} files (${Math.round(found.bytesSearched / 1e6)} MB): ${found.hits.length} hits, ${found.unreadable.length} unreadable`,
    );

    // Step 5: a fresh session on ?check=. After a failed wipe the old session is still current:
    // the lifecycle refuses a new one, so the check runs only after a wipe that passed.
    let nextSession = 'not-run';
    if (!wipeError) {
      const next = await lifecycle.claim();
      const view = await next.open(demarcheFor(withParam(options.url, 'check', canary), allow));
      const title = await waitForTitle(pageOf(next), (t) => t === 'clean' || t.startsWith('found:') || t.startsWith('error:'), seconds * 1000);
      nextSession = title ?? 'timeout';
      await view.close();
      await lifecycle.wipe(next.sessionId).catch(() => {});
    }
    log(`next session: ${nextSession.startsWith('found:') || nextSession === 'clean' ? nextSession : nextSession.replace(canary, '<canary>')}`);
    await lifecycle.shutdown();

    const callProved = call === null || (call.joined && call.beforeWipe > 0);
    const ok = beforeWipe.hits > 0 && callProved && !wipeError && found.hits.length === 0 && found.unreadable.length === 0 && nextSession === 'clean';
    return {
      canary,
      hits: found.hits,
      next_session: nextSession,
      wipe_ms: wipeMs,
      ok,
      details: {
        beforeWipe,
        ready: written.ready,
        clicked: written.clicked,
        downloads: written.downloads,
        printJobId: written.printJobId,
        scanned: written.scanned,
        wipeError,
        wipeProblems,
        receipt,
        filesSearched: found.filesSearched,
        bytesSearched: found.bytesSearched,
        unreadable: found.unreadable,
        searchedRoots: roots,
        call,
      },
    };
  } finally {
    await bench.close();
  }
}

/**
 * Steps 4–6 after a crash: the process that ran the session (and its browser) was killed with
 * SIGKILL mid-session; a new "app" starts on the same RAM root, runs its boot sweep, and the
 * search and the fresh-session check run as in the audit.
 */
export async function auditAfterCrash(options: {
  base: string;
  canary: string;
  url: string;
  allow?: readonly string[];
  seconds?: number;
  extraPaths?: readonly string[];
}): Promise<ResidueAuditResult & { sweep: { removedEntries: number; killedProcesses: number; purgedPrintJobs: number } }> {
  const bench = await openBench({ base: options.base });
  try {
    const lifecycle = benchLifecycle(bench);
    const t0 = performance.now();
    const sweep = await lifecycle.bootSweep();
    const sweepMs = Math.round(performance.now() - t0);
    const roots = await searchRoots(bench, options.extraPaths ?? [], []);
    const found = await searchCanary(options.canary, roots, { exclude: [bench.env.pdfOutDir] });
    const next = await lifecycle.claim();
    const view = await next.open(demarcheFor(withParam(options.url, 'check', options.canary), options.allow ?? []));
    const title = await waitForTitle(pageOf(next), (t) => t === 'clean' || t.startsWith('found:') || t.startsWith('error:'), (options.seconds ?? 15) * 1000);
    await view.close();
    await lifecycle.wipe(next.sessionId).catch(() => {});
    await lifecycle.shutdown();
    const nextSession = title ?? 'timeout';
    return {
      canary: options.canary,
      hits: found.hits,
      next_session: nextSession,
      wipe_ms: sweepMs,
      ok: found.hits.length === 0 && found.unreadable.length === 0 && nextSession === 'clean',
      sweep: { removedEntries: sweep.removedEntries, killedProcesses: sweep.killedProcesses, purgedPrintJobs: sweep.purgedPrintJobs },
    };
  } finally {
    await bench.close();
  }
}

const USAGE = 'usage: npm run audit:residue -- --url URL [--allow host[,host…]] [--seconds N] [--paths p[,p…]] [--visio-url URL]';

/**
 * The command's flags, `--flag value` or `--flag=value` (an unknown flag is refused). Throws the
 * message to print when --url or --seconds is missing or wrong: the command exits 2 then.
 */
export function parseArgs(argv: string[]): ResidueAuditOptions {
  const { values } = nodeParseArgs({
    args: argv,
    options: { url: { type: 'string' }, allow: { type: 'string' }, seconds: { type: 'string' }, paths: { type: 'string' }, 'visio-url': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  rejectUnknownFlags(values, ['url', 'allow', 'seconds', 'paths', 'visio-url']);
  // Not strict: a flag given last without its value reads as `true`, i.e. not given.
  const get = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const url = get('url');
  if (!url || !/^https?:\/\//.test(url)) throw new Error(USAGE);
  const seconds = get('seconds') ? Number(get('seconds')) : 15;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--seconds must be a positive number');
  const visioUrl = get('visio-url');
  if (visioUrl !== undefined && !/^https?:\/\//.test(visioUrl)) throw new Error('--visio-url must be an http(s) URL');
  return { url, allow: list(get('allow')), seconds, extraPaths: list(get('paths')), ...(visioUrl ? { visioUrl } : {}) };
}

async function main() {
  let options: ResidueAuditOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const { details, ...result } = await runResidueAudit(options);
  // Paths help whoever runs the audit; the canary itself never goes to a log.
  const masked = (p: string | undefined) => (p ?? '').split(result.canary).join('<canary>');
  for (const p of details.wipeProblems) process.stderr.write(`audit: wipe problem: ${p.kind} ${masked(p.path)}\n`);
  for (const u of details.unreadable) process.stderr.write(`audit: could not read ${u.path} (${u.code})\n`);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: Error) => {
    process.stderr.write(`audit: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  });
}
