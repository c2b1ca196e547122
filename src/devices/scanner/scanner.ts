// Scanning documents for the resident: one document = one or more A4 pages = one PDF in the session
// folder the caller gives. Each page is a JPEG from scanimage, written into that folder at once (so a full
// folder is known at the page, not at the end) with a small preview; finish() wraps the JPEGs as they are
// into one PDF and keeps each page's JPEG beside it (for a site that takes images only); discard() deletes
// every file the document wrote. An ID card is a document of its own kind: only the card's corner of the
// glass is scanned, front then back, and both sides go on one A4 page.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ScannerFault, type ScanFault } from '../../shared/session/types';
import type { DeviceDriver } from '../driver';
import { writeJpegPdfSync, type JpegPage } from '../pdf';
import { isDiskFull, SCAN_FAULT_MESSAGES_FR, scanFaultFromOutcome } from './faults';
import { JpegDcDecoder, readJpegInfo } from './jpeg-preview';
import { listScanners } from './list';
import { encodePng } from './png';
import { endingError, runScanimage, type ScanimageRun } from './scanimage';
import { tailFile } from './tail';
import { chosenResolution, deviceArgs, parseSaneOptions, type SaneOption } from './sane-options';

export interface ScannerOptions {
  /** SANE device name (`scanimage -L`); default: the first one found. */
  device?: string;
  resolution: 150 | 300;
  mode: 'gray' | 'color';
  source: 'flatbed' | 'adf';
  /** Longest a page may take, device warm-up included; then scanimage is stopped and the page fails with 'timeout'. */
  timeoutMs: number;
  /** Extra scanimage arguments after ours (the tests pass the SANE test backend's fault options here). */
  extraArgs?: string[];
  /** SANE_CONFIG_DIR for scanimage (default: the environment's, else /etc/sane.d). */
  saneConfigDir?: string;
  /** scanimage binary (default: from PATH). */
  scanimage?: string;
}

export interface ScanPageResult {
  pages: number;
  previewPng: Uint8Array;
}

/** What is being scanned: sheets of paper (A4 pages), or an ID card (its front and back on one page). */
export type ScanLayout = 'document' | 'card';

/**
 * The part of the glass scanned for a card, from the corner the scanner's origin is in: an ID-1 card
 * (85.6 × 54 mm) with room to be placed a little askew.
 */
export const CARD_AREA_MM = { width: 100, height: 70 } as const;

export interface FinishedScan {
  path: string;
  /** Pages of the PDF (a card is one page). */
  pages: number;
  bytes: number;
  /** Each scanned image as its own JPEG file beside the PDF (a card: front, then back), in order. */
  images: string[];
}

export interface ScanDocument {
  /** Scans one more page. Rejects with a ScannerFault; the pages already scanned stay. */
  scanPage(): Promise<ScanPageResult>;
  /** Scans a page that replaces the last one (the last one stays if this scan fails). */
  retakeLastPage(): Promise<ScanPageResult>;
  /** Writes the pages as one PDF in the folder; the page files stay, renamed, as the document's images. */
  finish(): Promise<FinishedScan>;
  /** Stops a scan in progress and deletes every file this document wrote. */
  discard(): Promise<void>;
}

/** What the technician's diagnostics show of the scanner: the SANE device in use, if one answers. */
export interface ScannerDiagnostics {
  device: string | null;
  found: string[];
}

/** presence(): 'present' when the SANE device is known (configured, or found by scanimage); nothing to open or close. */
export interface Scanner extends DeviceDriver<'scanner', Promise<ScannerDiagnostics>> {
  startDocument(folder: string, layout?: ScanLayout): ScanDocument;
  /** The SANE device in use (resolved on first use when none was configured). */
  device(): Promise<string>;
}

const fault = (code: ScanFault, detail?: string): ScannerFault =>
  new ScannerFault(code, detail ? `${SCAN_FAULT_MESSAGES_FR[code]} (${detail})` : SCAN_FAULT_MESSAGES_FR[code]);

/** Less than one 300 dpi colour page of room left. */
async function folderIsFull(folder: string): Promise<boolean> {
  try {
    const s = await statfs(folder);
    return s.bavail * s.bsize < 4 * 1024 * 1024;
  } catch {
    return false;
  }
}

