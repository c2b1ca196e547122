// What the escape audit reports, and how it judges: the lists of what got out (each escape once),
// the informational lists, what the stand-in openers and the download folders show once the
// browser is gone, and the verdict (ok only when every list of escapes is empty).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Guard } from '../../../src/engine/page-guard';
import { dangerousContent, DANGEROUS_EXTENSIONS, extensionOf, sniffContent } from '../../../src/shared/policy/downloads';
import { decideNavigation, type NavigationPolicy } from '../../../src/shared/policy/navigation';

export interface EscapeAuditReport {
  url: string;
  allow: string[];
  mode: 'headed' | 'headless';
  seconds: number;
  unsafe_disabled_guards: Guard[];
  clicked: { target: string; ok: boolean; error?: string }[];
  shortcuts_pressed: string[];
  navigations_outside_allowlist: { url: string; frame: 'top' | 'subframe' | 'external'; window: 'main' | 'other'; evidence: string }[];
  popups_opened_outside: { url: string; evidence: string }[];
  native_dialogs: { kind: string; detail: string }[];
  downloads_accepted: { file: string; extension: string; type: string }[];
  permissions_granted: { permission: string; origin: string }[];
  file_choosers_native: { how: string; detail: string }[];
  /** Informational: allowed downloads kept for the resident (PDFs…). */
  downloads_saved: { file: string; type: string }[];
  /** Informational: what the engine reported (the audit does not trust these for its verdict). */
  engine_notices: Record<string, number>;
  /** The payment walk (`--payment-url`), null without it: the escapes it finds go to the lists above. */
  payment: PaymentWalkReport | null;
  /**
   * The video call (`--visio-url`, issue 17), null without it: a call open beside the démarche the whole walk long, so
   * that every permission above is asked while the call's camera is on. `joined`: the call was really on; `released`:
   * none of its processes ran after the session's end.
   */
  call: { service: string; joined: boolean; released: boolean } | null;
  ok: boolean;
}

/** What the payment walk did: the bank reached, each attempt from its page, the way back (scripts/audit/escape/payment.ts). */
export interface PaymentWalkReport {
  url: string;
  hosts: string[];
  bank_hosts: string[];
  /** The shop's « Payer » took the page to a declared bank host. */
  reached_bank: boolean;
  /** The bank's « Valider » brought it back to a payment host. */
  returned: boolean;
  bank_clicked: { target: string; ok: boolean; error?: string }[];
  after_return_clicked: { target: string; ok: boolean; error?: string }[];
}

/** The lists the probes add to while the browser runs. */
export type FindingList = 'navigations_outside_allowlist' | 'popups_opened_outside' | 'native_dialogs' | 'permissions_granted' | 'file_choosers_native';

/** Adds an entry to one of the lists, once: the same escape seen again by another probe is not a second one. */
export type AddFinding = <K extends FindingList>(list: K, entry: EscapeAuditReport[K][number]) => void;

/** An empty report (every list empty, not ok yet) and the one way to add findings to it. */
export function newReport(
  run: Pick<EscapeAuditReport, 'url' | 'allow' | 'mode' | 'seconds' | 'unsafe_disabled_guards'> & Partial<Pick<EscapeAuditReport, 'payment' | 'call'>>,
): {
  report: EscapeAuditReport;
  add: AddFinding;
} {
  const report: EscapeAuditReport = {
    url: run.url,
    allow: run.allow,
    mode: run.mode,
    seconds: run.seconds,
    unsafe_disabled_guards: run.unsafe_disabled_guards,
    clicked: [],
    shortcuts_pressed: [],
    navigations_outside_allowlist: [],
    popups_opened_outside: [],
    native_dialogs: [],
    downloads_accepted: [],
    permissions_granted: [],
    file_choosers_native: [],
    downloads_saved: [],
    engine_notices: {},
    payment: run.payment ?? null,
    call: run.call ?? null,
    ok: false,
  };
  const seen = new Set<string>();
  const add: AddFinding = (list, entry) => {
    const key = `${list} ${JSON.stringify(entry)}`;
    if (seen.has(key)) return;
    seen.add(key);
    (report[list] as unknown[]).push(entry);
  };
  return { report, add };
}

export interface Judge {
  /** A document off the allow-list (blank pages and the browser's error pages go nowhere: they are not). */
  offList(url: string, frame: 'top' | 'subframe'): boolean;
  /** Where the démarche's page must never stay: off the list, blank, or the browser's error page. */
  notTheDemarche(url: string): boolean;
}

export function judge(policy: NavigationPolicy): Judge {
  const offList = (url: string, frame: 'top' | 'subframe') => {
    if (!url || url === 'about:blank' || url.startsWith('chrome-error://')) return false;
    return !decideNavigation(policy, { url, kind: frame }).allowed;
  };
  const notTheDemarche = (url: string) => url === '' || url === 'about:blank' || url.startsWith('chrome-error://') || offList(url, 'top');
  return { offList, notTheDemarche };
}

/** External applications the browser tried to start: what the stand-in openers logged. */
export async function reportExternalOpens(report: EscapeAuditReport, openersLog: string): Promise<void> {
  const opens = await readFile(openersLog, 'utf8').catch(() => '');
  for (const line of opens.split('\n').filter(Boolean)) {
    const [program = '', target = ''] = line.split('\t');
    report.navigations_outside_allowlist.push({
      url: target,
      frame: 'external',
      window: 'main',
      evidence: program === 'xdg-settings' ? 'the browser looked for a desktop application to open it' : `${program} started`,
    });
  }
}

/**
 * Downloads: whatever landed in the session folder (and its in-flight folder), the browser's home
 * and the real ~/Downloads (the names not there before), by content and extension.
 */
export async function reportDownloads(
  report: EscapeAuditReport,
  where: { work: string; filesDir: string; homeDownloads: string; homeDownloadsBefore: Set<string> },
): Promise<void> {
  const { work, filesDir, homeDownloads, homeDownloadsBefore } = where;
  const candidates: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) candidates.push(p);
    }
  };
  await walk(filesDir);
  for (const name of await readdir(homeDownloads).catch(() => [] as string[]))
    if (!homeDownloadsBefore.has(name)) candidates.push(path.join(homeDownloads, name));
  for (const file of candidates) {
    const head = await readFile(file)
      .then((b) => new Uint8Array(b.subarray(0, 1024)))
      .catch(() => new Uint8Array());
    const kind = sniffContent(head);
    const extension = extensionOf(file);
    const entry = { file: path.relative(work, file).startsWith('..') ? file : path.relative(work, file), extension, type: kind };
    if (dangerousContent(kind) || DANGEROUS_EXTENSIONS.includes(extension)) report.downloads_accepted.push(entry);
    else report.downloads_saved.push({ file: entry.file, type: kind });
  }
}

/** Ok only when nothing got out: every list of escapes empty. */
export function verdict(report: EscapeAuditReport): boolean {
  return (
    report.navigations_outside_allowlist.length === 0 &&
    report.popups_opened_outside.length === 0 &&
    report.native_dialogs.length === 0 &&
    report.downloads_accepted.length === 0 &&
    report.permissions_granted.length === 0 &&
    report.file_choosers_native.length === 0 &&
    // A call asked for and never on proves nothing; one whose processes outlived the session is a camera left on.
    (report.call === null || (report.call.joined && report.call.released))
  );
}
