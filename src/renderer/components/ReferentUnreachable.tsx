// Nobody could be told (no call route, a failure, no answer in time, the video call failed), or nobody joined the
// video call in time (issue 17): the cabin says so, then where to go, when it is open and which numbers help
// (config `help`). Never "il arrive" here. After an unanswered video call the resident may call again (« Rappeler »)
// or go on alone (« Continuer seul »); otherwise they close it.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig } from '../../shared/ipc/contract';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { HelpElsewhere } from './HelpElsewhere';

export function ReferentUnreachable({ config, locale, noAnswer = false }: { config: PublicConfig; locale: Locale; noAnswer?: boolean }) {
  const { t } = useTranslation();
  const close = () => send({ type: 'CLOSE_REFERENT_CALL' });
  return (
    <Dialog
      name={noAnswer ? 'referent-no-answer' : 'referent-unreachable'}
      title={noAnswer ? t('call.noAnswer.title') : t('referentUnreachable.title')}
      onCancel={close}
      className="dialog-help"
    >
      <p className="lead">{noAnswer ? t('call.noAnswer.why') : t('referentUnreachable.why')}</p>
      <HelpElsewhere config={config} locale={locale} placeKey="referentUnreachable.place" placeUnknownKey="referentUnreachable.placeUnknown" />
      <div className="actions">
        {noAnswer ? (
          <>
            <button type="button" className="button button-primary button-huge" data-call="alone" onClick={close}>
              {t('call.noAnswer.alone')}
            </button>
            <button type="button" className="button button-huge" data-call="again" onClick={() => send({ type: 'CALL_REFERENT' })}>
              {t('call.noAnswer.again')}
            </button>
          </>
        ) : (
          <button type="button" className="button button-primary button-huge" onClick={close}>
            {t('common.close')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
