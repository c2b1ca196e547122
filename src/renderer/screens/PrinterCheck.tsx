// « Imprimante à vérifier avant la prochaine personne » (issue 15): a print job stopped before the end (no paper,
// a jam, cancelled). The session was wiped, but sheets may still be inside the printer: the cabin waits for an agent,
// whose code (or a technician's) opens it again. Calm words for whoever comes; what to do, for the agent.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import type { ScreenProps } from './types';

export function PrinterCheckScreen({ openUnlock }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="printerCheck" title={t('print.check.title')} className="screen-message">
      <Icon name="print" size={96} />
      <p className="lead">{t('print.check.body')}</p>
      <p className="lead">
        <strong>{t('print.check.wait')}</strong>
      </p>
      <p data-printer-check="staff">{t('print.check.staff')}</p>
      <button type="button" className="button button-big" onClick={() => openUnlock('referent')}>
        <Icon name="lock" /> {t('print.check.code')}
      </button>
    </Screen>
  );
}
