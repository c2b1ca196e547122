// Downloads of a démarche view, shared by both adapters: decided when they start (announced name
// and type: a refused file never lands), re-checked on their first bytes once complete (a program
// named `.pdf` is refused too), then moved into the session folder under a safe, unique name.
// There is never a Save dialog: the adapters save into a folder of the session's own directory.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { dangerousContent, decideDownload, extensionOf, MAX_DOWNLOAD_BYTES, sniffContent } from '../shared/policy/downloads';
import { mimeOfFilename } from '../shared/policy/file-chooser';
import type { DownloadRefusal } from '../shared/session/types';
import type { NoticeSink } from './notices';

export interface DownloadStart {
  suggestedFilename: string;
  url: string;
  mime?: string;
  totalBytes?: number;
}

export type DownloadStartDecision = { accept: true; id: string } | { accept: false; reason: DownloadRefusal };

export interface DownloadGuardOptions {
  filesDir: string;
  emit: NoticeSink;
  maxBytes?: number;
  /** Audit self-test only: keep every download, dangerous or not. */
  disabled?: boolean;
  /** A refusal that holds now whatever the file (a page of the view is paying on its bank's site). */
  refuseNow?: () => DownloadRefusal | null;
}

export interface SavedDownload {
  path: string;
  filename: string;
  mime: string;
  isPdf: boolean;
  bytes: number;
}

export class DownloadGuard {
  private readonly names = new Map<string, { filename: string; mime?: string }>();
  private readonly maxBytes: number;

  constructor(private readonly options: DownloadGuardOptions) {
    this.maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  }

  /** Where adapters put bytes in flight: inside the session folder, hidden, removed after each download. */
  get incomingDir(): string {
    return path.join(this.options.filesDir, '.incoming');
  }

  /** Called when a download announces itself. A refusal is notified here; cancel it at once. */
  start(d: DownloadStart): DownloadStartDecision {
    const now = this.options.disabled ? null : (this.options.refuseNow?.() ?? null);
    if (now) {
      this.options.emit({ type: 'download-refused', filename: d.suggestedFilename, reason: now });
      return { accept: false, reason: now };
    }
    const decision = this.options.disabled
      ? ({ accept: true, filename: d.suggestedFilename } as const)
      : decideDownload({ filename: d.suggestedFilename || fileNameOfUrl(d.url), mime: d.mime, bytes: d.totalBytes }, this.maxBytes);
    if (!decision.accept) {
      this.options.emit({ type: 'download-refused', filename: d.suggestedFilename, reason: decision.reason });
      return decision;
    }
    const id = randomUUID();
    this.names.set(id, { filename: decision.filename, mime: d.mime });
    return { accept: true, id };
  }

  /** The bytes are all in `tempPath`: check them and move them into the session folder. */
  async complete(id: string, tempPath: string): Promise<SavedDownload | null> {
    const entry = this.names.get(id);
    this.names.delete(id);
    if (!entry) return null;
    try {
      const st = await stat(tempPath);
      const head = await readHead(tempPath, 1024);
      const kind = sniffContent(head);
      if (!this.options.disabled) {
        if (st.size > this.maxBytes) return await this.refuse(entry.filename, 'too-large', tempPath);
        if (dangerousContent(kind)) return await this.refuse(entry.filename, 'dangerous-type', tempPath);
      }
      const isPdf = kind === 'pdf';
      let filename = entry.filename;
      if (isPdf && extensionOf(filename) !== 'pdf') filename = `${filename}.pdf`;
      await mkdir(this.options.filesDir, { recursive: true });
      const dest = await uniquePath(this.options.filesDir, filename);
      await moveFile(tempPath, dest);
      const saved: SavedDownload = {
        path: dest,
        filename: path.basename(dest),
        mime: isPdf ? 'application/pdf' : entry.mime && entry.mime !== 'application/octet-stream' ? entry.mime.split(';')[0]!.trim() : mimeOfFilename(dest),
        isPdf,
        bytes: st.size,
      };
      this.options.emit({ type: 'download-done', ...saved });
      return saved;
    } catch (error) {
      const reason: DownloadRefusal = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk-full' : 'failed';
      return this.refuse(entry.filename, reason, tempPath);
    }
  }

  /** The browser gave up (network error, cancelled by the site, no space). */
  async failed(id: string, reason: DownloadRefusal = 'failed', tempPath?: string): Promise<void> {
    const entry = this.names.get(id);
    this.names.delete(id);
    if (entry) await this.refuse(entry.filename, reason, tempPath);
  }

  private async refuse(filename: string, reason: DownloadRefusal, tempPath?: string): Promise<null> {
    if (tempPath) await rm(tempPath, { force: true }).catch(() => {});
    this.options.emit({ type: 'download-refused', filename, reason });
    return null;
  }
}

function fileNameOfUrl(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'document';
  } catch {
    return 'document';
  }
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** `avis.pdf`, then `avis (2).pdf`, `avis (3).pdf`… */
async function uniquePath(dir: string, filename: string): Promise<string> {
  const ext = path.extname(filename);
  const base = filename.slice(0, filename.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, i === 1 ? filename : `${base} (${i})${ext}`);
    const exists = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
