// Mes documents: what was scanned or downloaded in this session, erased at the end.
import { useTranslation } from 'react-i18next';
import { documentLabel } from '../components/documentLabel';
import { DocumentThumbnail } from '../components/DocumentPreview';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { send } from '../state/cabine';
import type { ScreenProps } from './types';

export function DocumentsScreen({ view, config }: ScreenProps) {
  const { t } = useTranslation();
  const docs = view.documents;
  return (
    <Screen id="documents" title={t('documents.title')}>
      <p className="lead">{t('documents.erased')}</p>
      {docs.length === 0 ? (
        <p className="notice" data-empty="documents">
          {t('documents.none')}
        </p>
      ) : (
        <ul className="documents">
          {docs.map((d) => (
            <li key={d.id} className="document-card" data-document={d.id}>
              <DocumentThumbnail doc={d} label={documentLabel(d, t)} />
              <div className="document-text">
                <p className="document-name">{documentLabel(d, t)}</p>
                <p className="document-meta">
                  {d.kind === 'scan' ? t('documents.kindScan') : t('documents.kindDownload')}
                  {d.pages !== null && ` · ${t('documents.pages', { count: d.pages })}`}
                </p>
                <div className="document-actions">
                  <button type="button" className="button button-big" onClick={() => send({ type: 'DOCUMENT_OPEN', documentId: d.id })}>
                    {t('documents.open')}
                    <span className="visually-hidden"> {documentLabel(d, t)}</span>
                  </button>
                  {config.devices.printer && (
                    <button
                      type="button"
                      className="button button-big"
                      onClick={() => send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: d.id } })}
                    >
                      <Icon name="print" /> {t('documents.print')}
                      <span className="visually-hidden"> {documentLabel(d, t)}</span>
                    </button>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        {config.devices.scanner && (
          <button type="button" className="button button-big" onClick={() => send({ type: 'SCAN_REQUEST' })}>
            <Icon name="scan" /> {t('documents.scan')}
          </button>
        )}
        <button type="button" className="button button-primary button-big" onClick={() => send({ type: 'BACK' })}>
          <Icon name="back" /> {t('documents.back')}
        </button>
      </div>
    </Screen>
  );
}
