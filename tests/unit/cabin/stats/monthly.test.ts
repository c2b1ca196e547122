// The commune's monthly figures, from an audit log written by the real AuditLog: by démarche,
// weekday and hour in the cabin's local time (a local month straddles two UTC files), share of
// assisted sessions, median duration, ending reasons; then the CSV a spreadsheet opens.
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type RecordFields } from '../../../../src/cabin/audit-log';
import { computeMonthlyStats, localParts, median, monthlyStatsFromLog, statsToCsv, type MonthlyStats } from '../../../../src/cabin/stats';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-stats-', { per: 'file' });
let stats: MonthlyStats;
let skipped: number;

type End = RecordFields<'session-end'>;
const session = (over: Partial<End>): End => ({
  demarches: ['caf'],
  durationS: 600,
  ending: 'resident',
  assisted: false,
  pagesPrinted: 0,
  printJobs: 0,
  pagesScanned: 0,
  scans: 0,
  downloads: 0,
  ...over,
});

beforeAll(async () => {
  let clock = new Date();
  const log = new AuditLog({ dir: dir(), now: () => clock });
  const end = (iso: string, fields: Partial<End>) => {
    clock = new Date(iso);
    log.sessionEnd(session(fields));
  };
  // Starts 2026-11-01 00:30 in Paris (Sunday), 23:30 UTC the day before: in the October file, November's figures.
  end('2026-10-31T23:40Z', { durationS: 600, demarches: ['impots'] });
  // Monday 2 November, 14:00 Paris (13:00 UTC), ten minutes.
  end('2026-11-02T13:10Z', { durationS: 600, demarches: ['caf'], pagesPrinted: 3, printJobs: 1 });
  // Monday 14:20 Paris, two démarches, assisted, 20 minutes.
  end('2026-11-02T13:40Z', { durationS: 1200, demarches: ['caf', 'ameli'], assisted: true, ending: 'inactivity', pagesScanned: 2, scans: 1 });
  // Tuesday 09:05 Paris, no démarche opened, 1 minute, cabin emptied.
  end('2026-11-03T08:06Z', { durationS: 60, demarches: [], ending: 'cabin-empty' });
  // Saturday 7, 10:00 Paris, 30 minutes.
  end('2026-11-07T09:30Z', { durationS: 1800, demarches: ['impots'], ending: 'max-duration' });
  // Starts 1 December 00:30 Paris (30 Nov 23:30 UTC): December's, though in the November file.
  end('2026-11-30T23:45Z', { durationS: 900, demarches: ['caf'] });
  // Wipes, an out-of-service and faults in November.
  clock = new Date('2026-11-02T13:11Z');
  log.wipe({ ok: true, attempt: 1, durationMs: 800, files: 3, bytes: 100 });
  log.wipe({ ok: true, attempt: 1, durationMs: 1200, files: 3, bytes: 100 });
  log.wipe({ ok: false, attempt: 1, durationMs: null, files: null, bytes: null });
  log.outOfService({ reason: 'wipe-failed' });
  log.deviceFault({ device: 'printer', fault: 'paper-jam' });
  log.deviceFault({ device: 'printer', fault: 'paper-jam' });
  log.deviceFault({ device: 'scanner', fault: 'absent' });
  log.close();
  const read = await monthlyStatsFromLog(dir(), '2026-11', 'Europe/Paris');
  stats = read.stats;
  skipped = read.skippedLines;
});

