// The audit log on a real file system: append-only JSON lines, 0600 files in a 0700 directory,
// rotation by month and by size, old months removed, torn lines skipped when read back.
import { chmod, readFile, readdir, stat, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths, AuditLog, AuditRecordRejected, readAuditLog } from '../../../../src/cabin/audit-log';
import { useScratchDir } from '../../../support/scratch';

const scratch = useScratchDir('cabine-audit-');
const dir = () => path.join(scratch(), 'state');
let clock: Date;
const now = () => clock;

beforeEach(() => {
  clock = new Date('2026-11-03T14:07:30Z');
});

describe('AuditLog', () => {
  it('appends JSON lines to a 0600 file in a 0700 directory', async () => {
    const log = new AuditLog({ dir: dir(), now });
    log.sessionStart({ assisted: false });
    clock = new Date('2026-11-03T14:19:02Z');
    log.sessionEnd({
      demarches: ['caf'],
      durationS: 692,
      ending: 'resident',
      assisted: false,
      pagesPrinted: 2,
      printJobs: 1,
      pagesScanned: 1,
      scans: 1,
      downloads: 0,
    });
    log.close();
    expect((await stat(dir())).mode & 0o777).toBe(0o700);
    const file = path.join(dir(), 'audit-2026-11.jsonl');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { v: 1, type: 'session-start', at: '2026-11-03T14:07Z', assisted: false },
      {
        v: 1,
        type: 'session-end',
        at: '2026-11-03T14:19Z',
        demarches: ['caf'],
        durationS: 692,
        ending: 'resident',
        assisted: false,
        pagesPrinted: 2,
        printJobs: 1,
        pagesScanned: 1,
        scans: 1,
        downloads: 0,
      },
    ]);
  });

  it('never rewrites: a new log object appends after what is there', async () => {
    new AuditLog({ dir: dir(), now }).boot({ version: '0.1.0' });
    const second = new AuditLog({ dir: dir(), now });
    second.outOfService({ reason: 'wipe-failed' });
    second.close();
    const { records } = await readAuditLog(dir());
    expect(records.map((r) => r.type)).toEqual(['boot', 'out-of-service']);
  });

  it('tightens a state directory created too open', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir(), { mode: 0o755 });
    await chmod(dir(), 0o755);
    new AuditLog({ dir: dir(), now }).close();
    expect((await stat(dir())).mode & 0o777).toBe(0o700);
  });

  it('refuses a record with an extra field and writes nothing', async () => {
    const log = new AuditLog({ dir: dir(), now, knownDemarches: ['caf', 'impots'] });
    expect(() => log.append('session-start', { assisted: false, url: 'https://www.caf.fr/' } as never)).toThrow(AuditRecordRejected);
    expect(() =>
      log.sessionEnd({
        demarches: ['ameli'],
        durationS: 1,
        ending: 'resident',
        assisted: false,
        pagesPrinted: 0,
        printJobs: 0,
        pagesScanned: 0,
        scans: 0,
        downloads: 0,
      }),
    ).toThrow(/not in the catalog/);
    expect(() => log.append('user-typed' as never, {} as never)).toThrow(AuditRecordRejected);
    log.close();
    expect(await readdir(dir())).toEqual([]);
  });

  it('starts a new file each month (UTC)', async () => {
    const log = new AuditLog({ dir: dir(), now });
    log.sessionStart({ assisted: false });
    clock = new Date('2026-11-30T23:59:59Z');
    log.sessionStart({ assisted: true });
    clock = new Date('2026-12-01T00:00:01Z');
    log.sessionStart({ assisted: false });
    log.close();
    expect((await readdir(dir())).sort()).toEqual(['audit-2026-11.jsonl', 'audit-2026-12.jsonl']);
    expect((await readAuditLog(dir(), ['2026-12'])).records).toHaveLength(1);
    expect((await readAuditLog(dir(), ['2026-11'])).records).toHaveLength(2);
  });

  it('starts a new part when a file reaches its size limit', async () => {
    const log = new AuditLog({ dir: dir(), now, maxFileBytes: 200 });
    for (let i = 0; i < 12; i++) log.wipe({ ok: true, attempt: 1, durationMs: 800 + i, files: 3, bytes: 4096 });
    log.close();
    const files = (await readdir(dir())).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain('audit-2026-11.jsonl');
    expect(files).toContain('audit-2026-11.1.jsonl');
    for (const f of files) expect((await stat(path.join(dir(), f))).size).toBeLessThanOrEqual(200);
    // Read back in order across parts.
    const { records } = await readAuditLog(dir());
    expect(records.map((r) => (r.type === 'wipe' ? r.durationMs : null))).toEqual(Array.from({ length: 12 }, (_, i) => 800 + i));
    // A new log object continues in the last part.
    new AuditLog({ dir: dir(), now, maxFileBytes: 200 }).sessionStart({ assisted: false });
    expect((await readdir(dir())).length).toBe(files.length);
  });

  it('removes months older than keepMonths', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir(), { recursive: true });
    for (const m of ['2024-09', '2024-10', '2025-11', '2026-10']) await writeFile(path.join(dir(), `audit-${m}.jsonl`), '', { mode: 0o600 });
    await writeFile(path.join(dir(), 'notes.txt'), 'not ours');
    new AuditLog({ dir: dir(), now, keepMonths: 13 }).sessionStart({ assisted: false });
    expect((await readdir(dir())).sort()).toEqual(['audit-2025-11.jsonl', 'audit-2026-10.jsonl', 'audit-2026-11.jsonl', 'notes.txt']);
  });

  it('skips a torn last line (power cut) and counts it', async () => {
    const log = new AuditLog({ dir: dir(), now });
    log.sessionStart({ assisted: false });
    log.close();
    await appendFile(path.join(dir(), 'audit-2026-11.jsonl'), '{"v":1,"type":"session-end","at":"2026-11-03T14:');
    new AuditLog({ dir: dir(), now }).sessionStart({ assisted: true });
    const { records, skippedLines } = await readAuditLog(dir());
    expect(skippedLines).toBe(1);
    // The record after the torn line starts on a line of its own: nothing else is lost.
    expect(records.map((r) => r.type === 'session-start' && r.assisted)).toEqual([false, true]);
  });

  it('reads nothing from a directory that does not exist yet', async () => {
    expect(await readAuditLog(path.join(dir(), 'nope'))).toEqual({ records: [], skippedLines: 0, files: [] });
  });

  it('adds months', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -24)).toBe('2024-11');
  });
});
