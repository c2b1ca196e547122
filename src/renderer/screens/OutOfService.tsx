// Out of service: calm words for residents; the reason, behind a fold, for the technician.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { OUT_OF_SERVICE_TEXT } from '../i18n/faults';
import type { ScreenProps } from './types';

export function OutOfServiceScreen({ view, config, openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  const reason = view.context.outOfService;
  const problems = config.configProblems ?? [];
  return (
    <Screen id="outOfService" title={t('outOfService.title')} className="screen-message">
      <Icon name="warning" size={96} />
      <p className="lead">{t('outOfService.body')}</p>
      {config.place && <p>{t('outOfService.where', { place: config.place })}</p>}
      <details className="technician-details" data-reason={reason ?? ''}>
        <summary>{t('outOfService.forTechnician')}</summary>
        {reason && <p data-reason-text="">{t(OUT_OF_SERVICE_TEXT[reason])}</p>}
        {problems.length > 0 && (
          <ul className="problems">
            {problems.map((p, i) => (
              <li key={i}>
                <code dir="ltr">{p.path}</code> : {p.message}
                {p.hint && <p className="muted">{p.hint}</p>}
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="button button-big" onClick={() => openUnlock('technician')}>
          <Icon name="lock" /> {t('outOfService.technician')}
        </button>
      </details>
    </Screen>
  );
}
