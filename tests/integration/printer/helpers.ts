// Shared by the printer tests: documents to print and a way back to a healthy FAULT queue.
import { chmod } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPrinter, type Printer } from '../../../src/devices/printer';
import { setFaultMode, type TestEnv } from '../../../scripts/test-env';

/** A title a resident's document could carry: it must never reach a file name or a log. */
export const PERSONAL_TITLE = 'Avis impot DUPONT Jeanne 1948';

export async function samplePdf(pages: number, title = PERSONAL_TITLE): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setAuthor('DUPONT Jeanne');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595.28, 841.89]).drawText(`Page ${i} / ${pages}`, { x: 60, y: 760, size: 28, font });
  return doc.save();
}

export function printerFor(env: TestEnv, queue: string, extra: Partial<Parameters<typeof createPrinter>[0]> = {}): Printer {
  return createPrinter({ queue, server: env.cupsServer, spoolDir: env.cupsSpool, ...extra });
}

/** The FAULT queue healthy again: mode ok, the backend's reasons forgotten, queue restarted and accepting. */
export async function healFaultQueue(env: TestEnv, printer: Printer): Promise<void> {
  await setFaultMode(env, 'ok');
  await printer.resume();
}

/**
 * cups-pdf runs Ghostscript as "nobody" for a requesting user that has no account (ours is "cabine"),
 * so its output directory must be writable by it. The shared test environment leaves it lp:lp 0755.
 */
export async function letCupsPdfWrite(env: TestEnv): Promise<void> {
  await chmod(env.pdfOutDir, 0o1777);
}

export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, stepMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
