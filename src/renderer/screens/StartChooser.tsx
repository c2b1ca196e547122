// « Ma messagerie » (issue 15): before a démarche with several start pages opens, the resident chooses one — a card per
// provider, its name and the ends of the addresses it serves (no logo); the démarche then opens on that login page.
import { useTranslation } from 'react-i18next';
import type { PublicConfig } from '../../shared/ipc/contract';
import type { Locale } from '../../shared/config/schema';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { localized } from '../i18n';
import { send } from '../state/cabine';

export function StartChooser({ demarche, locale, onBack }: { demarche: PublicConfig['catalog'][number]; locale: Locale; onBack(): void }) {
  const { t } = useTranslation();
  return (
    <Screen id="catalog" step={`start-${demarche.id}`} title={localized(demarche.name, locale)}>
      <p className="start-question">{t('mail.choose')}</p>
      <p>{t('mail.hint')}</p>
      <ul className="catalog start-list" aria-label={t('mail.choose')}>
        {demarche.starts.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="demarche-card start-card"
              data-start={s.id}
              onClick={() => send({ type: 'OPEN_DEMARCHE', demarcheId: demarche.id, startId: s.id })}
            >
              <span className="demarche-text">
                <span className="demarche-name">{s.name}</span>
                {s.domains.length > 0 && (
                  <span className="demarche-description">
                    {t('mail.address')} <bdi dir="ltr">{s.domains.join(', ')}</bdi>
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" data-action="start-back" onClick={onBack}>
          <Icon name="back" />
          {t('mail.back')}
        </button>
      </div>
    </Screen>
  );
}
