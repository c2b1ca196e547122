// The escape audit, step by step: a work folder, stand-in openers and (headed) a private X server;
// the démarche opened on the Chromium adapter with the probes in place; then the curious resident
// — every [data-audit-click] clicked in document order, the browser's shortcuts pressed, the page
// left to run with the pointer moving over it; then what the browser granted, the windows left
// open, the external applications asked for and the files downloaded, into one report.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { aliveOf } from '../../../src/base/node/processes';
import type { ChromiumCallView } from '../../../src/engine/chromium/call';
import { createChromiumEngine, type ChromiumEngineSession, type ChromiumView } from '../../../src/engine/chromium/engine';
import { newRoomName } from '../../../src/shared/visio/jitsi';
import type { Guard } from '../../../src/engine/page-guard';
import type { EngineNotice } from '../../../src/engine/port';
import { isLoopbackHost, type NavigationPolicy } from '../../../src/shared/policy/navigation';
import { AUDITED_SHORTCUTS } from '../../../src/shared/policy/shortcuts';
import { openGrabProbe, type GrabProbe } from '../x11-grabs';
import { startXvfb } from './display';
import {
  documentComplete,
  reportDialogsLeftOpen,
  reportGrants,
  reportWindowsLeftOpen,
  watchPages,
  watchWindows,
  withTimeout,
  type PagesWatch,
} from './observe';
import { walkThePayment } from './payment';
import { recordingOpeners, xWatch } from './probes';
import { judge, newReport, reportDownloads, reportExternalOpens, verdict, type AddFinding, type EscapeAuditReport, type Judge } from './report';

export interface EscapeAuditOptions {
  url: string;
  allow: string[];
  seconds?: number;
  /** Default: headed under a private Xvfb when Xvfb exists (native dialogs are real windows then). */
  headless?: boolean;
  unsafeDisable?: Guard[];
  /** The payment walk (issue 15): the démarche's payment hosts, a page of one to start from, the bank's hosts the audit expects. */
  payment?: { url: string; hosts: string[]; bankHosts: string[] };
  /** Progress lines on stderr. */
  verbose?: boolean;
  /**
   * A video call on this service (issue 17) open the whole walk long. A service on loopback (the tests' stand-in)
   * gets Chromium's fake camera and microphone: a machine with no camera could not join otherwise.
   */
  visioUrl?: string;
}

const log = (verbose: boolean | undefined, ...args: unknown[]) => {
  if (verbose) process.stderr.write(`${args.map(String).join(' ')}\n`);
};

