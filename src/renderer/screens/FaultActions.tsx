// What a resident can do about a printer or scanner fault: call someone first when that is
// the advice, try again when it can help, or go back.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { send } from '../state/cabine';

export function FaultActions({ callReferent, canRetry, referentCalled }: { callReferent: boolean; canRetry: boolean; referentCalled: boolean }) {
  const { t } = useTranslation();
  const call = (
    <button key="call" type="button" className={`button button-big${callReferent ? ' button-primary' : ''}`} onClick={() => send({ type: 'CALL_REFERENT' })} disabled={referentCalled}>
      <Icon name="help" /> {referentCalled ? t('common.referentComing') : t('common.callReferent')}
    </button>
  );
  const retry = canRetry && (
    <button key="retry" type="button" className={`button button-big${callReferent ? '' : ' button-primary'}`} onClick={() => send({ type: 'RETRY' })}>
      <Icon name="retake" /> {t('common.retry')}
    </button>
  );
  return (
    <div className="actions">
      {callReferent ? [call, retry] : [retry, call]}
      <button type="button" className="button button-big" onClick={() => send({ type: 'CANCEL' })}>
        {t('common.back')}
      </button>
    </div>
  );
}
