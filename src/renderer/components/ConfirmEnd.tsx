// "Terminer" erases everything: one question first, so a slip of the finger does not.
import { useTranslation } from 'react-i18next';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';

export function ConfirmEnd({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog name="confirm-end" title={t('end.confirm.title')} onCancel={onClose}>
      <p className="lead">{t('end.confirm.body')}</p>
      <div className="actions">
        <button type="button" className="button button-danger button-big" onClick={() => send({ type: 'END_REQUEST' })}>
          {t('end.confirm.yes')}
        </button>
        <button type="button" className="button button-big" onClick={onClose}>
          {t('end.confirm.no')}
        </button>
      </div>
    </Dialog>
  );
}
