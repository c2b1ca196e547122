// cabine doctor: is this cabin ready to welcome residents? Each check answers ok, warning or
// error in French; the exit code is 1 when any check is an error.
import { parseArgs } from 'node:util';
import { formatFileProblems } from '../../cabin/config-file';
import { CHECK_IDS, CHECKS, type CheckContext, type CheckId, type CheckResult } from '../doctor/checks';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadConfig } from '../load-config';

export const DOCTOR_HELP = `Usage : cabine doctor [--config FICHIER] [--json] [--skip VÉRIF]… [--cupsd-conf FICHIER]
  Vérifie la cabine : configuration, codes, appel d'un référent (webhook), dossier de session en mémoire
  vive, swap, journal d'audit, imprimante (file CUPS) et confidentialité de CUPS, scanner, capteur de
  présence, lecteur de badge, résolution des sites des démarches, binaire Electron, métriques.
  Code de sortie : 0 sans erreur (avertissements possibles), 1 s'il y a au moins une erreur.
  Vérifications : ${CHECK_IDS.join(', ')}
`;

const LABEL = { ok: '[  OK  ]', warning: '[ AVERT]', error: '[ERREUR]' } as const;

export function formatResults(results: readonly CheckResult[]): string {
  const lines = results.map((r) => `${LABEL[r.status]} ${r.title} : ${r.message}${(r.details ?? []).map((d) => `\n           - ${d}`).join('')}`);
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  const [ok, warnings, errors] = [count('ok'), count('warning'), count('error')];
  lines.push(`Bilan : ${ok} OK, ${warnings} avertissement${warnings > 1 ? 's' : ''}, ${errors} erreur${errors > 1 ? 's' : ''}.`);
  return lines.join('\n') + '\n';
}

export async function runDoctor(ctx: CheckContext, skip: ReadonlySet<string> = new Set()): Promise<CheckResult[]> {
  const ids = CHECK_IDS.filter((id) => !skip.has(id));
  // Independent checks run together: the slow ones (DNS, scanner) overlap.
  return Promise.all(ids.map((id) => CHECKS[id](ctx)));
}

export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      skip: { type: 'string', multiple: true, default: [] },
      'cupsd-conf': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`argument inattendu : ${positionals[0]}`);
  const skip = new Set(values.skip);
  for (const id of skip)
    if (!(CHECK_IDS as readonly string[]).includes(id)) throw new UsageError(`vérification inconnue : ${id} (possibles : ${CHECK_IDS.join(', ')})`);

  const loaded = await loadConfig(values.config, io);
  const results: CheckResult[] = [];
  if (!loaded.ok) {
    results.push({
      id: 'config',
      title: 'Configuration',
      status: 'error',
      message: `${loaded.file} : ${loaded.problems.length} problème(s) ; les autres vérifications attendent une configuration valide.`,
      details: formatFileProblems(loaded.problems).split('\n'),
    });
  } else {
    results.push(
      loaded.file
        ? {
            id: 'config',
            title: 'Configuration',
            status: 'ok',
            message: `${loaded.file} est valide — cabine « ${loaded.config.cabin.id} » (${loaded.config.cabin.commune.name}), ${loaded.config.catalog.length} démarche(s).`,
          }
        : {
            id: 'config',
            title: 'Configuration',
            status: 'warning',
            message: 'aucun fichier (ni --config, ni CABINE_CONFIG, ni /etc/cabine/config.yaml) : configuration de démonstration intégrée.',
          },
    );
    const ctx: CheckContext = { config: loaded.config, env: io.env, ...(values['cupsd-conf'] ? { cupsdConf: values['cupsd-conf'] } : {}) };
    results.push(...(await runDoctor(ctx, skip)));
  }
  if (values.json) io.stdout(JSON.stringify({ results, errors: results.filter((r) => r.status === 'error').length }, null, 2) + '\n');
  else io.stdout(formatResults(results));
  return results.some((r) => r.status === 'error') ? EXIT.problems : EXIT.ok;
}

export type { CheckId };
