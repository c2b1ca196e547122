// Messages that stay above the screen without hiding it: assisted session, a call to a referent (in progress,
// acknowledged — "il arrive" only then —, or cancelled), a video call ringing, the resident's screen shown to the agent
// (the whole time, with « Arrêter »), a download that was not kept, a site that asked for a login the cabin cannot
// give. A call nobody acknowledged or answered is a dialog (ReferentUnreachable), not a banner.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import type { DownloadRefusal } from '../../shared/session/types';
import { DOWNLOAD_REFUSAL_TEXT } from '../i18n/faults';
import { localized } from '../i18n';
import { send } from '../state/cabine';
import { Icon } from './Icon';

export function Banners({ view, config, locale }: { view: ViewState; config: PublicConfig; locale: Locale }) {
  const { t } = useTranslation();
  const { assisted, referentCall, downloadRefused, authRefusedHost } = view.context;
  const top = view.path[0];
  const session = top === 'session';
  const [dismissed, setDismissed] = useState<DownloadRefusal | null>(null);
  useEffect(() => {
    if (!downloadRefused) setDismissed(null);
  }, [downloadRefused]);
  const [authDismissed, setAuthDismissed] = useState<string | null>(null);
  useEffect(() => {
    if (authRefusedHost === null) setAuthDismissed(null);
  }, [authRefusedHost]);

  const showAssisted = session && assisted;
  // The call region keeps a call only on welcome and in a session; the check is the screens' own.
  const call = session || top === 'welcome' ? referentCall : 'idle';
  const showReferent = call === 'acknowledged' || call === 'calling' || call === 'cancelled';
  // The video call (issue 17): only ever in a session.
  const ringing = session && referentCall === 'ringing';
  const sharing = session && referentCall === 'inCall' && view.context.call.share === 'on';
  const refusal = session && downloadRefused && downloadRefused !== dismissed ? downloadRefused : null;
  // '' is a site whose host could not be read: the banner shows, without the host.
  const authHost = session && authRefusedHost !== null && authRefusedHost !== authDismissed ? authRefusedHost : null;
  if (!showAssisted && !showReferent && !ringing && !sharing && !refusal && authHost === null) return null;

  return (
    <header className="banners">
      {showAssisted && (
        <div className="banner banner-assisted">
          <p role="status" data-banner="assisted">
            <Icon name="help" size={28} />
            <strong>{t('banner.assisted')}</strong>
          </p>
          {/* The agent's panel (issue 15): the machine opens it, or asks for the agent's code again. */}
          <button type="button" className="button button-small" data-agent-panel-open onClick={() => send({ type: 'AGENT_PANEL_OPEN' })}>
            {t('agentPanel.open')}
          </button>
        </div>
      )}
      {showReferent && call === 'acknowledged' && (
        <p className="banner banner-referent" role="status" data-banner="referent">
          <Icon name="help" size={28} />
          <span>{config.referentCallMessage ? localized(config.referentCallMessage, locale) : t('banner.referentCalled')}</span>
        </p>
      )}
      {showReferent && call === 'calling' && (
        <div className="banner banner-calling" role="status" data-banner="referent-calling">
          <Icon name="help" size={28} />
          <p>{t('banner.referentCalling')}</p>
          <button type="button" className="button button-big" onClick={() => send({ type: 'CANCEL_REFERENT_CALL' })}>
            {t('banner.cancelCall')}
          </button>
        </div>
      )}
      {showReferent && call === 'cancelled' && (
        <div className="banner banner-calling" role="status" data-banner="referent-cancelled">
          <Icon name="help" size={28} />
          <p>{t('banner.referentCancelled')}</p>
          <button type="button" className="button button-big" onClick={() => send({ type: 'CLOSE_REFERENT_CALL' })}>
            {t('common.ok')}
          </button>
        </div>
      )}
      {ringing && (
        <div className="banner banner-calling" role="status" data-banner="visio-ringing">
          <Icon name="video" size={28} />
          <p>
            <strong>{t('call.ringing')}</strong> {t('call.ringingHow')}
          </p>
          <button type="button" className="button button-big" onClick={() => send({ type: 'CANCEL_REFERENT_CALL' })}>
            {t('banner.cancelCall')}
          </button>
        </div>
      )}
      {/* Shown the whole time the agent sees the screen, over every screen and both sizes of the call panel. */}
      {sharing && (
        <div className="banner banner-sharing" role="status" data-banner="screen-shared">
          <Icon name="screen" size={28} />
          <p>
            <strong>{t('call.sharing')}</strong>
          </p>
          <button type="button" className="button button-big" onClick={() => send({ type: 'STOP_SHARE' })}>
            {t('call.stop')}
          </button>
        </div>
      )}
      {refusal && (
        <div className="banner banner-warning" role="alert" data-banner="download-refused">
          <Icon name="warning" size={28} />
          <p>
            <strong>{t(DOWNLOAD_REFUSAL_TEXT[refusal].what)}</strong> {t(DOWNLOAD_REFUSAL_TEXT[refusal].todo)}
          </p>
          <button type="button" className="button button-small" onClick={() => setDismissed(refusal)}>
            {t('common.understood')}
          </button>
        </div>
      )}
      {authHost !== null && (
        <div className="banner banner-warning" role="alert" data-banner="auth-refused">
          <Icon name="warning" size={28} />
          <p>
            <strong>{t('banner.authRefused.what')}</strong> {t('banner.authRefused.todo')}
            {authHost && (
              <>
                {' '}
                {t('banner.authRefused.site')}{' '}
                <bdi dir="ltr" className="host">
                  {authHost}
                </bdi>
              </>
            )}
          </p>
          <button type="button" className="button button-small" onClick={() => setAuthDismissed(authHost)}>
            {t('common.understood')}
          </button>
        </div>
      )}
    </header>
  );
}
