// "Terminer" erases everything: one question first, so a slip of the finger does not; and what is about to go
// (the documents of the session, and which of them were never printed) and what stays in the machines (paper on
// the scanner's glass, in the tray).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, ViewState } from '../../shared/ipc/contract';
import { screenFor } from '../screens/route';
import { send } from '../state/cabine';
import { usePublicConfig } from '../state/public-config';
import { useViewState } from '../state/view-store';
import { Dialog } from './Dialog';
import { documentLabel } from './documentLabel';
import { Icon } from './Icon';

/** The session's documents that can print (PDFs) and no job of which completed (a page print of the démarche does not count). */
export function neverPrinted(view: Pick<ViewState, 'documents' | 'context'>): DocumentSummary[] {
  const printed = view.context.printedDocuments;
  return view.documents.filter((d) => d.mime === 'application/pdf' && !printed.includes(d.id));
}

/** Screens where the machine takes PRINT_REQUEST for a document (the démarche's page, « Mes documents », the viewer). */
const PRINTS_FROM = new Set(['browsing', 'documents', 'viewer']);

export function ConfirmEnd({ onClose, onPrint }: { onClose(): void; onPrint?(): void }) {
  const { t } = useTranslation();
  const view = useViewState();
  const config = usePublicConfig();
  const documents = view?.documents.length ?? 0;
  const screen = view ? screenFor(view.path) : null;
  // "Mes documents" opens from the démarche's page only (as the toolbar's button).
  const canOpenDocuments = screen === 'browsing';
  // Only where there is a printer: the documents no job printed, each with « Imprimer » where the print flow can open.
  const unprinted = view && config?.devices.printer ? neverPrinted(view) : [];
  const canPrint = onPrint !== undefined && screen !== null && PRINTS_FROM.has(screen);
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
      {unprinted.length > 0 && (
        <div className="confirm-end-unprinted" data-confirm-end="never-printed">
          <p id="confirm-end-unprinted">
            <Icon name="print" /> {t('confirmEnd.neverPrinted', { count: unprinted.length })}
          </p>
          <ul aria-labelledby="confirm-end-unprinted">
            {unprinted.map((doc) => {
              const name = documentLabel(doc, t);
              return (
                <li key={doc.id} data-never-printed={doc.id}>
                  <span className="confirm-end-unprinted-name">{name}</span>
                  {canPrint && (
                    <button
                      type="button"
                      className="button"
                      aria-label={t('confirmEnd.printLabel', { name })}
                      onClick={() => {
                        onClose();
                        onPrint();
                        send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: doc.id } });
                      }}
                    >
                      <Icon name="print" /> {t('confirmEnd.print')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
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

/**
 * « Imprimer » in the end question: the question closes, the usual print flow opens, and once the resident leaves it
 * (« D'accord » after the sheets, « Annuler », a fault's « Retour ») the question comes back. The resident had said
 * « J'ai fini »: printing a forgotten document is a step inside finishing, so they land where they were (now with one
 * document fewer in the list) rather than on the démarche, where they would have to find « J'ai fini » again.
 * Returns what « Imprimer » calls; `reopen` opens the question.
 */
export function useEndQuestionAfterPrint(view: ViewState | null, reopen: (open: true) => void): () => void {
  const [phase, setPhase] = useState<'idle' | 'asked' | 'printing'>('idle');
  const session = view?.path[0] === 'session';
  const printing = view !== null && screenFor(view.path) === 'print';
  useEffect(() => {
    if (phase === 'idle') return;
    // The session ended meanwhile: nothing to come back to.
    if (!session) setPhase('idle');
    else if (printing) {
      if (phase === 'asked') setPhase('printing');
    } else if (phase === 'printing') {
      setPhase('idle');
      reopen(true);
    }
  }, [phase, session, printing, reopen]);
  return () => setPhase('asked');
}
