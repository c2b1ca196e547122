// The démarche itself: main draws the site's page in the empty area this screen leaves.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../components/Screen';
import { localized } from '../i18n';
import { useDemarcheArea } from '../state/demarche-area';
import type { ScreenProps } from './types';

export function demarcheName({ view, config, locale }: Pick<ScreenProps, 'view' | 'config' | 'locale'>): string {
  const d = config.catalog.find((c) => c.id === view.context.demarcheId);
  return d ? localized(d.name, locale) : '';
}

export function BrowsingScreen(props: ScreenProps) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  useDemarcheArea(area, !props.dialogOpen);
  return (
    <Screen id="browsing" title={demarcheName(props) || t('demarche.title')} className="screen-demarche">
      <div className="demarche-area" ref={area} data-demarche-area="">
        {/* Seen only while the site's page loads: main's view then covers this area. */}
        <p className="demarche-loading">{t('demarche.loading')}</p>
      </div>
    </Screen>
  );
}
