// Our PDF viewer (pdf.js), lazy-loaded: Chromium's own viewer, with its Save and Print buttons,
// is never shown. The document's bytes stay in this component: gone when it unmounts.
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cabine } from '../state/cabine';

GlobalWorkerOptions.workerSrc = workerUrl;

type Load = { status: 'loading' } | { status: 'ready'; doc: PDFDocumentProxy } | { status: 'error' };

/** Bytes of a PDF to show: a document of the session, or the print job being confirmed. */
export type PdfSource = { kind: 'document'; documentId: string } | { kind: 'printPreview' };

const sourceKey = (source: PdfSource) => (source.kind === 'document' ? `document:${source.documentId}` : 'printPreview');

async function bytesOf(source: PdfSource): Promise<Uint8Array> {
  const bytes =
    source.kind === 'document'
      ? await cabine().query({ kind: 'documentBytes', documentId: source.documentId })
      : await cabine().query({ kind: 'printPreview' });
  if (!bytes) throw new Error('nothing to show');
  return bytes;
}

function usePdf(source: PdfSource): Load {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const key = sourceKey(source);
  useEffect(() => {
    let doc: PDFDocumentProxy | null = null;
    let alive = true;
    setLoad({ status: 'loading' });
    bytesOf(source)
      .then((bytes) => getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, stopAtErrors: false }).promise)
      .then(
        (d) => {
          doc = d;
          if (alive) setLoad({ status: 'ready', doc: d });
          else void d.destroy();
        },
        () => alive && setLoad({ status: 'error' }),
      );
    return () => {
      alive = false;
      void doc?.destroy();
    };
    // `source` is a new object on each render; its key says when it really changes.
  }, [key]);
  return load;
}

/** The zoom steps of the viewer: 1 is the whole page fitted to the box. */
const ZOOMS = [1, 1.5, 2, 3] as const;
// Chromium gives up on (or blanks) canvases past these; a bigger zoom draws with fewer device pixels per CSS pixel.
const MAX_CANVAS_SIDE = 8192;
const MAX_CANVAS_PIXELS = 16_777_216;

/** Device pixels per CSS pixel for a canvas of this CSS size: the screen's ratio, unless the canvas would be too big. */
function pixelRatio(cssWidth: number, cssHeight: number): number {
  const ratio = window.devicePixelRatio || 1;
  return Math.min(ratio, MAX_CANVAS_SIDE / cssWidth, MAX_CANVAS_SIDE / cssHeight, Math.sqrt(MAX_CANVAS_PIXELS / (cssWidth * cssHeight)));
}

/** Draws one page into a canvas that fits the box (width × height in CSS px), times the zoom. */
function PdfCanvas({
  doc,
  pageNumber,
  width,
  height,
  label,
  zoom = 1,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  height: number;
  label: string;
  zoom?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rendered, setRendered] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    setRendered(false);
    void doc.getPage(pageNumber).then((page) => {
      if (cancelled || !canvas.current) return;
      const base = page.getViewport({ scale: 1 });
      // Drawn at the zoomed size (not stretched by CSS), so the text stays sharp.
      const scale = Math.min(width / base.width, height / base.height) * zoom;
      const cssWidth = Math.max(1, Math.floor(base.width * scale));
      const cssHeight = Math.max(1, Math.floor(base.height * scale));
      const ratio = pixelRatio(cssWidth, cssHeight);
      const viewport = page.getViewport({ scale: scale * ratio });
      const c = canvas.current;
      c.width = Math.floor(viewport.width);
      c.height = Math.floor(viewport.height);
      c.style.width = `${cssWidth}px`;
      c.style.height = `${cssHeight}px`;
      task = page.render({ canvas: c, viewport });
      task.promise.then(
        () => !cancelled && setRendered(true),
        () => undefined,
      );
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, pageNumber, width, height, zoom]);
  // Always left to right: pdf.js draws its glyph runs in the canvas's direction, and under dir=rtl a French page
  // comes out as "P age de la dém a rche".
  return <canvas ref={canvas} dir="ltr" role="img" aria-label={label} data-rendered={rendered ? 'true' : 'false'} className="pdf-canvas" />;
}

