// The escape audit: opens a URL as a démarche on the Chromium adapter with an allow-list, acts
// like a curious resident (clicks every [data-audit-click] in document order, presses the
// browser's shortcuts), lets the page run, and reports — measured from the browser's and the
// system's side, not from the engine's own notices — everything that got out:
//
//   navigations_outside_allowlist  documents committed or answered off the list, in any frame
//                                  or window; external applications the browser tried to start
//   popups_opened_outside          windows/tabs that showed anything but an allowed page
//   native_dialogs                 print preview, devtools, browser pages, JS dialogs left open,
//                                  X11 dialog windows (headed runs)
//   downloads_accepted             files of a refused type that landed anywhere (with their types)
//   permissions_granted            what the pages' permission queries and device APIs say
//   file_choosers_native           OS file dialogs (X11), native chooser events, FSA pickers present
//
// npm run audit:escape -- --url URL --allow host[,host…] [--seconds N] [--headless]
// Prints ONE JSON object; exits 0 only when every list is empty.
// `--payment-url URL --payment-hosts h[,h…] --bank-hosts h[,h…]`: the payment walk (escape/payment.ts, issue 15).
// `--visio-url URL`: a video call on that Jitsi open beside the démarche the whole walk long (issue 17); the report's
// `call` says it joined and that none of its processes outlived the session.
// `--unsafe-disable guard[,guard…]` switches engine guards off: only to prove the audit sees each
// escape (the project's tests do); never meaningful for a real démarche.
//
// The audit lives in escape/: audit.ts (the steps), display.ts (the private Xvfb), probes.ts (what is
// planted to see from outside the page), observe.ts (the browser's side), report.ts (the lists and
// the verdict). This file is the command.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as nodeParseArgs } from 'node:util';
import { GUARDS, type Guard } from '../../src/engine/page-guard';
import { hostAllowed } from '../../src/shared/policy/hosts';
import { runEscapeAudit, type EscapeAuditOptions } from './escape/audit';

export { runEscapeAudit, type EscapeAuditOptions } from './escape/audit';
export type { EscapeAuditReport } from './escape/report';

// ——— command line ———

const USAGE =
  'usage: npm run audit:escape -- --url URL --allow host[,host…] [--seconds N] [--headless] [--verbose] [--payment-url URL --payment-hosts host[,host…] --bank-hosts host[,host…]] [--visio-url URL]';

const FLAGS = {
  url: { type: 'string' },
  allow: { type: 'string' },
  seconds: { type: 'string' },
  headless: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'unsafe-disable': { type: 'string' },
  'payment-url': { type: 'string' },
  'payment-hosts': { type: 'string' },
  'bank-hosts': { type: 'string' },
  'visio-url': { type: 'string' },
} as const;

/** A bad command line: the message is printed with the usage, and the command exits 2. */
export class UsageError extends Error {}

/**
 * The command's flags, `--flag value` or `--flag=value`, checked in the order given: an unknown
 * argument, a flag without its value or a bad value throws a UsageError saying which.
 */
export function parseArgs(argv: string[]): EscapeAuditOptions {
  // Not strict: the unknown arguments and the missing values are told apart below, in the command's own words.
  const { tokens } = nodeParseArgs({ args: argv, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const options: Partial<EscapeAuditOptions> = {};
  const payment: { url?: string; hosts?: string[]; bankHosts?: string[] } = {};
  const hosts = (v: string) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
  for (const token of tokens) {
    if (token.kind !== 'option' || !Object.hasOwn(FLAGS, token.name)) throw new UsageError(`unknown argument ${argv[token.index]}`);
    const value = () => {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      return token.value;
    };
    switch (token.name as keyof typeof FLAGS) {
      case 'url':
        options.url = value();
        break;
      case 'allow':
        options.allow = value()
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean);
        break;
      case 'seconds':
        options.seconds = Number(value());
        if (!Number.isFinite(options.seconds) || options.seconds < 0) throw new UsageError('--seconds must be a number ≥ 0');
        break;
      case 'headless':
        options.headless = true;
        break;
      case 'verbose':
        options.verbose = true;
        break;
      case 'unsafe-disable': {
        const guards = value().split(',').filter(Boolean);
        for (const g of guards) if (!(GUARDS as readonly string[]).includes(g)) throw new UsageError(`unknown guard ${g} (known: ${GUARDS.join(', ')})`);
        options.unsafeDisable = guards as Guard[];
        break;
      }
      case 'payment-url':
        payment.url = value();
        break;
      case 'payment-hosts':
        payment.hosts = hosts(value());
        break;
      case 'bank-hosts':
        payment.bankHosts = hosts(value());
        break;
      case 'visio-url':
        options.visioUrl = value();
        if (!URL.canParse(options.visioUrl) || !/^https?:$/.test(new URL(options.visioUrl).protocol))
          throw new UsageError('--visio-url must be an http(s) URL');
        break;
    }
  }
  if (!options.url || !URL.canParse(options.url)) throw new UsageError('--url must be an absolute URL');
  if (!options.allow?.length) throw new UsageError('--allow needs at least one host');
  if (payment.url !== undefined || payment.hosts !== undefined || payment.bankHosts !== undefined) {
    if (!payment.url || !URL.canParse(payment.url)) throw new UsageError('--payment-url must be an absolute URL');
    if (!payment.hosts?.length) throw new UsageError('--payment-hosts needs at least one host');
    if (!payment.bankHosts?.length) throw new UsageError('--bank-hosts needs at least one host');
    if (!hostAllowed(payment.hosts, new URL(payment.url).hostname)) throw new UsageError('--payment-url must be on one of --payment-hosts');
    options.payment = { url: payment.url, hosts: payment.hosts, bankHosts: payment.bankHosts };
  }
  return options as EscapeAuditOptions;
}

function optionsOrExit(argv: string[]): EscapeAuditOptions {
  try {
    return parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = optionsOrExit(process.argv.slice(2));
  runEscapeAudit(options).then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.exit(report.ok ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`audit failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(3);
    },
  );
}
