// The session's documents: what the resident scanned or downloaded, known by a random id.
// Kept in memory only (nothing about them is written anywhere but the files themselves, in the
// session folder) and dropped by the wipe, which also deletes the files.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentSummary } from '../../shared/ipc/contract';
import { isInside } from './tree';

export type DocumentKind = DocumentSummary['kind'];

export interface SessionDocument extends DocumentSummary {
  /** Absolute path, inside the session folder. */
  path: string;
  /** A scan's JPEG pages, absolute paths inside the session folder. */
  images?: string[];
}

export interface NewDocument {
  kind: DocumentKind;
  label: string;
  scanNumber?: number;
  mime: string;
  pages: number | null;
  path: string;
  /** A scan's pages as JPEG files of the session folder (sent instead of the PDF to an input taking images only). */
  images?: string[];
}

export interface DocumentRegistry {
  /** Registers a file of the session folder; its size is read from the file. */
  add(doc: NewDocument): Promise<SessionDocument>;
  get(id: string): SessionDocument | undefined;
  /** The session's documents, oldest first, without their paths (for the screens). */
  summaries(): DocumentSummary[];
  list(): SessionDocument[];
  remove(id: string): boolean;
  counts(): { documents: number; scans: number };
  /** Forgets everything; the registry refuses any use afterwards. */
  drop(): void;
  readonly dropped: boolean;
}

export class DocumentOutsideSessionError extends Error {
  constructor(readonly filePath: string) {
    super('A session document must live in the session folder');
    this.name = 'DocumentOutsideSessionError';
  }
}

export function createDocumentRegistry(filesDir: string): DocumentRegistry {
  const root = path.resolve(filesDir);
  let docs: Map<string, SessionDocument> | null = new Map();
  const live = () => {
    if (!docs) throw new Error('This session has been wiped: its documents are gone');
    return docs;
  };
  return {
    async add(doc) {
      const map = live();
      const file = path.resolve(doc.path);
      // Only the session folder is deleted by the wipe: a document elsewhere would survive it.
      if (file === root || !isInside(file, root)) throw new DocumentOutsideSessionError(file);
      const s = await stat(file);
      if (!s.isFile()) throw new DocumentOutsideSessionError(file);
      const images = (doc.images ?? []).map((i) => path.resolve(i));
      for (const image of images) if (!isInside(image, root)) throw new DocumentOutsideSessionError(image);
      let id: string;
      do id = `d-${randomBytes(9).toString('base64url')}`;
      while (map.has(id));
      const entry: SessionDocument = {
        id,
        kind: doc.kind,
        label: doc.label,
        ...(doc.scanNumber ? { scanNumber: doc.scanNumber } : {}),
        mime: doc.mime,
        pages: doc.pages,
        bytes: s.size,
        createdAt: Date.now(),
        path: file,
        ...(images.length > 0 ? { images, jpegImages: images.length } : {}),
      };
      map.set(id, entry);
      return { ...entry };
    },
    get(id) {
      const d = live().get(id);
      return d && { ...d, ...(d.images ? { images: [...d.images] } : {}) };
    },
    summaries() {
      return [...live().values()].map(({ path: _path, images: _images, ...summary }) => summary);
    },
    list() {
      return [...live().values()].map((d) => ({ ...d }));
    },
    remove(id) {
      return live().delete(id);
    },
    counts() {
      let documents = 0;
      let scans = 0;
      for (const d of live().values()) {
        if (d.kind === 'scan') scans += 1;
        else documents += 1;
      }
      return { documents, scans };
    },
    drop() {
      docs?.clear();
      docs = null;
    },
    get dropped() {
      return docs === null;
    },
  };
}
