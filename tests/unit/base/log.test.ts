// Journal lines carry their syslog priority only when stdout is the journal.
import { describe, expect, it } from 'vitest';
import { journalLine, stdoutIsJournal } from '../../../src/base/log';
import { storageEventLevel } from '../../../src/cabin/storage';

describe('journal lines', () => {
  it('prefix each line with <priority> when stdout is the journal, nothing otherwise', () => {
    expect(journalLine('wipe attempt 1 failed', 'err', true)).toBe('<3>wipe attempt 1 failed');
    expect(journalLine('a\nb', 'warning', true)).toBe('<4>a\n<4>b');
    expect(journalLine('config: /etc/cabine/config.yaml', undefined, true)).toBe('<6>config: /etc/cabine/config.yaml');
    expect(journalLine('wipe attempt 1 failed', 'err', false)).toBe('wipe attempt 1 failed');
  });

  it('knows the journal by JOURNAL_STREAM, as systemd sets it for a unit’s output', () => {
    expect(stdoutIsJournal({ JOURNAL_STREAM: '8:12345' })).toBe(true);
    expect(stdoutIsJournal({})).toBe(false);
  });

  it('a failed wipe is an error, a failed pre-warm a warning, a good wipe routine', () => {
    const wipe = { event: 'wipe', attempt: 1, problems: 0, durationMs: 10, files: 0, bytes: 0, phasesMs: {} } as const;
    expect(storageEventLevel({ ...wipe, ok: false })).toBe('err');
    expect(storageEventLevel({ ...wipe, ok: true })).toBe('info');
    expect(storageEventLevel({ event: 'prewarm', ok: false, durationMs: 5, error: 'x' })).toBe('warning');
    expect(storageEventLevel({ event: 'prewarm', ok: true, durationMs: 5 })).toBe('debug');
  });
});
