// The agent's panel in an assisted session (issue 15): what the agent d'accueil may add to this session only.
// The machine decides everything (states/assisted.ts): whether the panel opens at once or asks for the agent's
// code again (the PIN pad, referent only), and whether each action is accepted. The screens show its state
// (view.agentPanel) and send its events; the numbers come from the public config.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import { grantableHost } from '../../shared/policy/agent-grant';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { UnlockPad } from './UnlockPad';

export function AgentPanel({ view, config }: { view: ViewState; config: PublicConfig }) {
  const { t } = useTranslation();
  // The pad closes itself once the code is accepted: by then the panel is open, and must stay so.
  const state = useRef(view.agentPanel);
  state.current = view.agentPanel;
  if (!view.context.assisted) return null;
  if (view.agentPanel === 'askingCode') {
    return (
      <UnlockPad
        role="referent"
        referentOnly
        view={view}
        config={config}
        onRole={() => {}}
        onClose={() => {
          if (state.current === 'askingCode') send({ type: 'AGENT_PANEL_CLOSE' });
        }}
      />
    );
  }
  if (view.agentPanel !== 'open') return null;

  const p = config.agentPanel;
  const { extraPages, extraMinutes } = view.context.agent;
  const pagesLeft = extraPages < p.maxExtraPages;
  const timeLeft = extraMinutes < p.maxExtraMinutes;
  const blocked = view.path.includes('blocked') ? grantableHost(view.context.blockedHost) : null;
  const close = () => send({ type: 'AGENT_PANEL_CLOSE' });
  return (
    <Dialog name="agent-panel" title={t('agentPanel.open')} onCancel={close} className="dialog-agent-panel">
      <p className="lead">{t('agentPanel.intro')}</p>
      {blocked && (
        <div className="agent-action" data-agent-action="site">
          <button type="button" className="button button-primary button-big" onClick={() => send({ type: 'AGENT_OPEN_SITE' })}>
            {t('agentPanel.openSite')}
          </button>
          <p>
            {t('agentPanel.openSiteHint')}{' '}
            <bdi dir="ltr" className="host">
              {blocked}
            </bdi>
          </p>
        </div>
      )}
      <div className="agent-action" data-agent-action="pages">
        <button type="button" className="button button-big" disabled={!pagesLeft} onClick={() => send({ type: 'AGENT_EXTRA_PAGES' })}>
          {t('agentPanel.morePages')}
        </button>
        <p aria-live="polite">
          {t('agentPanel.morePagesHint', { n: Math.min(p.extraPages, p.maxExtraPages), added: extraPages, max: p.maxExtraPages })}
          {!pagesLeft && ` ${t('agentPanel.maxReached')}`}
        </p>
      </div>
      <div className="agent-action" data-agent-action="time">
        <button type="button" className="button button-big" disabled={!timeLeft} onClick={() => send({ type: 'AGENT_MORE_TIME' })}>
          {t('agentPanel.moreTime')}
        </button>
        <p aria-live="polite">
          {t('agentPanel.moreTimeHint', { n: Math.min(p.extraMinutes, p.maxExtraMinutes), added: extraMinutes, max: p.maxExtraMinutes })}
          {!timeLeft && ` ${t('agentPanel.maxReached')}`}
        </p>
      </div>
      <div className="agent-action" data-agent-action="end">
        <button type="button" className="button button-big" onClick={() => send({ type: 'AGENT_END_ASSISTANCE' })}>
          {t('agentPanel.endAssistance')}
        </button>
        <p>{t('agentPanel.endAssistanceHint')}</p>
      </div>
      <div className="actions">
        <button type="button" className="button button-big" onClick={close}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
