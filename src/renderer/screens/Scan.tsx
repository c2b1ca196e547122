// Scanning: "Posez le document, face vers la vitre", then a preview of each page with
// add a page / retake / finish. The finished document appears in Mes documents.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton, ActionRow } from '../components/ActionRow';
import { useBlobUrl } from '../components/DocumentPreview';
import { FaultScreen } from '../components/FaultScreen';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { SCAN_FAULT_TEXT } from '../i18n/faults';
import { cabine } from '../state/cabine';
import type { ScreenProps } from './types';

function ScanPreview({ page, label }: { page: number; label: string }) {
  const url = useBlobUrl(() => cabine().query({ kind: 'scanPreview', page }), 'image/png', String(page));
  return (
    <div className="scan-preview">
      {url ? <img src={url} alt={label} data-preview-page={page} /> : <span className="thumb-placeholder" aria-hidden="true" />}
    </div>
  );
}

/** A drawing of the scanner's glass with a sheet face down. */
function PlaceDocument() {
  return (
    <svg className="scan-illustration" viewBox="0 0 200 140" aria-hidden="true" focusable="false">
      <rect x="10" y="40" width="180" height="90" rx="8" className="ill-body" />
      <rect x="22" y="52" width="156" height="66" rx="3" className="ill-glass" />
      <rect x="60" y="8" width="80" height="100" rx="3" className="ill-sheet" transform="rotate(-8 100 58)" />
      <path d="M100 118v16M92 126l8 8 8-8" className="ill-arrow" />
    </svg>
  );
}

export function ScanScreen({ view }: ScreenProps) {
  const { t } = useTranslation();
  const step = view.path[3] ?? 'ready';
  const { scan } = view.context;
  const reviews = useRef({ step: '', visits: 0 });
  if (step === 'review' && reviews.current.step !== 'review') reviews.current.visits++;
  reviews.current.step = step;

  if (step === 'acquiring' || step === 'retaking' || step === 'finishing') {
    return (
      <Screen id="scan" step={step} title={step === 'finishing' ? t('scan.finishing.title') : t('scan.acquiring.title')} className="screen-message">
        <Icon name="scan" size={96} />
        <p className="lead" role="status">
          {step === 'finishing' ? t('scan.finishing.body') : t('scan.acquiring.body')}
        </p>
      </Screen>
    );
  }

  if (step === 'review') {
    const page = Math.max(0, scan.pages - 1);
    return (
      <Screen id="scan" step={`review-${scan.pages}`} title={t('scan.review.title', { page: scan.pages })} className="screen-scan-review">
        <div className="scan-review">
          <ScanPreview key={reviews.current.visits} page={page} label={t('scan.review.previewLabel', { page: scan.pages })} />
          <div className="scan-review-actions">
            <p className="lead">{t('scan.review.question')}</p>
            <ActionButton look="main" icon="check" event={{ type: 'SCAN_FINISH' }}>
              {t('scan.review.finish')}
            </ActionButton>
            <ActionButton icon="plus" event={{ type: 'SCAN_PAGE' }}>
              {t('scan.review.addPage')}
            </ActionButton>
            <ActionButton icon="retake" event={{ type: 'SCAN_RETAKE' }}>
              {t('scan.review.retake')}
            </ActionButton>
            <ActionButton look="quiet" event={{ type: 'CANCEL' }}>
              {t('scan.cancel')}
            </ActionButton>
          </div>
        </div>
      </Screen>
    );
  }

  if (step === 'fault') {
    const fault = scan.fault ?? 'unknown';
    return (
      <FaultScreen id="scan" title={t('scan.fault.title')} fault={fault} text={SCAN_FAULT_TEXT[fault]} canRetry referentCall={view.context.referentCall} />
    );
  }

  // ready
  return (
    <Screen id="scan" step="ready" title={t('scan.ready.title')} className="screen-message">
      <PlaceDocument />
      <p className="lead">{t('scan.ready.place')}</p>
      <p>{t('scan.ready.close')}</p>
      <ActionRow>
        <ActionButton look="main" icon="scan" event={{ type: 'SCAN_PAGE' }}>
          {t('scan.ready.go')}
        </ActionButton>
        <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
      </ActionRow>
    </Screen>
  );
}
