// What the cabin does, and what it keeps — nothing — before anything personal exists.
// One decision: start (in the language chosen here).
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { StaffLock } from '../components/StaffLock';
import { LANGUAGE_NAMES } from '../i18n';
import { send } from '../state/cabine';
import type { ScreenProps } from './types';

export function WelcomeScreen({ config, locale, openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="welcome" title={t('welcome.title')}>
      <div className="welcome-grid">
        <section className="card welcome-what" aria-labelledby="welcome-what">
          <h2 id="welcome-what">{t('welcome.whatTitle')}</h2>
          <p>{t('welcome.what')}</p>
          <ul className="plain-list">
            <li>{t('welcome.canPrint')}</li>
            <li>{t('welcome.canScan')}</li>
            <li>{t('welcome.canHelp')}</li>
          </ul>
        </section>
        <section className="card welcome-keep" aria-labelledby="welcome-keep">
          <h2 id="welcome-keep">
            <Icon name="lock" /> {t('welcome.keepTitle')}
          </h2>
          <p className="lead">{t('welcome.keep')}</p>
          <p>{t('welcome.erase')}</p>
        </section>
      </div>
      {config.sessionTime.minutes > 0 && (
        <p className="welcome-time lead" data-welcome="time">
          <Icon name="clock" /> {t('welcome.time', { count: config.sessionTime.minutes })}
        </p>
      )}
      {config.locales.available.length > 1 && (
        <section className="languages" aria-labelledby="welcome-language">
          <h2 id="welcome-language">{t('welcome.language')}</h2>
          <div className="segmented">
            {config.locales.available.map((l) => (
              <button
                key={l}
                type="button"
                className="button button-big"
                lang={l}
                dir={l === 'ar' ? 'rtl' : 'ltr'}
                aria-pressed={l === locale}
                onClick={() => send({ type: 'SET_LOCALE', locale: l })}
              >
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
          {/* Said up front: our screens speak the resident's language, the sites of the démarches do not. */}
          {locale !== 'fr' && (
            <p className="lead" data-welcome="sites-french">
              {t('welcome.sitesFrench')}
            </p>
          )}
        </section>
      )}
      <div className="actions actions-main">
        <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'ACCEPT' })}>
          {t('welcome.start')}
        </button>
        <button type="button" className="button button-big" onClick={() => send({ type: 'CANCEL' })}>
          {t('welcome.cancel')}
        </button>
      </div>
      <div className="actions actions-footer">
        <button type="button" className="button button-quiet" onClick={() => send({ type: 'CALL_REFERENT' })}>
          <Icon name="help" size={28} /> {t('welcome.help')}
        </button>
        <StaffLock onOpen={() => openUnlock('referent')} />
      </div>
    </Screen>
  );
}