export async function runEscapeAudit(options: EscapeAuditOptions): Promise<EscapeAuditReport> {
  const seconds = options.seconds ?? 10;
  const start = new URL(options.url);
  const allowLoopback = start.protocol === 'http:' && isLoopbackHost(start.hostname);
  const policy: NavigationPolicy = { allow: options.allow, allowLoopback };
  const pay = options.payment;
  const unsafe = options.unsafeDisable ?? [];

  const work = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cabine-escape-audit-'));
  const profileDir = path.join(work, 'profile');
  const filesDir = path.join(work, 'files');
  const openersDir = path.join(work, 'openers');
  const openersLog = path.join(work, 'external-opens.log');
  await mkdir(filesDir, { recursive: true });
  await recordingOpeners(openersDir, openersLog);

  const display = options.headless ? null : await startXvfb();
  const mode: 'headed' | 'headless' = display ? 'headed' : 'headless';
  const homeDownloads = path.join(homedir(), 'Downloads');
  const homeDownloadsBefore = new Set(await readdir(homeDownloads).catch(() => [] as string[]));

  const { report, add } = newReport({
    url: options.url,
    allow: options.allow,
    mode,
    seconds,
    unsafe_disabled_guards: unsafe,
    payment: pay
      ? { url: pay.url, hosts: pay.hosts, bank_hosts: pay.bankHosts, reached_bank: false, returned: false, bank_clicked: [], after_return_clicked: [] }
      : null,
    call: options.visioUrl ? { service: options.visioUrl, joined: false, released: false } : null,
  });
  const visioOnLoopback = !!options.visioUrl && isLoopbackHost(new URL(options.visioUrl).hostname);
  // The audit's own expectation: the démarche, its payment hosts and the declared bank — anything else is an escape.
  const judged = judge(pay ? { ...policy, allow: [...policy.allow, ...pay.hosts, ...pay.bankHosts] } : policy);

  const engine = createChromiumEngine({
    headless: mode === 'headless',
    env: { PATH: `${openersDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...(display ? { DISPLAY: display.display } : {}) },
    unsafeDisabledGuards: unsafe,
    ...(visioOnLoopback ? { callExtraArgs: ['--use-fake-device-for-media-stream'] } : {}),
  });
  let session: ChromiumEngineSession | null = null;
  let callPids: number[] = [];
  const stops: (() => void)[] = [];
  try {
    session = await engine.startSession({ sessionId: 'escape-audit', profileDir, filesDir, allowLoopback: allowLoopback || visioOnLoopback });
    if (options.visioUrl && report.call) {
      const call = report.call;
      const view = (await session.openCall({
        serviceUrl: options.visioUrl,
        room: newRoomName('audit'),
        displayName: 'Audit',
        locale: 'fr',
      })) as ChromiumCallView;
      const joined = new Promise<void>((resolve) =>
        view.on((n) => {
          if (n.type === 'joined') resolve();
        }),
      );
      await withTimeout(joined, 20_000).then(
        () => (call.joined = true),
        () => log(options.verbose, 'the call did not join its room in 20 s'),
      );
      callPids = view.pids();
      log(options.verbose, `call on ${options.visioUrl}: ${call.joined ? 'joined' : 'not joined'}`);
    }
    const context = session.browserContext as BrowserContext;
    const mainPage = session.demarchePage;
    if (!mainPage) throw new Error('the session has no démarche page');

    // The browser's side: its windows and own pages, then every page's frames, answers and dialogs.
    const windows = await watchWindows(context, add, judged);
    const pages = await watchPages(context, mainPage, add, judged);

    // The system's side (headed): X11 windows shown, the pointer or keyboard grabbed.
    const grabs: GrabProbe | null = display ? await openGrabProbe(display.display) : null;
    if (grabs) stops.push(() => grabs.close());
    else if (display) log(options.verbose, 'grab probe unavailable (no x11 client): grabs are not checked');
    const pollX = display ? xWatch(display.display, grabs, add) : async () => {};
    if (display) {
      await pollX();
      const timer = setInterval(() => void pollX(), 250);
      stops.push(() => clearInterval(timer));
    }

    // Open the démarche, as the cabin does.
    const view = (await session.open({
      id: 'escape-audit',
      startUrl: options.url,
      allow: options.allow,
      permissions: [],
      ...(pay ? { payment: { hosts: pay.hosts, maxMs: 15 * 60_000 } } : {}),
    })) as ChromiumView;
    view.on((n: EngineNotice) => {
      report.engine_notices[n.type] = (report.engine_notices[n.type] ?? 0) + 1;
      if (n.type !== 'activity') log(options.verbose, `  notice ${JSON.stringify(n)}`);
      // No resident answers our picker in an audit: close it as a resident would.
      if (n.type === 'file-chooser') void view.cancelFileChooser().catch(() => {});
    });
    await documentComplete(mainPage, 15_000);
    log(options.verbose, `opened ${options.url} (${mode})`);

    // The curious resident.
    const visit: Visit = { url: options.url, page: mainPage, view, report, add, judged, pages, held: { reported: false }, verbose: options.verbose };
    await clickEveryTarget(visit);
    if (pay && report.payment) {
      const walk = { url: pay.url, paymentHosts: pay.hosts, bankHosts: pay.bankHosts };
      await walkThePayment(
        { page: mainPage, view, add, stillLeft: (p) => stillLeft(p, judged), log: (...a) => log(options.verbose, ...a) },
        walk,
        report.payment,
      );
    }
    await pressShortcuts(visit);
    await letThePageRun(visit, seconds);
    await pollX();

    // Where the démarche ended: its page must show an allowed page, never a blank or an error page.
    const endedOn = await stillLeft(mainPage, judged);
    if (endedOn !== null) add('navigations_outside_allowlist', { url: endedOn, frame: 'top', window: 'main', evidence: 'the démarche ended there' });
    await reportGrants(context, add);
    reportWindowsLeftOpen(windows, add, judged);
  } finally {
    for (const stop of stops) stop();
    if (session) await session.destroy().catch((e: unknown) => log(options.verbose, `destroy: ${String(e)}`));
    await engine.shutdown().catch(() => {});
    await display?.stop();
  }
  if (report.call) report.call.released = callPids.length > 0 && (await aliveOf(callPids)).length === 0;

  await reportExternalOpens(report, openersLog);
  await reportDownloads(report, { work, filesDir, homeDownloads, homeDownloadsBefore });
  await rm(work, { recursive: true, force: true });
  report.ok = verdict(report);
  return report;
}

/**
 * The page's URL if it is still not the démarche after a settling time, else null. The engine brings a page that went
 * blank back (history.back or the start URL): on a loaded machine that takes more than the 250 ms between two clicks,
 * and a page on its way back is not one "left there". Unguarded, it stays blank for good, and is reported.
 */
async function stillLeft(page: Page, judged: Judge, settleMs = 5000): Promise<string | null> {
  const deadline = Date.now() + settleMs;
  while (!page.isClosed() && judged.notTheDemarche(page.url())) {
    if (Date.now() >= deadline) return page.url();
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

// ——— the curious resident ———

interface Visit {
  /** The démarche's start URL. */
  url: string;
  page: Page;
  view: ChromiumView;
  report: EscapeAuditReport;
  add: AddFinding;
  judged: Judge;
  pages: PagesWatch;
  /** A held page is reported once, by whichever step sees it first. */
  held: { reported: boolean };
  verbose?: boolean;
}

/** Clicks every marked element, in document order, with real user activation; a click that no longer reaches the page means it is held. */
async function clickEveryTarget(v: Visit): Promise<void> {
  const { page: mainPage, view, report, add, pages } = v;
  const targets = await withTimeout(
    mainPage.locator('[data-audit-click]').evaluateAll((els) => els.map((e, i) => e.getAttribute('data-audit-click') || `#${i}`)),
    10_000,
  ).catch(() => [] as string[]);
  for (let i = 0; i < targets.length; i++) {
    const name = targets[i]!;
    if (mainPage.isClosed()) break;
    if (mainPage.url() !== v.url) {
      const left = await stillLeft(mainPage, v.judged);
      if (left !== null) {
        add('navigations_outside_allowlist', {
          url: left,
          frame: 'top',
          window: 'main',
          evidence: `the démarche was left there (after "${report.clicked.at(-1)?.target ?? ''}")`,
        });
      }
      // A leak took the page away: come back to go on with the others.
      await withTimeout(view.navigate(v.url), 10_000).catch(() => {});
      await documentComplete(mainPage, 10_000);
    }
    try {
      // A window the page opened may be in front: the resident comes back to the démarche.
      await withTimeout(mainPage.bringToFront(), 2000).catch(() => {});
      const inputsBefore = pages.inputsReceived;
      await mainPage.locator('[data-audit-click]').nth(i).click({ timeout: 5000, noWaitAfter: true });
      report.clicked.push({ target: name, ok: true });
      const deadline = Date.now() + 2000;
      while (pages.inputsReceived === inputsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (pages.inputsReceived === inputsBefore && !v.held.reported) {
        v.held.reported = true;
        add('native_dialogs', { kind: 'page held: clicks no longer reach it', detail: `after "${report.clicked[report.clicked.length - 2]?.target ?? name}"` });
      }
    } catch (error) {
      report.clicked.push({ target: name, ok: false, error: String((error as Error).message).split('\n')[0] });
    }
    await mainPage.waitForTimeout(250).catch(() => {});
    log(v.verbose, `clicked ${name}`);
  }
}

/** The browser's shortcuts, on the démarche's page. */
async function pressShortcuts(v: Visit): Promise<void> {
  const mainPage = v.page;
  if (mainPage.isClosed()) return;
  if (mainPage.url() !== v.url) await withTimeout(v.view.navigate(v.url), 10_000).catch(() => {});
  await withTimeout(mainPage.bringToFront(), 2000).catch(() => {});
  await mainPage
    .locator('body')
    .click({ position: { x: 2, y: 2 }, timeout: 3000 })
    .catch(() => {});
  for (const combo of AUDITED_SHORTCUTS) {
    await withTimeout(mainPage.keyboard.press(combo), 1000).catch(() => {});
    v.report.shortcuts_pressed.push(combo);
    await mainPage.waitForTimeout(60).catch(() => {});
  }
}

/**
 * Lets the page run (at least 3 s), pointer moving over it: a page that stops receiving input at any moment is held
 * by something native, with or without a window or a CDP event of its own. JS dialogs nobody answered are seen here.
 */
async function letThePageRun(v: Visit, seconds: number): Promise<void> {
  const { page: mainPage, pages } = v;
  const mainCdp = pages.observations[0]?.cdp ?? null;
  let lastMoveSeen = Date.now();
  let movesBefore = pages.movesReceived;
  let probe = 0;
  const until = Date.now() + Math.max(seconds, 3) * 1000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    if (mainCdp && !mainPage.isClosed()) {
      probe++;
      void withTimeout(mainCdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 2 + (probe % 2), y: 2 }), 1000).catch(() => {});
      if (pages.movesReceived !== movesBefore) {
        movesBefore = pages.movesReceived;
        lastMoveSeen = Date.now();
      } else if (Date.now() - lastMoveSeen > 1500 && !v.held.reported) {
        v.held.reported = true;
        v.add('native_dialogs', { kind: 'page held: input no longer reaches it', detail: `during the observation, on ${mainPage.url()}` });
      }
    }
    reportDialogsLeftOpen(pages, v.add);
  }
}
