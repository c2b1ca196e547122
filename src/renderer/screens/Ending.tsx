// The end of a visit: erasing, then the receipt of what was erased, then back to attract.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { send } from '../state/cabine';
import type { EndingReason } from '../../shared/session/types';
import type { ScreenProps } from './types';

export function StartingScreen() {
  const { t } = useTranslation();
  return (
    <Screen id="starting" title={t('starting.title')} className="screen-message">
      <p className="lead" role="status">
        {t('starting.body')}
      </p>
    </Screen>
  );
}

/** Why the session ended, in plain words (null: nothing to say). */
function EndingReasonText({ reason }: { reason: EndingReason | null }) {
  const { t } = useTranslation();
  const text: Record<EndingReason, string> = {
    resident: t('ending.reason.resident'),
    inactivity: t('ending.reason.inactivity'),
    'cabin-empty': t('ending.reason.cabinEmpty'),
    'max-duration': t('ending.reason.maxDuration'),
    'view-crashed': t('ending.reason.viewCrashed'),
    technician: t('ending.reason.technician'),
    'start-failed': t('ending.reason.startFailed'),
  };
  if (!reason) return null;
  return (
    <p className="lead ending-reason" data-ending-reason={reason}>
      {text[reason]}
    </p>
  );
}

export function EndingScreen({ view }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="ending" title={t('ending.title')} className="screen-message">
      <Icon name="trash" size={96} />
      <EndingReasonText reason={view.context.endingReason} />
      <p className="lead" role="status">
        {t('ending.body')}
      </p>
    </Screen>
  );
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: ['byte', 'kilobyte', 'megabyte', 'gigabyte'][unit]!,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function GoodbyeScreen({ view, locale }: ScreenProps) {
  const { t } = useTranslation();
  const receipt = view.context.receipt;
  return (
    <Screen id="goodbye" title={t('goodbye.title')} className="screen-message">
      <Icon name="check" size={96} />
      <EndingReasonText reason={view.context.endingReason} />
      {receipt && (
        <section className="receipt card" aria-labelledby="receipt-title" data-receipt="">
          <h2 id="receipt-title">{t('goodbye.erased')}</h2>
          {/* The numbers are for the staff: the resident reads "Tout est effacé ✓". */}
          <details className="receipt-details" data-receipt-details="">
            <summary>{t('goodbye.details')}</summary>
            <ul className="plain-list">
              <li data-receipt-item="documents">{t('goodbye.documents', { n: receipt.documents })}</li>
              <li data-receipt-item="scans">{t('goodbye.scans', { n: receipt.scans })}</li>
              <li data-receipt-item="printJobs">{t('goodbye.printJobs', { n: receipt.printJobs })}</li>
              {receipt.storageEntries !== null && <li data-receipt-item="storage">{t('goodbye.storage', { n: receipt.storageEntries })}</li>}
              <li data-receipt-item="files">{t('goodbye.files', { n: receipt.files, size: formatBytes(receipt.bytes, locale) })}</li>
            </ul>
            {receipt.verified && <p className="receipt-verified">{t('goodbye.verified', { ms: Math.round(receipt.durationMs) })}</p>}
          </details>
        </section>
      )}
      <p className="lead">{t('goodbye.thanks')}</p>
      <div className="actions">
        <button type="button" className="button button-primary button-big" onClick={() => send({ type: 'TOUCH' })}>
          {t('goodbye.done')}
        </button>
      </div>
    </Screen>
  );
}
