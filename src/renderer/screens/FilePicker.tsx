// The site asks for a file: our picker, never the system's. Only this session's documents,
// big cards with a preview; or scan one now. A site that takes images only gets a scan's pages as JPEG
// (the picker says so); when it takes neither a PDF nor a JPEG, the picker says that too and offers no scan.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton, ActionRow } from '../components/ActionRow';
import { DocumentThumbnail } from '../components/DocumentPreview';
import { documentLabel } from '../components/documentLabel';
import { Screen } from '../components/Screen';
import { scanFits, sendAsOf } from './accept';
import type { ScreenProps } from './types';

export function FilePickerScreen({ view, config }: ScreenProps) {
  const { t } = useTranslation();
  const chooser = view.context.fileChooser ?? { accept: [], multiple: false };
  const [chosen, setChosen] = useState<string[]>([]);
  const usable = view.documents.filter((d) => sendAsOf(chooser.accept, d) !== null);
  const others = view.documents.length - usable.length;
  const asJpeg = usable.filter((d) => sendAsOf(chooser.accept, d) === 'jpeg');
  // Only the first page of a many-page scan goes to an input that takes one file.
  const firstOnly = !chooser.multiple && asJpeg.some((d) => (d.jpegImages ?? 0) > 1);
  const canScan = scanFits(chooser.accept);

  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : chooser.multiple ? [...c, id] : [id]));
  const valid = chosen.filter((id) => usable.some((d) => d.id === id));

  return (
    <Screen id="picker" title={chooser.multiple ? t('picker.titleMany') : t('picker.title')}>
      {usable.length === 0 ? (
        <p className="lead notice" data-empty="picker">
          {!canScan ? t('picker.images.cannot') : view.documents.length === 0 ? t('picker.none') : t('picker.noneAccepted')}
        </p>
      ) : (
        <>
          <p className="lead">{chooser.multiple ? t('picker.howMany') : t('picker.how')}</p>
          {asJpeg.length > 0 && (
            <p className="notice" data-picker-note="jpeg">
              {t('picker.images.asJpeg')}
              {firstOnly && (
                <>
                  {' '}
                  <strong data-picker-note="first-only">{t('picker.images.firstOnly')}</strong>
                </>
              )}
            </p>
          )}
          <ul className="documents documents-pick">
            {usable.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className="document-card document-pick"
                  aria-pressed={valid.includes(d.id)}
                  data-document={d.id}
                  data-send-as={sendAsOf(chooser.accept, d) ?? undefined}
                  onClick={() => toggle(d.id)}
                >
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
      <ActionRow>
        {valid.length > 0 && (
          <ActionButton look="main" icon="check" event={{ type: 'FILES_CHOSEN', documentIds: valid }}>
            {t('picker.send', { count: valid.length })}
          </ActionButton>
        )}
        {config.devices.scanner && canScan && (
          // Nothing here to choose: scanning one now is the way on.
          <ActionButton look={usable.length === 0 ? 'primary' : 'big'} icon="scan" event={{ type: 'SCAN_REQUEST' }}>
            {t('picker.scan')}
          </ActionButton>
        )}
        <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
      </ActionRow>
    </Screen>
  );
}
