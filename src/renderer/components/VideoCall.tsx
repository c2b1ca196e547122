// The video call with an agent d'accueil (issue 17), once the agent joined: the call panel and the question before
// the resident's screen is shown. The agent's video is not ours: the shell draws the call's own view over the empty
// rectangle [data-call-area] (its place is reported with setCallArea, as the démarche's is). Large, the panel covers
// the démarche's area (the démarche goes on underneath, hidden); small, it is a column beside the démarche, whose area
// shrinks so that both can be seen. The ringing and « L'agent voit votre écran » are banners (Banners.tsx); nobody
// answering is said by ReferentUnreachable.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewState } from '../../shared/ipc/contract';
import { send } from '../state/cabine';
import { useCallArea } from '../state/demarche-area';
import { Dialog } from './Dialog';
import { Icon } from './Icon';
import { focusScreenHeading } from './Screen';

const dialogOpen = () => document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;

/** `covered`: a dialog of ours is over the screen, so the call's view must be hidden (it would be drawn above the dialog). */
export function CallPanel({ view, covered }: { view: ViewState; covered: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const { window: size, share } = view.context.call;
  useCallArea(area, !covered);
  // The agent appeared: a screen reader says so first. When the call ends, the focus goes back to the screen.
  useEffect(() => {
    if (!dialogOpen()) heading.current?.focus();
    return () => {
      requestAnimationFrame(() => {
        if (!dialogOpen()) focusScreenHeading();
      });
    };
  }, []);
  const large = size === 'large';
  return (
    <section className="call-panel" data-call-panel="" data-call-window={size} aria-labelledby={titleId}>
      <h2 id={titleId} ref={heading} tabIndex={-1} className="call-title">
        <Icon name="video" size={28} /> {t('call.title')}
      </h2>
      {/* Empty on purpose: the agent's video is drawn over it by the shell. */}
      <div className="call-area" ref={area} data-call-area="" role="img" aria-label={t('call.area')} />
      <div className="call-actions">
        <button type="button" className="button button-danger button-huge" data-call="hang-up" onClick={() => send({ type: 'HANG_UP' })}>
          <Icon name="hangUp" /> {t('call.hangUp')}
        </button>
        <button type="button" className="button button-big" data-call="window" onClick={() => send({ type: 'CALL_WINDOW', size: large ? 'small' : 'large' })}>
          <Icon name={large ? 'shrink' : 'enlarge'} /> {large ? t('call.smaller') : t('call.larger')}
        </button>
        {share === 'on' ? (
          <button type="button" className="button button-big" data-call="share" onClick={() => send({ type: 'STOP_SHARE' })}>
            <Icon name="screen" /> {t('call.stopShare')}
          </button>
        ) : (
          <button type="button" className="button button-big" data-call="share" aria-haspopup="dialog" onClick={() => send({ type: 'SHARE_SCREEN' })}>
            <Icon name="screen" /> {t('call.share')}
          </button>
        )}
      </div>
    </section>
  );
}

/** « Montrer mon écran à l'agent d'accueil ? »: what is shown, and that it stops in one touch; nothing is shown before « Oui ». */
export function ShareQuestion() {
  const { t } = useTranslation();
  const answer = (yes: boolean) => send({ type: 'SHARE_SCREEN_ANSWER', yes });
  return (
    <Dialog name="share-screen" title={t('call.ask.title')} onCancel={() => answer(false)}>
      <p className="lead">{t('call.ask.what')}</p>
      <p>{t('call.ask.stop')}</p>
      <div className="actions">
        <button type="button" className="button button-primary button-huge" data-share-answer="yes" onClick={() => answer(true)}>
          {t('call.ask.yes')}
        </button>
        <button type="button" className="button button-huge" data-share-answer="no" onClick={() => answer(false)}>
          {t('call.ask.no')}
        </button>
      </div>
    </Dialog>
  );
}
