// The session's documents: random ids, in memory only, confined to the session folder, dropped by the wipe.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentRegistry, DocumentOutsideSessionError } from '../../../../src/cabin/storage/documents';
import { scratch, type Scratch } from './helpers';

// Real processes and files on a machine shared with other builds: generous time.
vi.setConfig({ testTimeout: 30_000 });

let s: Scratch;
let files: string;
beforeEach(async () => {
  s = await scratch();
  files = path.join(s.tmp, 'files');
  await mkdir(files, { recursive: true });
});
afterEach(async () => {
  await s.cleanup();
});

describe('document registry', () => {
  it('registers files of the session folder with a random id and their real size', async () => {
    const reg = createDocumentRegistry(files);
    await writeFile(path.join(files, 'avis.pdf'), 'x'.repeat(1234));
    const a = await reg.add({ kind: 'download', label: 'Avis', mime: 'application/pdf', pages: 1, path: path.join(files, 'avis.pdf') });
    const b = await reg.add({ kind: 'download', label: 'Avis', mime: 'application/pdf', pages: 1, path: path.join(files, 'avis.pdf') });
    expect(a.bytes).toBe(1234);
    expect(a.id).toMatch(/^d-[A-Za-z0-9_-]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(reg.summaries()[0]).not.toHaveProperty('path');
    expect(reg.get(a.id)?.path).toBe(path.join(files, 'avis.pdf'));
    expect(reg.remove(b.id)).toBe(true);
    expect(reg.counts()).toEqual({ documents: 1, scans: 0 });
  });

  it('a scan keeps its JPEG pages: counted for the screens, their paths only for the runtime (issue 15)', async () => {
    const reg = createDocumentRegistry(files);
    for (const f of ['scan.pdf', 'scan-page-1.jpg', 'scan-page-2.jpg']) await writeFile(path.join(files, f), 'x');
    const images = [path.join(files, 'scan-page-1.jpg'), path.join(files, 'scan-page-2.jpg')];
    const doc = await reg.add({ kind: 'scan', label: 'Document scanné 1', mime: 'application/pdf', pages: 2, path: path.join(files, 'scan.pdf'), images });
    expect(reg.get(doc.id)).toMatchObject({ images, jpegImages: 2 });
    const [summary] = reg.summaries();
    expect(summary).toMatchObject({ id: doc.id, jpegImages: 2 });
    expect(JSON.stringify(summary)).not.toContain(files); // no path reaches the screens
    // An image outside the session folder would survive the wipe: refused like the document itself.
    await expect(
      reg.add({ kind: 'scan', label: 'x', mime: 'application/pdf', pages: 1, path: path.join(files, 'scan.pdf'), images: [path.join(s.tmp, 'out.jpg')] }),
    ).rejects.toBeInstanceOf(DocumentOutsideSessionError);
  });

  it('refuses a document outside the session folder (the wipe would not delete it)', async () => {
    const reg = createDocumentRegistry(files);
    await writeFile(path.join(s.tmp, 'outside.pdf'), 'x');
    await expect(reg.add({ kind: 'scan', label: 'x', mime: 'application/pdf', pages: 1, path: path.join(s.tmp, 'outside.pdf') })).rejects.toBeInstanceOf(
      DocumentOutsideSessionError,
    );
    await expect(reg.add({ kind: 'scan', label: 'x', mime: 'application/pdf', pages: 1, path: path.join(files, '..', 'outside.pdf') })).rejects.toBeInstanceOf(
      DocumentOutsideSessionError,
    );
    await expect(reg.add({ kind: 'scan', label: 'x', mime: 'application/pdf', pages: 1, path: files })).rejects.toBeInstanceOf(DocumentOutsideSessionError);
  });

  it('counts scans apart from documents, and forgets everything when dropped', async () => {
    const reg = createDocumentRegistry(files);
    await writeFile(path.join(files, 's.pdf'), 'x');
    await reg.add({ kind: 'scan', label: 'Scan', mime: 'application/pdf', pages: 3, path: path.join(files, 's.pdf') });
    await reg.add({ kind: 'scan', label: 'Scan', mime: 'application/pdf', pages: 3, path: path.join(files, 's.pdf') });
    expect(reg.counts()).toEqual({ documents: 0, scans: 2 });
    reg.drop();
    expect(reg.dropped).toBe(true);
    expect(() => reg.summaries()).toThrow(/wiped/);
    await expect(reg.add({ kind: 'scan', label: 'x', mime: 'application/pdf', pages: 1, path: path.join(files, 's.pdf') })).rejects.toThrow(/wiped/);
  });
});
