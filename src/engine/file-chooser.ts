// The file chooser, taken over through CDP: the page's <input type=file> never opens the OS
// dialog (which browses the whole disk and is a classic kiosk escape). Instead the cabin gets a
// `file-chooser` notice, shows its own picker listing this session's scans and downloads, and
// answers with `setFiles()` — which accepts only files inside the session folder.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileMatchesAccept, parseAccept } from '../shared/policy/file-chooser';
import { sendQuietly, type CdpSession } from './cdp';
import type { NoticeSink } from './notices';

interface PendingChooser {
  cdp: CdpSession;
  backendNodeId: number;
  accept: string[];
  multiple: boolean;
}

export class FileChooserError extends Error {
  constructor(readonly code: 'no-chooser' | 'too-many-files' | 'outside-session' | 'not-a-file' | 'not-accepted') {
    super(code);
    this.name = 'FileChooserError';
  }
}

export class FileChooserGate {
  private pending: PendingChooser | null = null;

  /**
   * @param roots the only folders whose files may be given to a page (the session folder).
   * @param emit where `file-chooser` notices go.
   * @param refuseNow whether no chooser may open now (a page of the view is paying on its bank's site).
   */
  constructor(
    private readonly roots: readonly string[],
    private readonly emit: NoticeSink,
    private readonly refuseNow: () => boolean = () => false,
  ) {}

  /** Takes over the file choosers of one target (a page, or an out-of-process frame). */
  async attach(cdp: CdpSession): Promise<() => void> {
    const off = cdp.on('Page.fileChooserOpened', (e) => void this.opened(cdp, e));
    await cdp.send('Page.enable');
    await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true });
    return () => {
      off();
      if (this.pending?.cdp === cdp) this.pending = null;
    };
  }

  current(): { accept: string[]; multiple: boolean } | null {
    return this.pending ? { accept: this.pending.accept, multiple: this.pending.multiple } : null;
  }

  private async opened(cdp: CdpSession, e: Record<string, unknown>): Promise<void> {
    const backendNodeId = typeof e.backendNodeId === 'number' ? e.backendNodeId : null;
    // showOpenFilePicker & co. come without a node: they are disabled in the engine, and an
    // interception without an input to fill cannot be answered anyway.
    if (backendNodeId === null) return;
    // No file goes to a bank's page: the input stays as it was (as a closed picker leaves it).
    if (this.refuseNow()) return;
    let attributes: string[] = [];
    try {
      const { node } = await cdp.send<{ node: { attributes?: string[] } }>('DOM.describeNode', { backendNodeId });
      attributes = node.attributes ?? [];
    } catch {
      return; // the input went away before we could read it
    }
    const attr = (name: string) => {
      for (let i = 0; i + 1 < attributes.length; i += 2) if (attributes[i]?.toLowerCase() === name) return attributes[i + 1] ?? '';
      return null;
    };
    if (attr('webkitdirectory') !== null) {
      // A folder picker would hand a whole directory to the site: not offered in the cabin.
      this.pending = null;
      return;
    }
    this.pending = { cdp, backendNodeId, accept: parseAccept(attr('accept')), multiple: e.mode === 'selectMultiple' };
    this.emit({ type: 'file-chooser', accept: this.pending.accept, multiple: this.pending.multiple });
  }

  /** Gives session files to the input that asked; refuses anything outside the session folder. */
  async setFiles(paths: readonly string[]): Promise<void> {
    const pending = this.pending;
    if (!pending) throw new FileChooserError('no-chooser');
    if (paths.length > 1 && !pending.multiple) throw new FileChooserError('too-many-files');
    const files: string[] = [];
    for (const p of paths) files.push(await this.checkedPath(p, pending.accept));
    this.pending = null;
    await pending.cdp.send('DOM.setFileInputFiles', { files, backendNodeId: pending.backendNodeId });
  }

  /** The resident closed our picker: the page gets the `cancel` event a closed dialog gives. */
  async cancel(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    try {
      const { object } = await pending.cdp.send<{ object: { objectId?: string } }>('DOM.resolveNode', { backendNodeId: pending.backendNodeId });
      if (object.objectId) {
        await sendQuietly(pending.cdp, 'Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: 'function () { this.dispatchEvent(new Event("cancel", { bubbles: true })); }',
        });
        await sendQuietly(pending.cdp, 'Runtime.releaseObject', { objectId: object.objectId });
      }
    } catch {
      // The page moved on: nothing to tell it.
    }
  }

  private async checkedPath(p: string, accept: readonly string[]): Promise<string> {
    let real: string;
    try {
      real = await realpath(p);
    } catch {
      throw new FileChooserError('not-a-file');
    }
    // Compare resolved paths, so a symlink in the session folder cannot point outside it.
    const roots = await Promise.all(this.roots.map((r) => realpath(r).catch(() => path.resolve(r))));
    if (!roots.some((root) => real.startsWith(root + path.sep))) throw new FileChooserError('outside-session');
    const st = await stat(real);
    if (!st.isFile()) throw new FileChooserError('not-a-file');
    if (!fileMatchesAccept(real, accept)) throw new FileChooserError('not-accepted');
    return real;
  }
}
