// The doctor's look at the fleet's config (issue 16): whether the cabin follows a fleet, which version it
// keeps, and what the last pull of the timer did. A refused or silent pull is a warning: the cabin goes
// on with the config it has, but the technician should know.
import { readFleetStatus, readKeptConfig } from '../../cabin/fleet/pull';
import { defaultStateDir } from '../../cabin/audit-log/log';
import type { CabinConfig } from '../../shared/config';

// The shapes of checks.ts (CheckContext, CheckResult), written out: checks.ts imports this file.
interface FleetCheckContext {
  config: CabinConfig;
  env: NodeJS.ProcessEnv;
}
interface FleetCheckResult {
  id: 'fleet';
  title: string;
  status: 'ok' | 'warning';
  message: string;
  details?: string[];
}

/** Past this, with a timer every 15 minutes, the pulls have stopped or keep failing. */
const SILENT_AFTER_MS = 3 * 3600_000;

export async function checkFleet(ctx: FleetCheckContext, now = new Date()): Promise<FleetCheckResult> {
  const title = 'Parc';
  const fleet = ctx.config.fleet;
  if (!fleet)
    return { id: 'fleet', title, status: 'ok', message: 'cette cabine ne suit pas de parc (pas de section « fleet ») : sa configuration est son fichier.' };
  const stateDir = ctx.config.paths.stateDir ?? defaultStateDir(ctx.env);
  const [status, kept] = await Promise.all([readFleetStatus(stateDir), readKeptConfig(stateDir)]);
  const keptLine = kept ? `configuration gardée : version ${kept.version} (reçue le ${kept.fetchedAt})` : 'aucune configuration du parc gardée';
  if (!status) {
    return {
      id: 'fleet',
      title,
      status: 'warning',
      message: `suit ${fleet.url}, mais aucune récupération n’a encore eu lieu : le minuteur est-il activé ? (systemctl enable --now cabine-fleet-pull.timer)`,
      details: [keptLine],
    };
  }
  const details = [keptLine, `dernière récupération : ${status.checkedAt} — ${status.detail}`, ...status.problems.map((p) => `${p.path} : ${p.message}`)];
  const ok = status.outcome === 'applied' || status.outcome === 'unchanged';
  if (!ok)
    return {
      id: 'fleet',
      title,
      status: 'warning',
      message: `la dernière récupération n’a rien changé (${status.detail}) ; la cabine garde sa configuration.`,
      details,
    };
  const last = status.lastSuccessAt ? Date.parse(status.lastSuccessAt) : 0;
  if (now.getTime() - last > SILENT_AFTER_MS) {
    return {
      id: 'fleet',
      title,
      status: 'warning',
      message: `aucune récupération réussie depuis plus de 3 h (${status.lastSuccessAt ?? 'jamais'}) : le minuteur tourne-t-il ?`,
      details,
    };
  }
  return { id: 'fleet', title, status: 'ok', message: `suit ${fleet.url} ; ${keptLine}.`, details: details.slice(1) };
}
