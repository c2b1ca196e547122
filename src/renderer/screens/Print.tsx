// Printing: what will print and how many pages, then progress, then done — or what went
// wrong and what to do. Each step is its own screen state in the machine.
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton, ActionRow } from '../components/ActionRow';
import { PdfThumbnail } from '../components/DocumentPreview';
import { FaultScreen } from '../components/FaultScreen';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import { PRINT_FAULT_TEXT } from '../i18n/faults';
import type { ScreenProps } from './types';

export const MAX_COPIES = 10;

export function PrintScreen({ view, config }: ScreenProps) {
  const { t } = useTranslation();
  const step = view.path[3] ?? 'preparing';
  const { print, counts } = view.context;
  const [copies, setCopies] = useState(1);
  const target = print.target;
  const doc = target?.kind === 'document' ? view.documents.find((d) => d.id === target.documentId) : undefined;
  // The agent's panel may have raised this session's limit (issue 15).
  const remaining = Math.max(0, config.pageLimitPerSession + view.context.agent.extraPages - counts.pagesPrinted);
  const maxCopies = Math.max(1, Math.min(MAX_COPIES, print.pages > 0 ? Math.floor(remaining / print.pages) : 1));
  const what = doc ? doc.label : t('print.thePage');

  if (step === 'confirming') {
    const n = Math.min(copies, maxCopies);
    return (
      <Screen id="print" step={step} title={t('print.confirm.title')}>
        <div className="print-confirm">
          <div className="print-preview">
            {/* The very PDF that will print: the page as rendered for printing, or the document. */}
            <span className="thumb">
              <Suspense fallback={<span className="thumb-placeholder" aria-hidden="true" />}>
                <PdfThumbnail source={{ kind: 'printPreview' }} label={t('print.previewLabel', { name: what })} width={300} height={400} />
              </Suspense>
            </span>
          </div>
          <div className="print-details">
            <p className="lead">
              <strong>{what}</strong>
            </p>
            <p className="lead" data-pages={print.pages}>
              {t('print.pages', { count: print.pages })}
            </p>
            <div className="stepper" role="group" aria-labelledby="copies-label">
              <span id="copies-label" className="stepper-label">
                {t('print.copies')}
              </span>
              <button
                type="button"
                className="button button-square"
                aria-label={t('print.fewerCopies')}
                disabled={n <= 1}
                onClick={() => setCopies(Math.max(1, n - 1))}
              >
                <Icon name="minus" />
              </button>
              <output className="stepper-value" aria-live="polite" data-copies={n}>
                {n}
              </output>
              <button
                type="button"
                className="button button-square"
                aria-label={t('print.moreCopies')}
                disabled={n >= maxCopies}
                onClick={() => setCopies(Math.min(maxCopies, n + 1))}
              >
                <Icon name="plus" />
              </button>
            </div>
            <p>{t('print.remaining', { n: remaining })}</p>
          </div>
        </div>
        <ActionRow>
          <ActionButton look="main" icon="print" event={{ type: 'PRINT_CONFIRM', copies: n }}>
            {t('print.confirm.go', { count: print.pages * n })}
          </ActionButton>
          <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
        </ActionRow>
      </Screen>
    );
  }

  if (step === 'sending') {
    const total = Math.max(1, print.pages * print.copies);
    const done = Math.min(total, print.pagesDone);
    return (
      <Screen id="print" step={step} title={t('print.sending.title')} className="screen-message">
        <Icon name="print" size={96} />
        <p className="lead" role="status">
          {t('print.sending.progress', { done, total })}
        </p>
        <progress className="progress" max={total} value={done} aria-label={t('print.sending.title')} />
        <p>{t('print.sending.wait')}</p>
      </Screen>
    );
  }

  if (step === 'done') {
    return (
      <Screen id="print" step={step} title={t('print.done.title')} className="screen-message">
        <Icon name="check" size={96} />
        <p className="lead">{t('print.done.take')}</p>
        <ActionRow>
          <ActionButton look="main" event={{ type: 'ACCEPT' }}>
            {t('common.ok')}
          </ActionButton>
        </ActionRow>
      </Screen>
    );
  }

  if (step === 'fault') {
    const fault = print.fault ?? 'unknown';
    // Past the page limit, or when the whole job again would pass it (the pages that came out count), trying again
    // cannot help: the agent decides (the machine's guard printFaultRetryable).
    const canRetry = fault !== 'page-limit' && print.pages * print.copies <= remaining;
    // No paper half-way: how many sheets came out (CUPS's count of the job's pages), and stay for the agent (issue 15).
    const paperOut = fault === 'out-of-paper';
    const total = print.pages * print.copies;
    return (
      <FaultScreen
        id="print"
        title={t('print.fault.title')}
        fault={fault}
        text={paperOut ? { ...PRINT_FAULT_TEXT[fault], todo: 'print.paperOut.stay' } : PRINT_FAULT_TEXT[fault]}
        canRetry={canRetry}
        referentCall={view.context.referentCall}
      >
        {paperOut && total > 0 && (
          <p className="lead" data-pages-out={Math.min(print.pagesDone, total)} data-pages-total={total}>
            {print.pagesDone > 0 ? t('print.paperOut.out', { count: Math.min(print.pagesDone, total), total }) : t('print.paperOut.none')}
          </p>
        )}
      </FaultScreen>
    );
  }

  // preparing (and the instant of leaving)
  return (
    <Screen id="print" step="preparing" title={t('print.preparing.title')} className="screen-message">
      <Icon name="print" size={96} />
      <p className="lead" role="status">
        {t('print.preparing.body')}
      </p>
      <ActionRow>
        <ActionButton event={{ type: 'CANCEL' }}>{t('common.cancel')}</ActionButton>
      </ActionRow>
    </Screen>
  );
}