describe('monthly statistics', () => {
  it('counts the sessions that started in the local month', () => {
    expect(skipped).toBe(0);
    expect(stats.sessions).toBe(5);
  });

  it('counts sessions per démarche (each démarche a session opened) and those without any', () => {
    expect(stats.byDemarche).toEqual({ impots: 2, caf: 2, ameli: 1 });
    expect(stats.withoutDemarche).toBe(1);
  });

  it('by weekday and hour of the start, in local time', () => {
    // lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche
    expect(stats.byWeekday).toEqual([2, 1, 0, 0, 0, 1, 1]);
    expect(stats.byHour[0]).toBe(1);
    expect(stats.byHour[14]).toBe(2);
    expect(stats.byHour[9]).toBe(1);
    expect(stats.byHour[10]).toBe(1);
    expect(stats.byHour.reduce((a, b) => a + b)).toBe(5);
    expect(stats.byWeekdayHour[0]![14]).toBe(2);
    expect(stats.byWeekdayHour[6]![0]).toBe(1);
  });

  it('share of assisted sessions, median duration, ending reasons', () => {
    expect(stats.assisted).toBe(1);
    expect(stats.assistedShare).toBeCloseTo(0.2);
    // 60, 600, 600, 1200, 1800
    expect(stats.medianDurationS).toBe(600);
    expect(stats.byEnding).toMatchObject({ resident: 2, inactivity: 1, 'cabin-empty': 1, 'max-duration': 1, 'view-crashed': 0 });
  });

  it('pages, wipes, out-of-service and faults', () => {
    expect(stats.pagesPrinted).toBe(3);
    expect(stats.pagesScanned).toBe(2);
    expect(stats.wipes).toEqual({ ok: 2, failed: 1, medianDurationMs: 1000 });
    expect(stats.outOfService['wipe-failed']).toBe(1);
    expect(stats.deviceFaults).toEqual({ 'printer:paper-jam': 2, 'scanner:absent': 1 });
  });

  it('a month without sessions', () => {
    const empty = computeMonthlyStats([], '2026-02', 'Europe/Paris');
    expect(empty.sessions).toBe(0);
    expect(empty.assistedShare).toBe(0);
    expect(empty.medianDurationS).toBeNull();
  });

  it('refuses a malformed month', () => {
    expect(() => computeMonthlyStats([], '2026-13', 'Europe/Paris')).toThrow(/mois invalide/);
  });

  it('median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('local parts across the DST change', () => {
    // 25 October 2026, 03:00 CEST becomes 02:00 CET.
    expect(localParts(new Date('2026-10-25T00:30Z'), 'Europe/Paris')).toEqual({ month: '2026-10', weekday: 6, hour: 2 });
    expect(localParts(new Date('2026-10-25T01:30Z'), 'Europe/Paris')).toEqual({ month: '2026-10', weekday: 6, hour: 2 });
    expect(localParts(new Date('2026-10-25T02:30Z'), 'Europe/Paris')).toEqual({ month: '2026-10', weekday: 6, hour: 3 });
  });
});

describe('CSV', () => {
  const rows = (csv: string, sep: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(sep));

  it('French spreadsheet form: BOM, semicolons, decimal comma', () => {
    const csv = statsToCsv(stats);
    expect(csv.startsWith('\uFEFFindicateur;clé;valeur\r\n')).toBe(true);
    const r = rows(csv, ';');
    const value = (indicator: string, key = '') => r.find(([i, k]) => i === indicator && k === key)?.[2];
    expect(value('mois')).toBe('2026-11');
    expect(value('sessions')).toBe('5');
    expect(value('sessions par démarche', 'caf')).toBe('2');
    expect(value('sessions par démarche', '(aucune démarche ouverte)')).toBe('1');
    expect(value('sessions par jour', 'lundi')).toBe('2');
    expect(value('sessions par jour', 'mercredi')).toBe('0');
    expect(value('sessions par heure', '14 h')).toBe('2');
    expect(value('sessions par jour et heure', 'lundi 14 h')).toBe('2');
    expect(value('part des sessions accompagnées (%)')).toBe('20');
    expect(value('durée médiane (minutes)')).toBe('10');
    expect(value('fin de session', 'inactivité')).toBe('1');
    expect(value('fin de session', 'cabine vide (capteur)')).toBe('1');
    expect(value('effacements échoués')).toBe('1');
    expect(value('durée médiane d’effacement (secondes)')).toBe('1');
    expect(value('pannes d’appareil', 'imprimante : bourrage papier')).toBe('2');
    // Every row has three cells.
    for (const row of r) expect(row).toHaveLength(3);
  });

  it('international form: commas, decimal point, no BOM', () => {
    const one = { ...stats, assistedShare: 1 / 3, medianDurationS: 610 };
    const csv = statsToCsv(one, { separator: ',' });
    expect(csv.startsWith('indicateur,clé,valeur')).toBe(true);
    const r = rows(csv, ',');
    expect(r.find(([i]) => i === 'part des sessions accompagnées (%)')?.[2]).toBe('33.3');
    expect(r.find(([i]) => i === 'durée médiane (minutes)')?.[2]).toBe('10.2');
    for (const row of r) expect(row).toHaveLength(3);
  });
});
