// One document, in our viewer (pdf.js for PDFs, the image for images).
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { documentLabel } from '../components/documentLabel';
import { PdfView, useBlobUrl } from '../components/DocumentPreview';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { cabine, send } from '../state/cabine';
import type { ScreenProps } from './types';

function ImageView({ documentId, mime, label }: { documentId: string; mime: string; label: string }) {
  const url = useBlobUrl(() => cabine().query({ kind: 'documentBytes', documentId }), mime, documentId);
  return <div className="image-view">{url && <img src={url} alt={label} />}</div>;
}

export function ViewerScreen({ view, config }: ScreenProps) {
  const { t } = useTranslation();
  const id = view.context.viewingDocumentId;
  const doc = view.documents.find((d) => d.id === id);
  return (
    <Screen id="viewer" title={doc ? documentLabel(doc, t) : t('viewer.title')} className="screen-viewer">
      <div className="viewer-body">
        {!doc ? (
          <p className="notice">{t('viewer.missing')}</p>
        ) : doc.mime === 'application/pdf' ? (
          <Suspense fallback={<p className="notice">{t('viewer.loading')}</p>}>
            <PdfView documentId={doc.id} label={documentLabel(doc, t)} />
          </Suspense>
        ) : doc.mime.startsWith('image/') ? (
          <ImageView documentId={doc.id} mime={doc.mime} label={documentLabel(doc, t)} />
        ) : (
          <p className="notice">{t('viewer.unsupported')}</p>
        )}
      </div>
      <div className="actions">
        {doc && config.devices.printer && (
          <button
            type="button"
            className="button button-primary button-big"
            onClick={() => send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: doc.id } })}
          >
            <Icon name="print" /> {t('viewer.print')}
          </button>
        )}
        <button type="button" className="button button-big" onClick={() => send({ type: 'BACK' })}>
          <Icon name="back" /> {t('viewer.back')}
        </button>
      </div>
    </Screen>
  );
}
