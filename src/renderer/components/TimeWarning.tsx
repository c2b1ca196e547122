// "Il reste 5 minutes" (then 1): the session's end is near (WCAG 2.2.1 Timing Adjustable). While extensions
// remain, « Continuer 15 minutes » pushes the end, and « J'ai fini » goes to the usual "Terminer ?" question;
// when none remains, the dialog only says to print or save what is needed, and « D'accord » closes it.
import { useTranslation } from 'react-i18next';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { useMinutesLeft } from './useCountdown';

export function TimeWarning({ view, config, onFinished }: { view: ViewState; config: PublicConfig; onFinished(): void }) {
  const { t } = useTranslation();
  const warning = view.context.timeWarning;
  if (!warning) return null;
  const canExtend = view.context.extensionsLeft > 0;
  const extendMinutes = view.context.assisted ? config.sessionTime.assisted.extendMinutes : config.sessionTime.extendMinutes;
  const dismiss = () => send({ type: 'DISMISS_TIME_WARNING' });
  return (
    <Dialog name="time-warning" alert title={t('time.warning.title', { count: warning.minutesLeft })} onCancel={dismiss}>
      {canExtend ? (
        <>
          <p className="lead">{t('time.warning.erase')}</p>
          <div className="actions">
            <button type="button" className="button button-primary button-huge" onClick={() => send({ type: 'EXTEND_SESSION' })}>
              {t('time.warning.extend', { count: extendMinutes })}
            </button>
            <button
              type="button"
              className="button button-big"
              onClick={() => {
                dismiss();
                onFinished();
              }}
            >
              {t('time.warning.finished')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="lead">{t('time.warning.save')}</p>
          <div className="actions">
            <button type="button" className="button button-primary button-huge" onClick={dismiss}>
              {t('common.ok')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/**
 * The toolbar's "Il reste 12 min", in the session's last 15 minutes. The number itself is not live (it would speak
 * every minute); the moments of the warnings are, once each.
 */
export function TimeLeft({ view }: { view: ViewState }) {
  const { t } = useTranslation();
  const minutesLeft = useMinutesLeft(view.context.sessionEndsAt);
  const warning = view.context.timeWarning;
  return (
    <>
      {minutesLeft !== null && minutesLeft <= 15 && (
        <p className="toolbar-time" role="timer" data-minutes-left={minutesLeft}>
          {t('time.left', { n: minutesLeft })}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite" data-time-announce="">
        {warning ? t('time.warning.title', { count: warning.minutesLeft }) : ''}
      </p>
    </>
  );
}
