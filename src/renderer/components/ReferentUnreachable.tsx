// Nobody could be told (no call route, a failure, no answer in time): the cabin says so, then where to go and
// which numbers help (config `help`), and the resident closes it. Never "il arrive" here.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig } from '../../shared/ipc/contract';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { HelpElsewhere } from './HelpElsewhere';

export function ReferentUnreachable({ config, locale }: { config: PublicConfig; locale: Locale }) {
  const { t } = useTranslation();
  const close = () => send({ type: 'CLOSE_REFERENT_CALL' });
  return (
    <Dialog name="referent-unreachable" title={t('referentUnreachable.title')} onCancel={close} className="dialog-help">
      <p className="lead">{t('referentUnreachable.why')}</p>
      <HelpElsewhere config={config} locale={locale} placeKey="referentUnreachable.place" placeUnknownKey="referentUnreachable.placeUnknown" />
      <div className="actions">
        <button type="button" className="button button-primary button-huge" onClick={close}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
