// A site outside the démarche's allow-list, and a lost connection: why, and the way back.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { grantableHost } from '../../shared/policy/agent-grant';
import { send } from '../state/cabine';
import type { ScreenProps } from './types';

export function BlockedScreen({ view }: ScreenProps) {
  const { t } = useTranslation();
  // In an assisted session, the agent's panel may open this site for the rest of the session (issue 15).
  const agentMayOpen = view.context.assisted && grantableHost(view.context.blockedHost) !== null;
  return (
    <Screen id="blocked" title={t('blocked.title')} className="screen-message">
      <Icon name="blocked" size={96} />
      <p className="lead">{t('blocked.why')}</p>
      {view.context.blockedHost && (
        <p>
          {t('blocked.host')}{' '}
          <strong dir="ltr" className="host">
            {view.context.blockedHost}
          </strong>
        </p>
      )}
      <p>{t('blocked.todo')}</p>
      {agentMayOpen && (
        <p className="notice" data-blocked="agent">
          {t('agentPanel.blockedHint')}{' '}
          <button type="button" className="button button-small" onClick={() => send({ type: 'AGENT_PANEL_OPEN' })}>
            {t('agentPanel.open')}
          </button>
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'BACK' })}>
          {t('blocked.back')}
        </button>
        <button type="button" className="button button-big" onClick={() => send({ type: 'HOME' })}>
          {t('blocked.home')}
        </button>
      </div>
    </Screen>
  );
}

export function OfflineScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="offline" title={t('offline.title')} className="screen-message">
      <Icon name="wifiOff" size={96} />
      <p className="lead">{t('offline.why')}</p>
      <p>{t('offline.todo')}</p>
      <div className="actions">
        <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'RETRY' })}>
          {t('common.retry')}
        </button>
        <button type="button" className="button button-big" onClick={() => send({ type: 'CALL_REFERENT' })}>
          {t('common.callReferent')}
        </button>
      </div>
    </Screen>
  );
}
