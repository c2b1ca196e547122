// A printer or scanner fault: what happened and what to do, in a plain sentence each, then
// the way on: call someone first when that is the advice, try again when it can help, or go back.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferentCallStatus } from '../../shared/session/types';
import type { FaultText } from '../i18n/faults';
import { ActionButton, ActionRow } from './ActionRow';
import { Icon } from './Icon';
import { Screen } from './Screen';

export function FaultScreen({
  id,
  title,
  fault,
  text,
  canRetry,
  referentCall,
  children,
}: {
  /** The screen the fault belongs to. */
  id: 'print' | 'scan';
  title: string;
  /** The machine's fault code (data-fault, and the screen's step `fault-<code>`). */
  fault: string;
  text: FaultText;
  canRetry: boolean;
  referentCall: ReferentCallStatus;
  /** What else the resident must know, between what happened and what to do (the pages that came out…). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Screen id={id} step={`fault-${fault}`} title={title} className="screen-message screen-fault">
      <Icon name="warning" size={96} />
      <p className="lead" data-fault={fault}>
        <strong>{t(text.what)}</strong>
      </p>
      {children}
      <p className="lead">{t(text.todo)}</p>
      <FaultActions callReferent={text.callReferent} canRetry={canRetry} referentCall={referentCall} />
    </Screen>
  );
}

function FaultActions({ callReferent, canRetry, referentCall }: { callReferent: boolean; canRetry: boolean; referentCall: ReferentCallStatus }) {
  const { t } = useTranslation();
  // "Le référent arrive" only once the call route acknowledged the call.
  const label =
    referentCall === 'acknowledged'
      ? t('common.referentComing')
      : referentCall === 'calling' || referentCall === 'ringing'
        ? t('common.referentCalling')
        : referentCall === 'inCall'
          ? t('call.inCall')
          : t('common.callReferent');
  const call = (
    <ActionButton
      key="call"
      event={{ type: 'CALL_REFERENT' }}
      look={callReferent ? 'primary' : 'big'}
      icon="help"
      disabled={referentCall === 'acknowledged' || referentCall === 'calling' || referentCall === 'ringing' || referentCall === 'inCall'}
    >
      {label}
    </ActionButton>
  );
  const retry = canRetry && (
    <ActionButton key="retry" event={{ type: 'RETRY' }} look={callReferent ? 'big' : 'primary'} icon="retake">
      {t('common.retry')}
    </ActionButton>
  );
  return (
    <ActionRow>
      {callReferent ? [call, retry] : [retry, call]}
      <ActionButton event={{ type: 'CANCEL' }}>{t('common.back')}</ActionButton>
    </ActionRow>
  );
}
