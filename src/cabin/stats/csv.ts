// The month's figures as one CSV table (indicateur ; clé ; valeur) that a commune opens in a
// spreadsheet and pivots as it likes. Default: French spreadsheet conventions (";" between
// fields, decimal comma, UTF-8 with BOM so accents survive); `separator: ','` gives the
// international form (decimal point, no BOM).
import type { EndingReason, OutOfServiceReason } from '../../shared/session/types';
import { WEEKDAYS, type MonthlyStats } from './monthly';

export const ENDING_LABELS: Record<EndingReason, string> = {
  resident: 'terminée par l’usager',
  inactivity: 'inactivité',
  'cabin-empty': 'cabine vide (capteur)',
  'max-duration': 'durée maximale atteinte',
  'view-crashed': 'arrêt inattendu de la page',
  technician: 'interrompue par un technicien',
  'start-failed': 'échec au démarrage de la session',
};

export const OUT_OF_SERVICE_LABELS: Record<OutOfServiceReason, string> = {
  'invalid-config': 'configuration invalide',
  'wipe-failed': 'effacement échoué',
  'device-missing': 'appareil essentiel absent',
  'boot-failed': 'échec au démarrage',
  'storage-not-ram': 'dossier de session sur disque',
};

const DEVICE_LABELS: Record<string, string> = { printer: 'imprimante', scanner: 'scanner', occupancy: 'capteur de présence', badge: 'lecteur de badge' };
const FAULT_LABELS: Record<string, string> = {
  'paper-jam': 'bourrage papier',
  'out-of-paper': 'plus de papier',
  offline: 'hors ligne',
  'door-open': 'capot ouvert',
  'toner-low': 'encre ou toner bas',
  'job-aborted': 'impression abandonnée',
  'page-limit': 'limite de pages atteinte',
  'no-printer': 'imprimante introuvable',
  jammed: 'bourrage',
  'no-document': 'pas de document',
  'cover-open': 'capot ouvert',
  'device-gone': 'appareil débranché',
  timeout: 'délai dépassé',
  'disk-full': 'mémoire pleine',
  busy: 'occupé',
  'no-scanner': 'scanner introuvable',
  absent: 'absent',
  unknown: 'erreur inconnue',
};

export interface CsvOptions {
  separator?: ';' | ',';
}

export function statsToCsv(stats: MonthlyStats, options: CsvOptions = {}): string {
  const sep = options.separator ?? ';';
  const french = sep === ';';
  const num = (n: number, digits = 1) => {
    const s = Number.isInteger(n) ? String(n) : n.toFixed(digits);
    return french ? s.replace('.', ',') : s;
  };
  const cell = (v: string) => (v.includes(sep) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows: [string, string, string][] = [];
  const add = (indicator: string, key: string, value: string | number) => rows.push([indicator, key, typeof value === 'number' ? num(value) : value]);

  add('mois', '', stats.month);
  add('fuseau horaire', '', stats.timeZone);
  add('sessions', '', stats.sessions);
  for (const [id, n] of Object.entries(stats.byDemarche).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) add('sessions par démarche', id, n);
  add('sessions par démarche', '(aucune démarche ouverte)', stats.withoutDemarche);
  WEEKDAYS.forEach((day, i) => add('sessions par jour', day, stats.byWeekday[i]!));
  stats.byHour.forEach((n, h) => add('sessions par heure', `${String(h).padStart(2, '0')} h`, n));
  WEEKDAYS.forEach((day, d) =>
    stats.byWeekdayHour[d]!.forEach((n, h) => {
      if (n > 0) add('sessions par jour et heure', `${day} ${String(h).padStart(2, '0')} h`, n);
    }),
  );
  add('sessions accompagnées', '', stats.assisted);
  add('part des sessions accompagnées (%)', '', Math.round(stats.assistedShare * 1000) / 10);
  add('durée médiane (minutes)', '', stats.medianDurationS === null ? '' : num(Math.round((stats.medianDurationS / 60) * 10) / 10));
  for (const [reason, n] of Object.entries(stats.byEnding) as [EndingReason, number][]) add('fin de session', ENDING_LABELS[reason], n);
  add('pages imprimées', '', stats.pagesPrinted);
  add('pages numérisées', '', stats.pagesScanned);
  add('effacements réussis', '', stats.wipes.ok);
  add('effacements échoués', '', stats.wipes.failed);
  add('durée médiane d’effacement (secondes)', '', stats.wipes.medianDurationMs === null ? '' : num(Math.round(stats.wipes.medianDurationMs / 100) / 10));
  for (const [reason, n] of Object.entries(stats.outOfService) as [OutOfServiceReason, number][]) add('mises hors service', OUT_OF_SERVICE_LABELS[reason], n);
  for (const [key, n] of Object.entries(stats.deviceFaults).sort()) {
    const [device = '', fault = ''] = key.split(':');
    add('pannes d’appareil', `${DEVICE_LABELS[device] ?? device} : ${FAULT_LABELS[fault] ?? fault}`, n);
  }

  const lines = [['indicateur', 'clé', 'valeur'], ...rows].map((r) => r.map(cell).join(sep));
  return (french ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
