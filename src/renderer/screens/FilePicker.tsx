// The site asks for a file: our picker, never the system's. Only this session's documents,
// big cards with a preview; or scan one now.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentLabel } from '../components/documentLabel';
import { DocumentThumbnail } from '../components/DocumentPreview';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { send } from '../state/cabine';
import { accepts } from './accept';
import type { ScreenProps } from './types';

export function FilePickerScreen({ view, config }: ScreenProps) {
  const { t } = useTranslation();
  const chooser = view.context.fileChooser ?? { accept: [], multiple: false };
  const [chosen, setChosen] = useState<string[]>([]);
  const usable = view.documents.filter((d) => accepts(chooser.accept, d));
  const others = view.documents.length - usable.length;

  const toggle = (id: string) =>
    setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : chooser.multiple ? [...c, id] : [id]));
  const valid = chosen.filter((id) => usable.some((d) => d.id === id));

  return (
    <Screen id="picker" title={chooser.multiple ? t('picker.titleMany') : t('picker.title')}>
      {usable.length === 0 ? (
        <p className="lead notice" data-empty="picker">
          {view.documents.length === 0 ? t('picker.none') : t('picker.noneAccepted')}
        </p>
      ) : (
        <>
          <p className="lead">{chooser.multiple ? t('picker.howMany') : t('picker.how')}</p>
          <ul className="documents documents-pick">
            {usable.map((d) => (
              <li key={d.id}>
                <button type="button" className="document-card document-pick" aria-pressed={valid.includes(d.id)} data-document={d.id} onClick={() => toggle(d.id)}>
                  <DocumentThumbnail doc={d} label={documentLabel(d, t)} />
                  <span className="document-text">
                    <span className="document-name">{documentLabel(d, t)}</span>
                    {d.pages !== null && <span className="document-meta">{t('documents.pages', { count: d.pages })}</span>}
                    <span className="document-chosen">{valid.includes(d.id) ? t('picker.chosen') : t('picker.choose')}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {others > 0 && usable.length > 0 && <p>{t('picker.othersHidden', { n: others })}</p>}
      <div className="actions">
        {valid.length > 0 && (
          <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'FILES_CHOSEN', documentIds: valid })}>
            <Icon name="check" /> {t('picker.send', { count: valid.length })}
          </button>
        )}
        {config.devices.scanner && (
          <button type="button" className={`button button-big${usable.length === 0 ? ' button-primary' : ''}`} onClick={() => send({ type: 'SCAN_REQUEST' })}>
            <Icon name="scan" /> {t('picker.scan')}
          </button>
        )}
        <button type="button" className="button button-big" onClick={() => send({ type: 'CANCEL' })}>
          {t('common.cancel')}
        </button>
      </div>
    </Screen>
  );
}
