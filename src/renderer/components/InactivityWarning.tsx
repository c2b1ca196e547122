// "Êtes-vous toujours là ?": a big countdown, one big button. When it reaches zero the machine
// ends the session by itself; this screen only shows the time it gave.
import { useTranslation } from 'react-i18next';
import type { ViewState } from '../../shared/ipc/contract';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { useSecondsLeft } from './useCountdown';

export function InactivityWarning({ view }: { view: ViewState }) {
  const { t } = useTranslation();
  const left = useSecondsLeft(view.context.warningEndsAt);
  return (
    <Dialog name="inactivity" alert title={t('inactivity.title')} className="dialog-warning" onCancel={() => send({ type: 'STILL_HERE' })}>
      <p className="countdown" aria-hidden="true" data-seconds={left}>
        {left}
      </p>
      <p className="lead">{t('inactivity.body', { count: left })}</p>
      <p>{t('inactivity.erase')}</p>
      <div className="actions">
        <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'STILL_HERE' })}>
          {t('inactivity.stillHere')}
        </button>
      </div>
    </Dialog>
  );
}
