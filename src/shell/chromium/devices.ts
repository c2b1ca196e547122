// The printer and the scanner of the Chromium shell. On a machine that has the config's devices (the
// CUPS queue answers, SANE lists the scanner) the cabin uses them. Where they are missing (a
// developer's machine), a private CUPS with a PDF printer (cups-pdf) and SANE's test scanner stand in
// for them (private-devices.sh: own cupsd, socket and port, nothing of the machine's touched), and
// the shell says so in one line. The same environment is what the test suites run against
// (scripts/test-env/ starts it through startPrivateDevices).
import { freePort } from '../../base/node/ports';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CabinConfig } from '../../shared/config';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'private-devices.sh');

/** What private-devices.sh started (its env.json). */
export interface PrivateDevices {
  base: string;
  /** Unix socket of the private cupsd (use as CUPS_SERVER). */
  cupsServer: string;
  cupsPort: number;
  cupsSpool: string;
  cupsLogDir: string;
  queues: { pdf: string; fault: string };
  ippUrl: { pdf: string; fault: string };
  /** Where the PDF queue (cups-pdf) writes what it prints. */
  pdfOutDir: string;
  /** The FAULT queue's backend reads `MODE` here and writes job-<id>.pdf here. */
  faultDir: string;
  saneConfigDir: string;
  saneDevice: string;
  chromium: string;
  cupsdPid: number;
}

/** Starts a private cupsd (queues PDF and FAULT) and SANE's test backend under a new directory of `parent`. */
export async function startPrivateDevices(options: { parent?: string; prefix?: string } = {}): Promise<{ env: PrivateDevices; stop(): Promise<void> }> {
  const base = await mkdtemp(path.join(options.parent ?? tmpdir(), options.prefix ?? 'cabine-devices-'));
  const port = await freePort();
  await run('bash', [SCRIPT, 'start', base, String(port)], { timeout: 60_000 });
  const env = JSON.parse(await readFile(path.join(base, 'env.json'), 'utf8')) as PrivateDevices;
  let stopped: Promise<void> | null = null;
  return {
    env,
    stop: () => (stopped ??= run('bash', [SCRIPT, 'stop', base], { timeout: 30_000 }).then(() => undefined)),
  };
}

/** Whether the CUPS queue exists (on `server`, else the machine's CUPS). */
export async function printerQueueExists(queue: string, server?: string): Promise<boolean> {
  return run('lpstat', ['-p', queue], { timeout: 5000, env: { ...process.env, ...(server ? { CUPS_SERVER: server } : {}) } }).then(
    () => true,
    () => false,
  );
}

/** Whether SANE lists `device` (or any scanner when none is named). */
export async function scannerListed(device?: string): Promise<boolean> {
  return run('scanimage', ['-L'], { timeout: 20_000 }).then(
    ({ stdout }) => (device ? stdout.includes(`\`${device}'`) : /device `[^']+' is/.test(stdout)),
    () => false,
  );
}

export interface ShellDevices {
  /** For assembleCabin: where the printer and the scanner are (empty: the machine's own). */
  overrides: { cupsServer?: string; cupsSpool?: string; saneConfigDir?: string };
  /** The one line saying which devices the cabin uses. */
  line: string;
  /** Where printed pages land, when they land in files. */
  printedPagesDir: string | null;
  privateDevices: PrivateDevices | null;
  stop(): Promise<void>;
}

export interface ProvideOptions {
  /** Always the private devices (the smoke: nothing goes to a real printer, and its pages are checked). */
  forcePrivate?: boolean;
  /** Where the private environment's directory goes. */
  parent?: string;
  /** Answers of the machine (tests). */
  probe?: { printer(queue: string, server?: string): Promise<boolean>; scanner(device?: string): Promise<boolean> };
  start?: typeof startPrivateDevices;
  isRoot?: boolean;
}

/**
 * Decides which printer and scanner the cabin gets, and changes `config` to match: the machine's when
 * they answer, else the private ones (a PDF printer, SANE's test scanner).
 */
export async function provideDevices(config: CabinConfig, options: ProvideOptions = {}): Promise<ShellDevices> {
  const probe = options.probe ?? { printer: printerQueueExists, scanner: scannerListed };
  const printer = config.devices.printer;
  const scanner = config.devices.scanner;
  const [printerHere, scannerHere] = options.forcePrivate
    ? [false, false]
    : await Promise.all([printer.enabled ? probe.printer(printer.queue, printer.server) : true, scanner.enabled ? probe.scanner(scanner.device) : true]);
  const none = { overrides: {}, printedPagesDir: null, privateDevices: null, stop: async () => {} };
  if (printerHere && scannerHere) {
    const what = [printer.enabled ? `printer queue ${printer.queue}` : null, scanner.enabled ? `scanner ${scanner.device ?? '(first found)'}` : null].filter(
      Boolean,
    );
    return { ...none, line: what.length ? `devices: this machine's ${what.join(' and ')}.` : 'devices: none enabled in the config.' };
  }
  const missing = [
    !printerHere ? `no printer queue "${printer.queue}"` : null,
    !scannerHere ? `no scanner${scanner.device ? ` "${scanner.device}"` : ''}` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  const why = options.forcePrivate ? 'the smoke run uses its own devices' : `this machine has ${missing}`;
  if (!(options.isRoot ?? process.getuid?.() === 0)) {
    return {
      ...none,
      line: `devices: ${why}, and a private CUPS needs root: the cabin runs without ${printerHere ? 'a scanner' : scannerHere ? 'a printer' : 'them'}.`,
    };
  }
  let started: Awaited<ReturnType<typeof startPrivateDevices>>;
  try {
    started = await (options.start ?? startPrivateDevices)({ parent: options.parent, prefix: 'cabine-shell-devices-' });
  } catch (error) {
    const reason =
      error instanceof Error ? (error.message.split('\n').find((l) => l.startsWith('private devices:')) ?? error.message.split('\n')[0]) : String(error);
    return { ...none, line: `devices: ${why}, and the private CUPS and SANE did not start (${reason}).` };
  }
  const env = started.env;
  const overrides: ShellDevices['overrides'] = {};
  const parts: string[] = [];
  if (!printerHere) {
    config.devices.printer = { ...printer, queue: env.queues.pdf, server: undefined };
    overrides.cupsServer = env.cupsServer;
    overrides.cupsSpool = env.cupsSpool;
    parts.push(`a private CUPS with a PDF printer (queue ${env.queues.pdf}; printed pages land in ${env.pdfOutDir}, removed when the shell stops)`);
  }
  if (!scannerHere) {
    config.devices.scanner = { ...scanner, device: env.saneDevice };
    overrides.saneConfigDir = env.saneConfigDir;
    parts.push(`SANE's test scanner (${env.saneDevice}, a test pattern)`);
  }
  return {
    overrides,
    line: `devices: ${why}: using ${parts.join(' and ')}.`,
    printedPagesDir: printerHere ? null : env.pdfOutDir,
    privateDevices: env,
    stop: started.stop,
  };
}
