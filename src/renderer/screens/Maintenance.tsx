// The technician's screen: live device state, diagnostics, test print and scan, the config's
// problems, where statistics and logs come from, and the way out (which wipes).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticsReport } from '../../shared/ipc/contract';
import { DEVICE_KINDS, type DeviceKind, type DevicePresence, type PrintFault, type ScanFault } from '../../shared/session/types';
import { useBlobUrl } from '../components/DocumentPreview';
import { Screen } from '../components/Screen';
import { PRINT_FAULT_TEXT, SCAN_FAULT_TEXT } from '../i18n/faults';
import { cabine, send } from '../state/cabine';
import { formatBytes } from './Ending';
import type { ScreenProps } from './types';

const hex = (n: number) => n.toString(16).padStart(4, '0');

const DEVICE_LABEL: Record<DeviceKind, string> = {
  printer: 'maintenance.devices.printer',
  scanner: 'maintenance.devices.scanner',
  occupancy: 'maintenance.devices.occupancy',
  badge: 'maintenance.devices.badge',
};
const PRESENCE_LABEL: Record<DevicePresence, string> = {
  present: 'maintenance.presence.present',
  absent: 'maintenance.presence.absent',
  unknown: 'maintenance.presence.unknown',
};
/** The printer's queue as CUPS says it (idle, printing, stopped, or unreachable), in words. */
const QUEUE_STATE_LABEL: Record<string, string> = {
  idle: 'maintenance.diagnostics.queue.idle',
  printing: 'maintenance.diagnostics.queue.printing',
  stopped: 'maintenance.diagnostics.queue.stopped',
  injoignable: 'maintenance.diagnostics.queue.unreachable',
};
const isPresence = (value: string): value is DevicePresence => value in PRESENCE_LABEL;

const OCCUPANCY_LABEL: Record<'occupied' | 'empty' | 'unknown', string> = {
  occupied: 'maintenance.occupancy.occupied',
  empty: 'maintenance.occupancy.empty',
  unknown: 'maintenance.occupancy.unknown',
};

function TestScanPreview({ label }: { label: string }) {
  const url = useBlobUrl(() => cabine().query({ kind: 'scanPreview', page: 0 }), 'image/png', 'maintenance');
  return url ? <img className="maintenance-preview" src={url} alt={label} /> : null;
}

function useDiagnostics(): { report: DiagnosticsReport | null; error: boolean; refresh(): void } {
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [error, setError] = useState(false);
  const refresh = useCallback(() => {
    setError(false);
    cabine()
      .query({ kind: 'diagnostics' })
      .then(setReport, () => setError(true));
  }, []);
  useEffect(refresh, [refresh]);
  return { report, error, refresh };
}

/** CUPS's reasons are keywords for the technician ('media-empty'); 'none' says nothing. */
function telling(reasons: readonly string[]): string[] {
  return reasons.filter((r) => r !== 'none');
}

