// The config the cabin starts on: --config FILE, else $CABINE_CONFIG, else /etc/cabine/config.yaml,
// else the embedded default (the demo config `npm start` runs on). A file that does not validate
// never starts a resident session: the cabin shows out-of-service with the problems.
// A cabin whose file has a `fleet` section starts on the config it kept from the fleet (issue 16,
// src/cabin/fleet/pull.ts) when there is one for this cabin and this fleet and it still validates;
// otherwise on its own file, and says why.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultStateDir } from './audit-log/log';
import { readConfigFile, resolveConfigPath, type ConfigFileProblem } from './config-file';
import { readKeptConfig } from './fleet/pull';
import { defaultConfig, validateConfig, type CabinConfig } from '../shared/config';

/** Which fleet config the cabin runs, or why it runs its own file although it follows a fleet. */
export type FleetStartup = { following: true; version: number; fetchedAt: string } | { following: false; why: string };

export type StartupConfig =
  | { ok: true; config: CabinConfig; file: string | null; fleet?: FleetStartup & { own: CabinConfig } }
  | { ok: false; file: string; problems: ConfigFileProblem[] };

export async function loadStartupConfig(named: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<StartupConfig> {
  const where = resolveConfigPath(named ? path.resolve(cwd, named) : undefined, env, existsSync);
  if (!where) {
    const embedded = validateConfig(defaultConfig);
    if (!embedded.ok) throw new Error('the embedded default config is invalid');
    return { ok: true, config: embedded.config, file: null };
  }
  const result = await readConfigFile(where.file);
  if (!result.ok) return { ok: false, file: where.file, problems: result.problems };
  if (!result.config.fleet) return { ok: true, config: result.config, file: where.file };
  const fleet = await fleetConfig(result.config, env);
  return { ok: true, config: fleet.ok ? fleet.config : result.config, file: where.file, fleet: { ...fleet.startup, own: result.config } };
}

/** The config kept from the fleet, if it belongs to this cabin and this fleet and still validates. */
export async function fleetConfig(
  own: CabinConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: true; config: CabinConfig; startup: FleetStartup } | { ok: false; startup: FleetStartup }> {
  const stateDir = own.paths.stateDir ?? defaultStateDir(env);
  const kept = await readKeptConfig(stateDir);
  const own_ = (why: string) => ({ ok: false as const, startup: { following: false as const, why } });
  if (!kept) return own_('aucune configuration du parc reçue pour l’instant');
  if (kept.url !== own.fleet?.url) return own_(`la configuration gardée vient d’un autre parc (${kept.url})`);
  const valid = validateConfig(kept.config);
  if (!valid.ok)
    return own_(`la configuration du parc gardée (version ${kept.version}) ne se valide plus : ${valid.problems[0]!.path} : ${valid.problems[0]!.message}`);
  const cabin = valid.config.cabin.id;
  if (cabin !== own.cabin.id) return own_(`la configuration gardée est celle d’une autre cabine (${cabin})`);
  // The cabin's own fleet section (the trust anchor) and paths: the kept ones were merged from them, but keep today's.
  return {
    ok: true,
    config: { ...valid.config, fleet: own.fleet, paths: own.paths },
    startup: { following: true, version: kept.version, fetchedAt: kept.fetchedAt },
  };
}

/** For the metrics: the fleet version the cabin runs (null: its own file), when it follows a fleet. */
export function fleetRunning(startup: StartupConfig): { running: number | null } | undefined {
  if (!startup.ok || !startup.fleet) return undefined;
  return { running: startup.fleet.following ? startup.fleet.version : null };
}

/** One line for the journal: which config the cabin runs. */
export function describeStartup(startup: StartupConfig): string {
  if (!startup.ok) return `config ${startup.file} does not validate (${startup.problems.length} problem(s)): the cabin shows out of service`;
  const file = `config: ${startup.file ?? 'the embedded demo config'}`;
  if (!startup.fleet) return file;
  return startup.fleet.following
    ? `${file}, following the fleet: version ${startup.fleet.version} (fetched ${startup.fleet.fetchedAt})`
    : `${file}, its own (fleet: ${startup.fleet.why})`;
}

/** `--config FILE` or `--config=FILE` among the process arguments. */
export function configArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') return argv[i + 1];
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return undefined;
}
