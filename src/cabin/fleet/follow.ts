// Applying the fleet's config between sessions (issue 16). The timer's pull (pull.ts) only keeps a new
// config on disk; the running cabin looks at what is kept and, when it is a version other than the one
// it runs and would validate for this cabin, asks for a restart at the next idle moment — on the attract
// screen, which the session machine reaches only after a verified wipe (src/cabin/relaunch.ts). The
// new process starts on it (startup-config.ts). Never while a resident is in a session.
import type { CabinConfig } from '../../shared/config';
import { defaultStateDir } from '../audit-log/log';
import { fleetConfig } from '../startup-config';
import { readKeptConfig } from './pull';

export interface FollowOptions {
  /** The cabin's own file's config (its fleet section and id). */
  own: CabinConfig;
  /** The fleet version the cabin runs (null: its own file). */
  running: number | null;
  /** A new version is kept and valid: restart between sessions to apply it. */
  onNewVersion: (version: number) => void;
  env?: NodeJS.ProcessEnv;
  /** How often to look (the timer pulls every 15 min or so; a look is one small file read). */
  everyMs?: number;
  log?: (message: string) => void;
}

export interface FleetFollower {
  /** One look now (the interval does the same). */
  check(): Promise<void>;
  stop(): void;
}

export function followFleetConfig(options: FollowOptions): FleetFollower {
  let announced: number | null = null;
  let stopped = false;
  const stateDir = options.own.paths.stateDir ?? defaultStateDir(options.env);
  const check = async () => {
    if (stopped) return;
    // Most looks find the version it runs or has announced: one small read, no validation.
    const version = (await readKeptConfig(stateDir))?.version;
    if (version === undefined || version === options.running || version === announced) return;
    const kept = await fleetConfig(options.own, options.env);
    if (!kept.ok || !kept.startup.following || kept.startup.version !== version) return;
    announced = version;
    options.log?.(`fleet config version ${version} kept: applied at the next moment the cabin is idle`);
    options.onNewVersion(version);
  };
  const timer = setInterval(() => void check().catch((e) => options.log?.(`fleet config: ${String(e)}`)), options.everyMs ?? 30_000);
  timer.unref();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
