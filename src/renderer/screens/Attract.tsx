// Nobody engaged: the commune's name and logo, and one thing to do — touch the screen.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { LANGUAGE_NAMES } from '../i18n';
import { send } from '../state/cabine';
import type { ScreenProps } from './types';

export function AttractScreen({ config, openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="attract" title={config.commune.name} className="screen-centered" timing="attract">
      {config.commune.logo && <img className="commune-logo" src={config.commune.logo} alt="" />}
      {config.place && <p className="place">{config.place}</p>}
      <button type="button" className="attract-touch" onClick={() => send({ type: 'TOUCH' })}>
        <span className="attract-title">{t('attract.touch')}</span>
        <span className="attract-sub">{t('attract.what')}</span>
        <span className="attract-languages">
          {config.locales.available
            .filter((l) => l !== config.locales.default)
            .map((l) => (
              <span key={l} lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
                {LANGUAGE_NAMES[l]}
              </span>
            ))}
        </span>
      </button>
      <p className="attract-privacy">
        <Icon name="lock" size={28} /> {t('attract.privacy')}
      </p>
      <button type="button" className="button button-quiet staff-button" onClick={() => openUnlock('referent')}>
        {t('staff.open')}
      </button>
    </Screen>
  );
}