/** A small first-page image, for document cards and the file picker. */
export function PdfThumbnail({ source, label, width = 180, height = 240 }: { source: PdfSource; label: string; width?: number; height?: number }) {
  const load = usePdf(source);
  if (load.status === 'error') return null;
  if (load.status !== 'ready') return <div className="thumb-placeholder" aria-hidden="true" />;
  return <PdfCanvas doc={load.doc} pageNumber={1} width={width} height={height} label={label} />;
}

/** The full viewer: one page at a time, big buttons to turn pages and to zoom; the zoomed page scrolls in its box. */
export default function PdfView({ documentId, label }: { documentId: string; label: string }) {
  const { t } = useTranslation();
  const load = usePdf({ kind: 'document', documentId });
  const [page, setPage] = useState(1);
  // The zoom belongs to one page of one document: another page or document starts whole again.
  const zoomKey = `${documentId}:${page}`;
  const [zoomState, setZoomState] = useState({ key: zoomKey, index: 0 });
  const zoomIndex = zoomState.key === zoomKey ? zoomState.index : 0;
  const zoom = ZOOMS[zoomIndex] ?? 1;
  const setZoomIndex = (index: number) => setZoomState({ key: zoomKey, index: Math.max(0, Math.min(ZOOMS.length - 1, index)) });
  const box = useRef<HTMLDivElement>(null);
  // A new page (or document) is shown from its top-left corner.
  useEffect(() => {
    box.current?.scrollTo({ left: 0, top: 0 });
  }, [zoomKey]);
  const [size, setSize] = useState({ width: 800, height: 900 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  if (load.status === 'error') return <p className="notice notice-error">{t('viewer.error')}</p>;
  const pages = load.status === 'ready' ? load.doc.numPages : 0;
  return (
    <div className="pdf-view">
      {load.status === 'ready' && (
        <div className="pdf-zoom">
          <button type="button" className="button" disabled={zoomIndex <= 0} onClick={() => setZoomIndex(zoomIndex - 1)}>
            <span aria-hidden="true">− </span>
            {t('viewer.zoomOut')}
          </button>
          <p className="pdf-zoom-level" aria-live="polite" data-zoom={Math.round(zoom * 100)}>
            {t('viewer.zoomLevel', { percent: Math.round(zoom * 100) })}
          </p>
          <button type="button" className="button" disabled={zoomIndex >= ZOOMS.length - 1} onClick={() => setZoomIndex(zoomIndex + 1)}>
            <span aria-hidden="true">+ </span>
            {t('viewer.zoomIn')}
          </button>
          <button type="button" className="button" disabled={zoomIndex === 0} onClick={() => setZoomIndex(0)}>
            {t('viewer.zoomReset')}
          </button>
        </div>
      )}
      {/* Left to right whatever the language: a zoomed page opens at its top-left corner, where it starts. */}
      <div
        className="pdf-page-box"
        ref={box}
        dir={load.status === 'ready' ? 'ltr' : undefined}
        data-zoomed={zoomIndex > 0 ? 'true' : 'false'}
        // Zoomed, the box scrolls: it takes the focus so the arrow keys scroll it too.
        {...(zoomIndex > 0 ? { tabIndex: 0, role: 'region', 'aria-label': t('viewer.zoomedPage') } : {})}
      >
        {load.status === 'ready' ? (
          <PdfCanvas
            doc={load.doc}
            pageNumber={page}
            width={size.width}
            height={size.height}
            zoom={zoom}
            label={t('viewer.pageLabel', { page, pages, name: label })}
          />
        ) : (
          <p className="notice" role="status">
            {t('viewer.loading')}
          </p>
        )}
      </div>
      {pages > 1 && (
        <div className="pdf-pager">
          <button type="button" className="button" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
            {t('viewer.previous')}
          </button>
          <p className="pdf-page-number" aria-live="polite">
            {t('viewer.pageOf', { page, pages })}
          </p>
          <button type="button" className="button" disabled={page >= pages} onClick={() => setPage((p) => Math.min(pages, p + 1))}>
            {t('viewer.next')}
          </button>
        </div>
      )}
    </div>
  );
}
