// What a resident can do about a printer or scanner fault: call someone first when that is
// the advice, try again when it can help, or go back.
import { useTranslation } from 'react-i18next';
import type { ReferentCallStatus } from '../../shared/session/types';
import { Icon } from '../components/Icon';
import { send } from '../state/cabine';

export function FaultActions({ callReferent, canRetry, referentCall }: { callReferent: boolean; canRetry: boolean; referentCall: ReferentCallStatus }) {
  const { t } = useTranslation();
  // "Le référent arrive" only once the call route acknowledged the call.
  const label = referentCall === 'acknowledged' ? t('common.referentComing') : referentCall === 'calling' ? t('common.referentCalling') : t('common.callReferent');
  const call = (
    <button
      key="call"
      type="button"
      className={`button button-big${callReferent ? ' button-primary' : ''}`}
      onClick={() => send({ type: 'CALL_REFERENT' })}
      disabled={referentCall === 'acknowledged' || referentCall === 'calling'}
    >
      <Icon name="help" /> {label}
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
