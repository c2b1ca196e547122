// The doctor's look at updates (issue 16): whether apt's runs go through the update gate (so they wait for the end
// of a session), whether unattended-upgrades follows the project's repository, and what the last update did — a
// rollback, a failed one, or updates put off by sessions that last too long.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_RUN_DIR } from '../../cabin/update/gate';
import { pinnedAwayVersions, readLastUpdate, updateStatusDir } from '../../cabin/update/status';

// The shapes of checks.ts (CheckContext, CheckResult), written out: checks.ts imports this file.
interface UpdateCheckContext {
  env: NodeJS.ProcessEnv;
}
interface UpdateCheckResult {
  id: 'update';
  title: string;
  status: 'ok' | 'warning' | 'error';
  message: string;
  details?: string[];
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
const when = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export async function checkUpdates(ctx: UpdateCheckContext): Promise<UpdateCheckResult> {
  const title = 'Mises à jour';
  const aptEtc = ctx.env.CABINE_APT_ETC || '/etc/apt';
  const runDir = ctx.env.CABINE_RUN_DIR || DEFAULT_RUN_DIR;
  const [gate, unattended, run, last, pinned] = await Promise.all([
    exists(path.join(aptEtc, 'apt.conf.d', '60cabine-update-gate')),
    exists(path.join(aptEtc, 'apt.conf.d', '52cabine-unattended-upgrades')),
    exists(path.join(runDir, 'cabin')),
    readLastUpdate(updateStatusDir(ctx.env)),
    pinnedAwayVersions(path.join(aptEtc, 'preferences.d')),
  ]);
  const details: string[] = [];
  if (!unattended) details.push('unattended-upgrades ne suit pas le dépôt de Cabine (52cabine-unattended-upgrades absent) : mises à jour à la main seulement.');
  for (const version of pinned)
    details.push(
      `version ${version} écartée après un retour arrière (pour l’autoriser de nouveau : supprimer ${path.join(aptEtc, 'preferences.d', `cabine-rollback-${version}.pref`)}).`,
    );
  if (last)
    details.push(
      `dernière mise à jour : ${last.outcome}, ${last.from || '?'} → ${last.to || '?'}${last.reason ? ` (${last.reason})` : ''}, le ${when(last.at)}.`,
    );
  const problem = (status: 'warning' | 'error', message: string): UpdateCheckResult => ({ id: 'update', title, status, message, details });

  if (!gate || !run)
    return problem(
      'warning',
      `${!gate ? 'apt ne passe pas par la barrière de mise à jour (60cabine-update-gate absent)' : `${runDir}/cabin absent`} : une mise à jour peut redémarrer la cabine pendant une session. Installez-la avec setup-kiosk.sh.`,
    );
  if (last?.outcome === 'rollback-failed' || last?.outcome === 'no-previous-package')
    return problem('error', `la version ${last.to} n’a pas démarré et le retour à ${last.from} n’a pas pu se faire : journalctl -u cabine-update-check.`);
  if (last?.outcome === 'rolled-back')
    return problem('warning', `la version ${last.to} n’a pas démarré (${last.reason}) : la cabine est revenue à ${last.from}, qui tourne.`);
  if (last?.outcome === 'deferred')
    return problem('warning', 'la dernière mise à jour a été reportée : une session durait plus que l’attente permise. unattended-upgrades réessaiera.');
  return {
    id: 'update',
    title,
    status: 'ok',
    message: 'apt attend la fin des sessions pour installer ; un paquet cabine qui ne démarre pas est retiré.',
    ...(details.length ? { details } : {}),
  };
}
