// cabine stats export --month 2026-11: the month's figures for the commune, as CSV.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultStateDir } from '../../cabin/audit-log/log';
import { checkMonth, checkTimeZone, monthlyStatsFromLog, statsToCsv, systemTimeZone } from '../../cabin/stats';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadConfig } from '../load-config';

export const STATS_HELP = `Usage : cabine stats export --month AAAA-MM [--out FICHIER.csv] [--config FICHIER]
        [--state-dir DOSSIER] [--tz Europe/Paris] [--separator ';'|',']
  Les chiffres du mois pour le rapport de la commune : sessions par démarche, par jour et heure,
  part des sessions accompagnées, durée médiane, motifs de fin, pages, effacements, pannes.
  Par défaut « ; » et virgule décimale (tableur en français) ; « --separator , » pour le format international.
`;

export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export')
    throw new UsageError(sub ? `sous-commande inconnue : stats ${sub}` : 'il manque la sous-commande : cabine stats export --month AAAA-MM');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      month: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'state-dir': { type: 'string' },
      tz: { type: 'string' },
      separator: { type: 'string', default: ';' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`argument inattendu : ${positionals[0]}`);
  if (!values.month || !checkMonth(values.month)) throw new UsageError('donnez le mois : --month AAAA-MM (par exemple --month 2026-11)');
  if (values.separator !== ';' && values.separator !== ',') throw new UsageError('--separator vaut « ; » ou « , »');
  const timeZone = values.tz ?? systemTimeZone();
  if (!checkTimeZone(timeZone)) throw new UsageError(`fuseau horaire inconnu : ${timeZone} (par exemple Europe/Paris)`);

  let stateDir = values['state-dir'] ? path.resolve(io.cwd, values['state-dir']) : undefined;
  if (!stateDir) {
    const loaded = await loadConfig(values.config, io);
    if (!loaded.ok) {
      io.stderr(`${loaded.file} : configuration invalide (cabine config validate ${loaded.file}) ; donnez --state-dir.\n`);
      return EXIT.problems;
    }
    stateDir = loaded.config.paths.stateDir ?? defaultStateDir(io.env);
  }
  const { stats, skippedLines, files } = await monthlyStatsFromLog(stateDir, values.month, timeZone);
  const csv = statsToCsv(stats, { separator: values.separator });
  if (values.out) {
    const file = path.resolve(io.cwd, values.out);
    await writeFile(file, csv, 'utf8');
    io.stderr(`${file} : ${stats.sessions} session(s) en ${values.month} (${timeZone}).\n`);
  } else {
    io.stdout(csv);
  }
  if (files.length === 0) io.stderr(`Aucun journal d’audit dans ${stateDir} pour cette période.\n`);
  if (skippedLines > 0) io.stderr(`${skippedLines} ligne(s) illisible(s) du journal ignorée(s) (ligne coupée par une coupure de courant ?).\n`);
  return EXIT.ok;
}
