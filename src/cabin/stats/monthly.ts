// A month of the audit log, summed up for the commune's report: sessions per démarche, per
// weekday and hour (local time of the cabin), share of assisted sessions, median duration,
// ending reasons; plus pages, wipes and faults for the technician. Counts only, as the log.
import { ENDING_REASONS, OUT_OF_SERVICE_REASONS, type EndingReason, type OutOfServiceReason } from '../../shared/session/types';
import { addMonths, readAuditLog } from '../audit-log/log';
import type { AuditRecord } from '../audit-log/records';

export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

export interface MonthlyStats {
  /** `2026-11`, in the cabin's local time. */
  month: string;
  timeZone: string;
  sessions: number;
  /** Sessions that opened each démarche (a session may open several). */
  byDemarche: Record<string, number>;
  /** Sessions that ended before any démarche was opened. */
  withoutDemarche: number;
  /** Sessions by weekday of their start, Monday first. */
  byWeekday: number[];
  /** Sessions by hour of their start, 0–23. */
  byHour: number[];
  /** [weekday][hour]. */
  byWeekdayHour: number[][];
  assisted: number;
  /** assisted / sessions, 0 when there were none. */
  assistedShare: number;
  /** Median duration in seconds; null without sessions. */
  medianDurationS: number | null;
  byEnding: Record<EndingReason, number>;
  pagesPrinted: number;
  pagesScanned: number;
  wipes: { ok: number; failed: number; medianDurationMs: number | null };
  outOfService: Record<OutOfServiceReason, number>;
  /** `printer:paper-jam` → count. */
  deviceFaults: Record<string, number>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Building a formatter costs far more than using one: one per time zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local calendar facts of an instant in a time zone. */
export function localParts(date: Date, timeZone: string): { month: string; weekday: number; hour: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '');
  return { month: `${parts.year}-${parts.month}`, weekday, hour: Number(parts.hour) };
}

export function checkMonth(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}

export function checkTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The system's time zone (the cabin's clock), e.g. Europe/Paris. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function computeMonthlyStats(records: readonly AuditRecord[], month: string, timeZone: string): MonthlyStats {
  if (!checkMonth(month)) throw new Error(`mois invalide : ${month} (attendu : AAAA-MM)`);
  const zeros = (n: number) => Array.from({ length: n }, () => 0);
  const stats: MonthlyStats = {
    month,
    timeZone,
    sessions: 0,
    byDemarche: {},
    withoutDemarche: 0,
    byWeekday: zeros(7),
    byHour: zeros(24),
    byWeekdayHour: Array.from({ length: 7 }, () => zeros(24)),
    assisted: 0,
    assistedShare: 0,
    medianDurationS: null,
    byEnding: Object.fromEntries(ENDING_REASONS.map((r) => [r, 0])) as Record<EndingReason, number>,
    pagesPrinted: 0,
    pagesScanned: 0,
    wipes: { ok: 0, failed: 0, medianDurationMs: null },
    outOfService: Object.fromEntries(OUT_OF_SERVICE_REASONS.map((r) => [r, 0])) as Record<OutOfServiceReason, number>,
    deviceFaults: {},
  };
  const durations: number[] = [];
  const wipeDurations: number[] = [];
  for (const record of records) {
    const end = new Date(record.at);
    if (record.type === 'session-end') {
      // A session belongs to the month, weekday and hour it started in.
      const start = localParts(new Date(end.getTime() - record.durationS * 1000), timeZone);
      if (start.month !== month) continue;
      stats.sessions += 1;
      for (const d of new Set(record.demarches)) stats.byDemarche[d] = (stats.byDemarche[d] ?? 0) + 1;
      if (record.demarches.length === 0) stats.withoutDemarche += 1;
      stats.byWeekday[start.weekday]! += 1;
      stats.byHour[start.hour]! += 1;
      stats.byWeekdayHour[start.weekday]![start.hour]! += 1;
      if (record.assisted) stats.assisted += 1;
      durations.push(record.durationS);
      stats.byEnding[record.ending] += 1;
      stats.pagesPrinted += record.pagesPrinted;
      stats.pagesScanned += record.pagesScanned;
      continue;
    }
    if (localParts(end, timeZone).month !== month) continue;
    if (record.type === 'wipe') {
      if (record.ok) {
        stats.wipes.ok += 1;
        if (record.durationMs !== null) wipeDurations.push(record.durationMs);
      } else stats.wipes.failed += 1;
    } else if (record.type === 'out-of-service') {
      stats.outOfService[record.reason] += 1;
    } else if (record.type === 'device-fault') {
      const key = `${record.device}:${record.fault}`;
      stats.deviceFaults[key] = (stats.deviceFaults[key] ?? 0) + 1;
    }
  }
  stats.assistedShare = stats.sessions === 0 ? 0 : stats.assisted / stats.sessions;
  stats.medianDurationS = median(durations);
  stats.wipes.medianDurationMs = median(wipeDurations);
  return stats;
}

/** Reads the log files that may hold the month (a local month straddles two UTC months) and sums it up. */
export async function monthlyStatsFromLog(
  dir: string,
  month: string,
  timeZone: string,
): Promise<{ stats: MonthlyStats; skippedLines: number; files: string[] }> {
  if (!checkMonth(month)) throw new Error(`mois invalide : ${month} (attendu : AAAA-MM)`);
  const { records, skippedLines, files } = await readAuditLog(dir, [addMonths(month, -1), month, addMonths(month, 1)]);
  return { stats: computeMonthlyStats(records, month, timeZone), skippedLines, files };
}
