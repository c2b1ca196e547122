// The démarche itself: main draws the site's page in the empty area this screen leaves.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../components/Screen';
import { localized } from '../i18n';
import { useDemarcheArea } from '../state/demarche-area';
import type { ScreenProps } from './types';
import { whereAmI } from './where-am-i';

export function demarcheName({ view, config, locale }: Pick<ScreenProps, 'view' | 'config' | 'locale'>): string {
  const d = config.catalog.find((c) => c.id === view.context.demarcheId);
  return d ? localized(d.name, locale) : '';
}

/** « Vous êtes sur impots.gouv.fr — site officiel de l’État »: the site shown now, its host read left to right in every language. */
export function WhereAmIStrip({ pageHost, pageOnBank = false }: { pageHost: string | null | undefined; pageOnBank?: boolean }) {
  const { t } = useTranslation();
  const where = whereAmI(pageHost, pageOnBank);
  if (!where) return null;
  if (where.kind === 'bank') {
    // « Paiement sécurisé : vous êtes sur le site de votre banque (bank.example) »
    return (
      <p className="where-am-i" data-where-am-i="bank">
        {t('payment.onBank')} (
        <bdi dir="ltr" className="where-am-i-host">
          {where.host}
        </bdi>
        )
      </p>
    );
  }
  if (where.kind === 'franceconnect') {
    return (
      <p className="where-am-i" data-where-am-i="franceconnect">
        {t('demarche.franceConnect')}
      </p>
    );
  }
  return (
    <p className="where-am-i" data-where-am-i={where.kind}>
      {t('demarche.youAreOn')}{' '}
      <bdi dir="ltr" className="where-am-i-host">
        {where.host}
      </bdi>
      {where.kind === 'state' ? <> {t('demarche.stateSite')}</> : null}
    </p>
  );
}

export function BrowsingScreen(props: ScreenProps) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  useDemarcheArea(area, !props.hideDemarche);
  return (
    <Screen id="browsing" title={demarcheName(props) || t('demarche.title')} className="screen-demarche">
      <WhereAmIStrip pageHost={props.view.pageHost} pageOnBank={props.view.pageOnBank} />
      <div className="demarche-area" ref={area} data-demarche-area="">
        {/* Seen only while the site's page loads: main's view then covers this area. */}
        <p className="demarche-loading">{t('demarche.loading')}</p>
      </div>
    </Screen>
  );
}
