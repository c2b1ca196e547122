// Nobody engaged: the commune's name and logo, and one thing to do — touch the screen.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { StaffLock } from '../components/StaffLock';
import { LANGUAGE_NAMES } from '../i18n';
import { send } from '../state/cabine';
import type { ScreenProps } from './types';

export function AttractScreen({ config, openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  const otherLocales = config.locales.available.filter((l) => l !== config.locales.default);
  return (
    <Screen id="attract" title={config.commune.name} className="screen-centered" timing="attract">
      {config.commune.logo && <img className="commune-logo" src={config.commune.logo} alt="" />}
      {config.place && <p className="place">{config.place}</p>}
      <button type="button" className="attract-touch" onClick={() => send({ type: 'TOUCH' })}>
        <span className="attract-title">{t('attract.touch')}</span>
        <span className="attract-sub">{t('attract.what')}</span>
      </button>
      {otherLocales.length > 0 && (
        // Real buttons, each in its own language: touching one starts in that language.
        <div className="attract-languages" role="group" aria-label={t('attract.languages')}>
          {otherLocales.map((l) => (
            <button
              type="button"
              key={l}
              lang={l}
              dir={l === 'ar' ? 'rtl' : 'ltr'}
              className="button button-quiet attract-language"
              onClick={() => {
                send({ type: 'TOUCH' });
                send({ type: 'SET_LOCALE', locale: l });
              }}
            >
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </div>
      )}
      <p className="attract-privacy">
        <Icon name="lock" size={28} /> {t('attract.privacy')}
      </p>
      <StaffLock className="staff-button" onOpen={() => openUnlock('referent')} />
    </Screen>
  );
}
