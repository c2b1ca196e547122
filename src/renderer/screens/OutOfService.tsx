// Out of service: calm words for residents; the reason, behind a fold, for the technician.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { HelpElsewhere } from '../components/HelpElsewhere';
import { Screen } from '../components/Screen';
import { OUT_OF_SERVICE_TEXT } from '../i18n/faults';
import type { ScreenProps } from './types';

export function OutOfServiceScreen({ view, config, locale, openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  const reason = view.context.outOfService;
  return (
    <Screen id="outOfService" title={t('outOfService.title')} className="screen-message">
      <Icon name="warning" size={96} />
      <p className="lead">{t('outOfService.body')}</p>
      {config.place && <p>{t('outOfService.where', { place: config.place })}</p>}
      {/* What a resident can do meanwhile: where to go, which numbers answer. */}
      <div className="help-elsewhere" data-help="elsewhere">
        <HelpElsewhere config={config} locale={locale} placeKey="outOfService.helpPlace" placeUnknownKey="outOfService.helpPlaceUnknown" />
      </div>
      <details className="technician-details" data-reason={reason ?? ''}>
        <summary>{t('outOfService.forTechnician')}</summary>
        {reason && <p data-reason-text="">{t(OUT_OF_SERVICE_TEXT[reason])}</p>}
        {/* The configuration's paths and values are the technician's, not for anyone who opens this fold: with no valid
            config there is no code to check here, so they are read on the machine (cabine doctor, the journal). */}
        {(config.configProblems ?? []).length > 0 && <p className="muted">{t('outOfService.detailsOnMachine')}</p>}
        <button type="button" className="button button-big" onClick={() => openUnlock('technician')}>
          <Icon name="lock" /> {t('outOfService.technician')}
        </button>
      </details>
    </Screen>
  );
}
