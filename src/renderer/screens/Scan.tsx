// Scanning: first what is scanned (« Un document » / « Une carte (recto et verso) »), then « Posez le document,
// face vers la vitre », then one question at a time about each page: « Cette page est-elle lisible ? », then for a
// document « Une autre page ? ». A card: its front, « Retournez la carte », its back. The finished document
// appears in Mes documents.
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

/** A drawing of the scanner's glass with a sheet face down (a card: in the glass's corner). */
function PlaceDocument({ card = false }: { card?: boolean }) {
  return (
    <svg className="scan-illustration" viewBox="0 0 200 140" aria-hidden="true" focusable="false">
      <rect x="10" y="40" width="180" height="90" rx="8" className="ill-body" />
      <rect x="22" y="52" width="156" height="66" rx="3" className="ill-glass" />
      {card ? (
        <>
          <rect x="24" y="54" width="54" height="34" rx="4" className="ill-sheet" />
          <path d="M92 72H82M86 66l-6 6 6 6" className="ill-arrow" />
        </>
      ) : (
        <>
          <rect x="60" y="8" width="80" height="100" rx="3" className="ill-sheet" transform="rotate(-8 100 58)" />
          <path d="M100 118v16M92 126l8 8 8-8" className="ill-arrow" />
        </>
      )}
    </svg>
  );
}

export function ScanScreen({ view }: ScreenProps) {
  const { t } = useTranslation();
  const step = view.path[3] ?? 'choosing';
  const question = view.path[4] ?? 'readable';
  const { scan } = view.context;
  const card = scan.layout === 'card';
  const reviews = useRef({ step: '', visits: 0 });
  if (step === 'review' && reviews.current.step !== 'review') reviews.current.visits++;
  reviews.current.step = step;

  if (step === 'choosing') {
    return (
      <Screen id="scan" step="choosing" title={t('scan.choose.title')} className="screen-message">
        <div className="scan-choices">
          <ActionButton look="big" icon="documents" event={{ type: 'SCAN_LAYOUT', layout: 'document' }}>
            {t('scan.choose.document')}
          </ActionButton>
          <ActionButton look="big" icon="scan" event={{ type: 'SCAN_LAYOUT', layout: 'card' }}>
            {t('scan.choose.card')}
          </ActionButton>
          <p className="scan-choice-hint">{t('scan.choose.cardHint')}</p>
        </div>
        <ActionRow>
          <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
        </ActionRow>
      </Screen>
    );
  }

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
    const back = card && scan.pages >= 2;
    const title = card ? (back ? t('scan.card.back') : t('scan.card.front')) : t('scan.review.title', { page: scan.pages });
    const label = card ? (back ? t('scan.card.backLabel') : t('scan.card.frontLabel')) : t('scan.review.previewLabel', { page: scan.pages });
    const another = question === 'another';
    return (
      <Screen id="scan" step={`${another ? 'another' : 'readable'}-${scan.pages}`} title={title} className="screen-scan-review">
        <div className="scan-review">
          <ScanPreview key={reviews.current.visits} page={page} label={label} />
          {/* One question at a time, its answers right under it; the main answer first, so it stays on screen. */}
          <div className="scan-review-actions">
            {another ? (
              <>
                <p className="lead scan-question">{t('scan.more.question')}</p>
                {/* Keys: the other question's buttons are new elements, never restyled ones (no colour fading under the eye). */}
                <ActionButton key="more-yes" look="big" icon="plus" event={{ type: 'SCAN_PAGE' }}>
                  {t('scan.more.yes')}
                </ActionButton>
                <ActionButton key="more-no" look="main" icon="check" event={{ type: 'SCAN_FINISH' }}>
                  {t('scan.more.no')}
                </ActionButton>
              </>
            ) : (
              <>
                <p className="lead scan-question">{t('scan.check.question')}</p>
                <ActionButton key="check-yes" look="main" icon="check" event={{ type: 'SCAN_PAGE_OK' }}>
                  {t('scan.check.yes')}
                </ActionButton>
                <ActionButton key="check-retake" icon="retake" event={{ type: 'SCAN_RETAKE' }}>
                  {t('scan.check.retake')}
                </ActionButton>
              </>
            )}
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

  // ready: a document, a card's front, or « Retournez la carte » for its back
  if (card) {
    const turn = scan.pages >= 1;
    return (
      <Screen id="scan" step={turn ? 'card-back' : 'card-front'} title={turn ? t('scan.card.turnTitle') : t('scan.card.frontTitle')} className="screen-message">
        <PlaceDocument card />
        {turn ? (
          <p className="lead">{t('scan.card.turn')}</p>
        ) : (
          <>
            <p className="lead">{t('scan.card.place')}</p>
            <p>{t('scan.card.close')}</p>
          </>
        )}
        <ActionRow>
          <ActionButton look="main" icon="scan" event={{ type: 'SCAN_PAGE' }}>
            {t('scan.card.go')}
          </ActionButton>
          <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
        </ActionRow>
      </Screen>
    );
  }
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
