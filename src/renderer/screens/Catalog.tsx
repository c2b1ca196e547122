// One card per démarche: icon, name, what it is for, what to have at hand.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { localized } from '../i18n';
import { TextField } from '../keyboard/TextField';
import { send } from '../state/cabine';
import { takeStartChooser } from '../state/start-chooser';
import { searchCatalog } from './search';
import { StartChooser } from './StartChooser';
import type { ScreenProps } from './types';

export function CatalogScreen({ config, locale }: ScreenProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  // A démarche with several start pages (« Ma messagerie ») asks which one first.
  const [choosing, setChoosing] = useState<string | null>(takeStartChooser);
  const found = searchCatalog(config.catalog, query, locale);
  const chooser = config.catalog.find((d) => d.id === choosing && d.starts.length > 0);
  if (chooser) return <StartChooser demarche={chooser} locale={locale} onBack={() => setChoosing(null)} />;
  return (
    <Screen id="catalog" title={t('catalog.title')}>
      <div className="catalog-search" role="search">
        <TextField name="catalog-search" label={t('catalog.search')} value={query} onChange={setQuery} icon={<Icon name="search" />} />
      </div>
      <p className="visually-hidden" role="status">
        {t('catalog.found', { n: found.length })}
      </p>
      {found.length === 0 ? (
        <p className="notice" data-empty="catalog">
          {t('catalog.none')}
        </p>
      ) : (
        <ul className="catalog" aria-label={t('catalog.listLabel')}>
          {found.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className="demarche-card"
                data-demarche={d.id}
                onClick={() => (d.starts.length > 0 ? setChoosing(d.id) : send({ type: 'OPEN_DEMARCHE', demarcheId: d.id }))}
              >
                <span className="demarche-icon">
                  <Icon name={d.icon} size={56} />
                </span>
                <span className="demarche-text">
                  <span className="demarche-name">{localized(d.name, locale)}</span>
                  <span className="demarche-description">{localized(d.description, locale)}</span>
                  {d.prepare.length > 0 && (
                    <span className="demarche-prepare">
                      <span className="demarche-prepare-title">{t('catalog.prepare')}</span>
                      {d.prepare.map((p, i) => (
                        <span key={i} className="demarche-prepare-item">
                          {localized(p, locale)}
                        </span>
                      ))}
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}
