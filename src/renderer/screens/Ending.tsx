// The end of a visit: erasing, then the receipt of what was erased, then back to attract.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { send } from '../state/cabine';
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

export function EndingScreen() {
  const { t } = useTranslation();
  return (
    <Screen id="ending" title={t('ending.title')} className="screen-message">
      <Icon name="trash" size={96} />
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
  return new Intl.NumberFormat(locale, { style: 'unit', unit: ['byte', 'kilobyte', 'megabyte', 'gigabyte'][unit]!, unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

export function GoodbyeScreen({ view, locale }: ScreenProps) {
  const { t } = useTranslation();
  const receipt = view.context.receipt;
  return (
    <Screen id="goodbye" title={t('goodbye.title')} className="screen-message">
      <Icon name="check" size={96} />
      {receipt && (
        <section className="receipt card" aria-labelledby="receipt-title" data-receipt="">
          <h2 id="receipt-title">{t('goodbye.erased')}</h2>
          <ul className="plain-list">
            <li data-receipt-item="documents">{t('goodbye.documents', { n: receipt.documents })}</li>
            <li data-receipt-item="scans">{t('goodbye.scans', { n: receipt.scans })}</li>
            <li data-receipt-item="printJobs">{t('goodbye.printJobs', { n: receipt.printJobs })}</li>
            {receipt.storageEntries !== null && <li data-receipt-item="storage">{t('goodbye.storage', { n: receipt.storageEntries })}</li>}
            <li data-receipt-item="files">{t('goodbye.files', { n: receipt.files, size: formatBytes(receipt.bytes, locale) })}</li>
          </ul>
          {receipt.verified && <p className="receipt-verified">{t('goodbye.verified', { ms: Math.round(receipt.durationMs) })}</p>}
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
