// "Terminer" erases everything: one question first, so a slip of the finger does not; and what is about to go
// (the documents of the session) and what stays in the machines (paper on the scanner's glass, in the tray).
import { useTranslation } from 'react-i18next';
import { screenFor } from '../screens/route';
import { send } from '../state/cabine';
import { useViewState } from '../state/view-store';
import { Dialog } from './Dialog';
import { Icon } from './Icon';

export function ConfirmEnd({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const view = useViewState();
  const documents = view?.documents.length ?? 0;
  // "Mes documents" opens from the démarche's page only (as the toolbar's button).
  const canOpenDocuments = view !== null && screenFor(view.path) === 'browsing';
  return (
    <Dialog name="confirm-end" title={t('end.confirm.title')} onCancel={onClose}>
      <p className="lead">{t('end.confirm.body')}</p>
      {documents > 0 && (
        <p className="confirm-end-documents" data-confirm-end="documents">
          {t('end.confirm.documents', { count: documents })}
          {canOpenDocuments && (
            <>
              {' '}
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  onClose();
                  send({ type: 'DOCUMENTS_OPEN' });
                }}
              >
                <Icon name="documents" /> {t('end.confirm.seeDocuments')}
              </button>
            </>
          )}
        </p>
      )}
      <p className="confirm-end-papers" data-confirm-end="papers">
        <Icon name="warning" /> {t('end.confirm.papers')}
      </p>
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
