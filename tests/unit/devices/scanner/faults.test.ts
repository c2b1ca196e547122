// scanimage's exit codes (the SANE status of the failed call) and messages → ScanFault. The stderr lines are
// the ones scanimage 1.1.1 printed here against the SANE test backend (see tests/integration/scanner).
import { describe, expect, it } from 'vitest';
import { SCAN_FAULTS } from '../../../../src/shared/session';
import { isDiskFull, SCAN_FAULT_MESSAGES_FR, scanFaultFromOutcome } from '../../../../src/devices/scanner/faults';
import { parseScannerList } from '../../../../src/devices/scanner/list';

const exit = (code: number | null, stderr: string, signal: NodeJS.Signals | null = null) => scanFaultFromOutcome({ code, signal, stderr });

describe('scanFaultFromOutcome', () => {
  it.each([
    [6, 'scanimage: sane_read: Document feeder jammed', 'jammed'],
    [7, 'scanimage: sane_read: Document feeder out of documents', 'no-document'],
    [8, 'scanimage: sane_read: Scanner cover is open', 'cover-open'],
    [9, 'scanimage: sane_read: Error during device I/O', 'device-gone'],
    [3, 'scanimage: sane_read: Device busy', 'busy'],
    [1, 'scanimage: open of device test:7 failed: Invalid argument', 'device-gone'],
    [1, 'scanimage: open of device epson2:libusb:001:004 failed: Device busy', 'busy'],
    [7, 'scanimage: sane_start: Document feeder out of documents', 'no-document'],
    [1, 'scanimage: no SANE devices found', 'no-scanner'],
    [10, 'scanimage: sane_read: Out of memory', 'unknown'],
    [4, 'scanimage: sane_read: Invalid argument', 'unknown'],
  ] as const)('exit %i "%s" → %s', (code, stderr, fault) => {
    expect(exit(code, stderr)).toBe(fault);
  });

  it('a scanimage killed by a signal nobody here sent: the device took it down', () => {
    expect(exit(null, '', 'SIGKILL')).toBe('device-gone');
    expect(exit(null, 'scanimage: received signal 15', 'SIGTERM')).toBe('device-gone');
  });

  it('disk-full errors', () => {
    expect(isDiskFull(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('x'), { code: 'EDQUOT' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });

  it('has a French sentence for every fault', () => {
    for (const f of SCAN_FAULTS) expect(SCAN_FAULT_MESSAGES_FR[f]).toMatch(/\.$/);
  });
});

describe('parseScannerList', () => {
  it('reads scanimage -f "%d\\t%v\\t%m\\t%t%n" output', () => {
    const text = 'test:0\tNoname\tfrontend-tester\tvirtual device\ntest:1\tNoname\tfrontend-tester\tvirtual device\n';
    expect(parseScannerList(text)).toEqual([
      { device: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
      { device: 'test:1', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
    ]);
    expect(parseScannerList('')).toEqual([]);
  });
});