export function MaintenanceScreen({ view, locale }: ScreenProps) {
  const { t } = useTranslation();
  const { report, error, refresh } = useDiagnostics();
  const step = view.path[1] ?? 'idle';
  const test = view.context.maintenanceTest;
  const busy = step !== 'idle';
  const month = new Date().toISOString().slice(0, 7);
  // A finished test changes what the diagnostics say (printer state, last scan).
  useEffect(() => {
    if (!busy) refresh();
  }, [busy, refresh]);

  return (
    <Screen id="maintenance" title={t('maintenance.title')} className="screen-maintenance">
      <div className="maintenance-grid">
        <section className="card" aria-labelledby="m-devices">
          <h2 id="m-devices">{t('maintenance.devices.title')}</h2>
          {/* A print job stopped half-way (issue 15): leaving maintenance says the printer was looked at. */}
          {view.context.printerToCheck && (
            <p className="notice notice-error" data-printer-check="maintenance">
              {t('print.check.maintenance')}
            </p>
          )}
          <dl className="facts">
            {DEVICE_KINDS.map((k) => (
              <div key={k} data-device={k} data-presence={view.context.devices[k]}>
                <dt>{t(DEVICE_LABEL[k])}</dt>
                <dd className={`presence presence-${view.context.devices[k]}`}>{t(PRESENCE_LABEL[view.context.devices[k]])}</dd>
              </div>
            ))}
            <div data-occupancy={view.context.presence}>
              <dt>{t('maintenance.devices.cabin')}</dt>
              <dd>{t(OCCUPANCY_LABEL[view.context.presence])}</dd>
            </div>
          </dl>
        </section>

        <section className="card" aria-labelledby="m-tests">
          <h2 id="m-tests">{t('maintenance.tests.title')}</h2>
          <div className="actions actions-start">
            <button type="button" className="button button-big" disabled={busy} onClick={() => send({ type: 'MAINTENANCE_TEST_PRINT' })}>
              {t('maintenance.tests.print')}
            </button>
            <button type="button" className="button button-big" disabled={busy} onClick={() => send({ type: 'MAINTENANCE_TEST_SCAN' })}>
              {t('maintenance.tests.scan')}
            </button>
          </div>
          <div role="status" data-test-result={busy ? 'running' : test ? (test.ok ? 'ok' : 'failed') : 'none'}>
            {busy && <p>{step === 'testPrinting' ? t('maintenance.tests.printing') : t('maintenance.tests.scanning')}</p>}
            {!busy && test && (
              <p className={test.ok ? 'notice notice-ok' : 'notice notice-error'}>
                {test.ok
                  ? test.kind === 'print'
                    ? t('maintenance.tests.printOk')
                    : t('maintenance.tests.scanOk')
                  : `${test.kind === 'print' ? t('maintenance.tests.printFailed') : t('maintenance.tests.scanFailed')} ${
                      test.fault
                        ? t(
                            test.kind === 'print'
                              ? (PRINT_FAULT_TEXT[test.fault as PrintFault] ?? PRINT_FAULT_TEXT.unknown).what
                              : (SCAN_FAULT_TEXT[test.fault as ScanFault] ?? SCAN_FAULT_TEXT.unknown).what,
                          )
                        : ''
                    } (${test.fault ?? '?'})`}
              </p>
            )}
            {!busy && test?.kind === 'scan' && test.ok && <TestScanPreview label={t('maintenance.tests.scanPreview')} />}
          </div>
        </section>

        <section className="card card-wide" aria-labelledby="m-diagnostics">
          <h2 id="m-diagnostics">{t('maintenance.diagnostics.title')}</h2>
          <div className="actions actions-start">
            <button type="button" className="button" onClick={refresh}>
              {t('maintenance.diagnostics.refresh')}
            </button>
          </div>
          {error && <p className="notice notice-error">{t('maintenance.diagnostics.error')}</p>}
          {report && (
            <div className="diagnostics" data-diagnostics="">
              <p className="muted">{t('maintenance.diagnostics.at', { time: new Date(report.generatedAt).toLocaleTimeString(locale) })}</p>
              <table className="table">
                <caption>{t('maintenance.diagnostics.devices')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('maintenance.diagnostics.kind')}</th>
                    <th scope="col">{t('maintenance.diagnostics.present')}</th>
                    <th scope="col">{t('maintenance.diagnostics.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.devices.map((d) => (
                    <tr key={d.kind}>
                      <th scope="row">{d.kind in DEVICE_LABEL ? t(DEVICE_LABEL[d.kind as DeviceKind]) : d.kind}</th>
                      <td>{d.present ? t('common.yes') : t('common.no')}</td>
                      {isPresence(d.detail) ? <td>{t(PRESENCE_LABEL[d.detail])}</td> : <td dir="ltr">{d.detail}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="facts">
                <div>
                  <dt>{t('maintenance.diagnostics.printer')}</dt>
                  <dd>
                    {report.printer ? (
                      <>
                        <bdi>{report.printer.queue}</bdi> —{' '}
                        {QUEUE_STATE_LABEL[report.printer.state] ? t(QUEUE_STATE_LABEL[report.printer.state]!) : <bdi>{report.printer.state}</bdi>}
                        {telling(report.printer.reasons).length > 0 && <bdi dir="ltr"> ({telling(report.printer.reasons).join(', ')})</bdi>}
                      </>
                    ) : (
                      t('maintenance.diagnostics.none')
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t('maintenance.diagnostics.scanner')}</dt>
                  <dd dir="ltr">
                    {report.scanner
                      ? `${report.scanner.device ?? '—'}${report.scanner.found.length ? ` [${report.scanner.found.join(', ')}]` : ''}`
                      : t('maintenance.diagnostics.none')}
                  </dd>
                </div>
                <div>
                  <dt>{t('maintenance.diagnostics.occupancy')}</dt>
                  <dd dir="ltr">
                    {report.occupancy
                      ? `${report.occupancy.profile ?? '—'} — ${report.occupancy.occupied === null ? '?' : report.occupancy.occupied ? t(OCCUPANCY_LABEL.occupied) : t(OCCUPANCY_LABEL.empty)}`
                      : t('maintenance.diagnostics.none')}
                  </dd>
                </div>
                <div>
                  <dt>{t('maintenance.diagnostics.storage')}</dt>
                  <dd dir="ltr">
                    {report.storage.ramRoot} — {report.storage.ramBacked ? t('maintenance.diagnostics.ram') : t('maintenance.diagnostics.disk')}
                    {report.storage.freeBytes !== null && ` — ${formatBytes(report.storage.freeBytes, locale)}`}
                  </dd>
                </div>
              </dl>
              <table className="table" data-usb="">
                <caption>{t('maintenance.diagnostics.usb', { n: report.usb.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('maintenance.diagnostics.usbId')}</th>
                    <th scope="col">{t('maintenance.diagnostics.kind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.usb.map((u, i) => (
                    <tr key={`${u.vendorId}:${u.productId}:${i}`}>
                      <td dir="ltr">
                        {hex(u.vendorId)}:{hex(u.productId)}
                      </td>
                      <td>{u.kind ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="m-config">
          <h2 id="m-config">{t('maintenance.config.title')}</h2>
          {report &&
            (report.config.ok ? (
              <p className="notice notice-ok" data-config="ok">
                {t('maintenance.config.ok')}
              </p>
            ) : (
              <ul className="problems" data-config="problems">
                {report.config.problems.map((p, i) => (
                  <li key={i}>
                    <code dir="ltr">{p.path}</code> : {p.message}
                    {p.hint && <p className="muted">{p.hint}</p>}
                  </li>
                ))}
              </ul>
            ))}
        </section>

        <section className="card" aria-labelledby="m-stats">
          <h2 id="m-stats">{t('maintenance.stats.title')}</h2>
          <p>{t('maintenance.stats.sessions', { n: view.context.sessionsSinceBoot })}</p>
          <p>{t('maintenance.stats.export')}</p>
          <p>
            <code dir="ltr">cabine stats export --month {month}</code>
          </p>
          <p className="muted">{t('maintenance.stats.anonymous')}</p>
        </section>
      </div>
      <div className="actions">
        <button type="button" className="button button-primary button-big" onClick={() => send({ type: 'MAINTENANCE_EXIT' })}>
          {t('maintenance.exit')}
        </button>
      </div>
    </Screen>
  );
}
