// A document's first page, small: pdf.js for PDFs (loaded only when needed), the image
// itself for images, an icon otherwise. The bytes live in this component only.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { DocumentSummary } from '../../shared/ipc/contract';
import { cabine } from '../state/cabine';
import { Icon } from './Icon';

export const PdfThumbnail = lazy(() => import('../pdf/PdfView').then((m) => ({ default: m.PdfThumbnail })));
export const PdfView = lazy(() => import('../pdf/PdfView'));

/** An object URL for bytes asked of main; revoked when the component goes. */
export function useBlobUrl(load: (() => Promise<Uint8Array>) | null, mime: string, key: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!load) return;
    let created: string | null = null;
    let alive = true;
    load().then(
      (bytes) => {
        if (!alive) return;
        created = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
        setUrl(created);
      },
      () => undefined,
    );
    return () => {
      alive = false;
      if (created) URL.revokeObjectURL(created);
      setUrl(null);
    };
    // `load` is recreated on each render; `key` says when it really changes.
  }, [key, mime]);
  return url;
}

export function DocumentThumbnail({ doc, label }: { doc: DocumentSummary; label: string }) {
  const isImage = doc.mime.startsWith('image/');
  const url = useBlobUrl(isImage ? () => cabine().query({ kind: 'documentBytes', documentId: doc.id }) : null, doc.mime, doc.id);
  if (doc.mime === 'application/pdf')
    return (
      <span className="thumb">
        <Suspense fallback={<span className="thumb-placeholder" aria-hidden="true" />}>
          <PdfThumbnail source={{ kind: 'document', documentId: doc.id }} label={label} />
        </Suspense>
      </span>
    );
  if (isImage) return <span className="thumb">{url ? <img src={url} alt={label} /> : <span className="thumb-placeholder" aria-hidden="true" />}</span>;
  return (
    <span className="thumb thumb-icon">
      <Icon name="documents" size={64} />
    </span>
  );
}