/** What a preview looks like when the JPEG could not be read for one: a plain light page. */
function placeholderPreview(): Uint8Array {
  const width = 105;
  const height = 148;
  return encodePng({ width, height, channels: 1, pixels: new Uint8Array(width * height).fill(235) });
}

interface StoredPage {
  file: string;
  width: number;
  height: number;
  components: 1 | 3;
  dpi: number;
}

export function createScanner(opts: ScannerOptions): Scanner {
  let device: Promise<string> | null = null;
  let options: Promise<Map<string, SaneOption> | null> | null = null;
  /** One scan at a time per scanner, whichever document asks. */
  let scanning = false;

  const resolveDevice = (): Promise<string> => {
    if (opts.device) return Promise.resolve(opts.device);
    device ??= listScanners({ saneConfigDir: opts.saneConfigDir, timeoutMs: opts.timeoutMs, scanimage: opts.scanimage }).then((found) => {
      if (!found[0]) throw fault('no-scanner');
      return found[0].device;
    });
    // A failed discovery is retried next time (the scanner may have been plugged in since).
    device.catch(() => (device = null));
    return device;
  };

  // The device's option names, read once; null (use common names) if it cannot be read now.
  const deviceOptions = (name: string): Promise<Map<string, SaneOption> | null> => {
    options ??= (async () => {
      let text = '';
      const run = await runScanimage({
        binary: opts.scanimage,
        args: ['-d', name, '-A'],
        timeoutMs: opts.timeoutMs,
        saneConfigDir: opts.saneConfigDir,
        onStdout: (chunk) => (text += chunk.toString('utf8')),
      }).catch(() => null); // no scanimage at all: the scan itself will say so
      if (!run || run.stoppedBy || run.outcome.code !== 0) {
        options = null;
        return null;
      }
      return parseSaneOptions(text);
    })();
    return options;
  };

  return {
    kind: 'scanner',
    start: async () => {},
    stop: async () => {},
    watch: () => () => {},
    presence: () =>
      resolveDevice().then(
        () => 'present',
        () => 'absent',
      ),
    async diagnostics() {
      const device = await resolveDevice().catch(() => null);
      return { device, found: device ? [device] : [] };
    },
    device: resolveDevice,
    startDocument(folder: string, layout: ScanLayout = 'document'): ScanDocument {
      const area = layout === 'card' ? { widthMm: CARD_AREA_MM.width, heightMm: CARD_AREA_MM.height } : { widthMm: 210, heightMm: 297 };
      const id = `scan-${randomBytes(6).toString('hex')}`;
      const pages: StoredPage[] = [];
      /** Every path this document may have created, for discard(). */
      const written = new Set<string>();
      let sequence = 0;
      let inFlight: { abort: AbortController; done: Promise<unknown> } | null = null;
      let finished = false;
      let discarded = false;

      const scanOne = async (): Promise<{ page: StoredPage; previewPng: Uint8Array }> => {
        if (discarded || finished) throw new Error('this scan document is closed');
        if (scanning) throw fault('busy', 'une numérisation est déjà en cours');
        scanning = true;
        const abort = new AbortController();
        let settle!: () => void;
        inFlight = { abort, done: new Promise<void>((r) => (settle = r)) };
        try {
          const name = await resolveDevice();
          const args = deviceArgs(await deviceOptions(name), {
            mode: opts.mode,
            source: opts.source,
            resolution: opts.resolution,
            ...area,
          });
          const decoder = new JpegDcDecoder();
          const file = path.join(folder, `${id}-p${++sequence}.jpg`);
          written.add(file);
          // scanimage writes the page into the folder itself; the preview is decoded as the bytes land.
          // The JPEG's end marker (FF D9: entropy-coded data escapes every FF) says the whole image is there.
          let last = [0, 0];
          let imageComplete = false;
          let outputDone!: () => void;
          const whole = new Promise<void>((r) => (outputDone = r));
          const tail = tailFile(file, (chunk) => {
            decoder.push(chunk);
            last = chunk.length >= 2 ? [chunk[chunk.length - 2]!, chunk[chunk.length - 1]!] : [last[1]!, chunk[0]!];
            imageComplete = last[0] === 0xff && last[1] === 0xd9;
            if (imageComplete) outputDone();
          });
          let run: ScanimageRun;
          try {
            run = await runScanimage({
              binary: opts.scanimage,
              args: ['-d', name, '--format=jpeg', ...args, ...(opts.extraArgs ?? []), '-o', file],
              timeoutMs: opts.timeoutMs,
              saneConfigDir: opts.saneConfigDir,
              signal: abort.signal,
              outputDone: whole,
            });
          } catch (error) {
            tail.stop();
            await rm(file, { force: true });
            throw fault('no-scanner', `scanimage: ${(error as Error).message}`);
          }
          tail.stop();
          const failed = async (f: ScannerFault | Error): Promise<never> => {
            await rm(file, { force: true });
            throw f;
          };
          if (run.stoppedBy === 'abort' || abort.signal.aborted) return failed(new Error('scan discarded'));
          if (run.stoppedBy === 'timeout') return failed(fault('timeout', `${opts.timeoutMs} ms`));
          // The whole page landed, then the backend hung while closing (killed by runScanimage): the page is good.
          const keptDespiteHang = run.stoppedBy === 'stuck-closing' && imageComplete;
          const reported = endingError(run.outcome.stderr);
          if ((run.outcome.code !== 0 && !keptDespiteHang) || reported)
            return failed(fault(scanFaultFromOutcome(run.outcome), reported ?? run.outcome.stderr.split('\n').pop()));
          const jpeg = decoder.bytes();
          let info;
          try {
            info = readJpegInfo(jpeg);
            // Complete: ends with EOI. scanimage reports a failed write, but a short file is never a page.
            if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== 0xd9) throw new Error('truncated');
          } catch {
            // Short or empty: the folder filled up, or the device stopped sending.
            return failed(fault((await folderIsFull(folder)) ? 'disk-full' : 'device-gone', 'image vide ou incomplète'));
          }
          let previewPng: Uint8Array;
          try {
            previewPng = encodePng(decoder.finish());
          } catch {
            previewPng = placeholderPreview();
          }
          if (abort.signal.aborted) return failed(new Error('scan discarded'));
          // scanimage creates the file with the process umask; a page is the resident's alone.
          chmodSync(file, 0o600);
          const page: StoredPage = {
            file,
            width: info.width,
            height: info.height,
            components: info.components === 1 ? 1 : 3,
            dpi: chosenResolution(args, opts.resolution),
          };
          return { page, previewPng };
        } finally {
          scanning = false;
          inFlight = null;
          settle();
        }
      };

      return {
        async scanPage() {
          const { page, previewPng } = await scanOne();
          pages.push(page);
          return { pages: pages.length, previewPng };
        },
        async retakeLastPage() {
          const { page, previewPng } = await scanOne();
          const replaced = pages.pop();
          pages.push(page);
          if (replaced) {
            await rm(replaced.file, { force: true });
            written.delete(replaced.file);
          }
          return { pages: pages.length, previewPng };
        },
        async finish() {
          if (discarded || finished) throw new Error('this scan document is closed');
          if (inFlight) throw fault('busy', 'une numérisation est en cours');
          if (pages.length === 0) throw fault('no-document', 'aucune page numérisée');
          const pdfPath = path.join(folder, `${id}.pdf`);
          // Synchronous on purpose: the folder is the session's RAM folder, so these are memory copies (see tail.ts).
          const jpegPages: JpegPage[] = pages.map((p) => ({ ...p, jpeg: readFileSync(p.file) }));
          written.add(pdfPath);
          let bytes: number;
          try {
            bytes = writeJpegPdfSync(pdfPath, layout === 'card' ? [{ stacked: jpegPages }] : jpegPages);
          } catch (error) {
            rmSync(pdfPath, { force: true });
            throw isDiskFull(error) ? fault('disk-full') : error;
          }
          finished = true;
          // The JPEGs stay as they came from the scanner (no re-encoding), named for the site that gets them.
          const sides = ['recto', 'verso'];
          const images = pages.map((p, i) => {
            const named = path.join(folder, `${id}-${layout === 'card' && pages.length <= 2 ? sides[i] : `page-${i + 1}`}.jpg`);
            renameSync(p.file, named);
            written.delete(p.file);
            written.add(named);
            return named;
          });
          return { path: pdfPath, pages: layout === 'card' ? 1 : pages.length, bytes, images };
        },
        async discard() {
          discarded = true;
          const running = inFlight;
          if (running) {
            running.abort.abort();
            await running.done;
          }
          await Promise.all([...written].map((f) => rm(f, { force: true })));
          written.clear();
          pages.length = 0;
        },
      };
    },
  };
}
