// IPP printer-state / printer-state-reasons / job-state → the session's PrintFault codes.
import { describe, expect, it } from 'vitest';
import { PRINT_FAULTS } from '../../../../src/shared/session';
import {
  blocksPrinting,
  faultOfIppStatus,
  faultOfReason,
  jobStateOf,
  parseReason,
  PRINT_FAULT_MESSAGES_FR,
  printerFault,
  printerStateOf,
} from '../../../../src/devices/printer/faults';

describe('printer-state-reasons', () => {
  it('splits the severity suffix; no suffix is an error', () => {
    expect(parseReason('media-jam-error')).toEqual({ keyword: 'media-jam', severity: 'error' });
    expect(parseReason('toner-low-warning')).toEqual({ keyword: 'toner-low', severity: 'warning' });
    expect(parseReason('offline-report')).toEqual({ keyword: 'offline', severity: 'report' });
    expect(parseReason('media-empty')).toEqual({ keyword: 'media-empty', severity: 'error' });
  });

  it.each([
    ['media-jam-error', 'paper-jam'],
    ['media-empty-error', 'out-of-paper'],
    ['media-needed-warning', 'out-of-paper'],
    ['offline-report', 'offline'],
    ['connecting-to-device', 'offline'],
    ['paused', 'offline'],
    ['door-open-error', 'door-open'],
    ['cover-open', 'door-open'],
    ['toner-low-warning', 'toner-low'],
    ['marker-supply-empty-error', 'toner-low'],
    ['cups-insecure-filter-warning', null],
    ['none', null],
  ])('%s → %s', (reason, fault) => {
    expect(faultOfReason(reason)).toBe(fault);
  });
});

describe('printerFault', () => {
  it('a stopped queue reports its most pressing reason, whatever the severity', () => {
    // What CUPS shows after the test backend's "STATE: +media-jam-error" and exit 4 (stop printer).
    expect(printerFault('stopped', ['media-jam-error', 'paused'])).toBe('paper-jam');
    expect(printerFault('stopped', ['offline-report', 'paused'])).toBe('offline');
    expect(printerFault('stopped', ['door-open-error', 'media-empty-error'])).toBe('door-open');
    expect(printerFault('stopped', ['media-empty-error', 'offline-report'])).toBe('out-of-paper');
  });

  it('a queue stopped by hand, or for toner alone, is "offline"', () => {
    expect(printerFault('stopped', ['paused'])).toBe('offline');
    expect(printerFault('stopped', [])).toBe('offline');
    expect(printerFault('stopped', ['toner-low-warning'])).toBe('offline');
  });

  it('a running printer: errors count, reports do not, toner-low is a warning only', () => {
    expect(printerFault('printing', ['media-empty-error'])).toBe('out-of-paper');
    expect(printerFault('idle', ['offline-report'])).toBeNull();
    expect(printerFault('idle', ['toner-low-warning'])).toBe('toner-low');
    expect(printerFault('idle', ['none'])).toBeNull();
    expect(blocksPrinting('toner-low')).toBe(false);
    expect(blocksPrinting('paper-jam')).toBe(true);
    expect(blocksPrinting(null)).toBe(false);
  });
});

describe('states and statuses', () => {
  it('printer-state as a keyword or as the enum number our IPP codec decodes', () => {
    expect(printerStateOf('idle')).toBe('idle');
    expect(printerStateOf(4)).toBe('printing');
    expect(printerStateOf('processing')).toBe('printing');
    expect(printerStateOf('stopped')).toBe('stopped');
    expect(printerStateOf(undefined)).toBe('stopped');
  });

  it('job-state', () => {
    expect(['pending', 'pending-held', 'processing', 'processing-stopped', 'canceled', 'aborted', 'completed'].map(jobStateOf)).toEqual([
      'pending',
      'held',
      'processing',
      'stopped',
      'canceled',
      'aborted',
      'completed',
    ]);
    expect([3, 4, 5, 6, 7, 8, 9].map(jobStateOf)).toEqual(['pending', 'held', 'processing', 'stopped', 'canceled', 'aborted', 'completed']);
  });

  it('IPP status codes', () => {
    expect(faultOfIppStatus('client-error-not-found')).toBe('no-printer');
    expect(faultOfIppStatus('server-error-not-accepting-jobs')).toBe('offline');
    expect(faultOfIppStatus('client-error-bad-request')).toBe('unknown');
  });

  it('has a French sentence for every fault', () => {
    for (const f of PRINT_FAULTS) expect(PRINT_FAULT_MESSAGES_FR[f]).toMatch(/\.$/);
  });
});
