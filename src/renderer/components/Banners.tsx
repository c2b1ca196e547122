// Messages that stay above the screen without hiding it: assisted session, help is coming,
// a download that was not kept, a site that asked for a login the cabin cannot give.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import type { DownloadRefusal } from '../../shared/session/types';
import { DOWNLOAD_REFUSAL_TEXT } from '../i18n/faults';
import { localized } from '../i18n';
import { Icon } from './Icon';

export function Banners({ view, config, locale }: { view: ViewState; config: PublicConfig; locale: Locale }) {
  const { t } = useTranslation();
  const { assisted, referentCalled, downloadRefused, authRefusedHost } = view.context;
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
  const showReferent = (session || top === 'welcome') && referentCalled;
  const refusal = session && downloadRefused && downloadRefused !== dismissed ? downloadRefused : null;
  // '' is a site whose host could not be read: the banner shows, without the host.
  const authHost = session && authRefusedHost !== null && authRefusedHost !== authDismissed ? authRefusedHost : null;
  if (!showAssisted && !showReferent && !refusal && authHost === null) return null;

  return (
    <header className="banners">
      {showAssisted && (
        <p className="banner banner-assisted" role="status" data-banner="assisted">
          <Icon name="help" size={28} />
          <strong>{t('banner.assisted')}</strong>
        </p>
      )}
      {showReferent && (
        <p className="banner banner-referent" role="status" data-banner="referent">
          <Icon name="help" size={28} />
          <span>{config.referentCallMessage ? localized(config.referentCallMessage, locale) : t('banner.referentCalled')}</span>
        </p>
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
