// The running cabin's part of following the fleet (issue 16), the same in both shells and in the tests:
// watch what the timer's pull keeps (follow.ts) and, for a new valid version, restart at the next idle
// moment — on attract, after the verified wipe (relaunch.ts) — never during a resident's session. The
// caller says how to restart: the Electron shell relaunches itself, the Chromium shell stops and its
// kiosk unit (Restart=always) starts it again; either way the new process starts on the kept config.
import type { CabinRuntime } from '../runtime';
import { cabinStateOf } from '../runtime';
import { createRelaunchPolicy } from '../relaunch';
import { fleetRunning, type StartupConfig } from '../startup-config';
import { followFleetConfig } from './follow';

export interface ApplyFleetOptions {
  startup: StartupConfig;
  runtime: Pick<CabinRuntime, 'actor'>;
  /** Called once, on attract, when a new version is to be applied. */
  restart: (version: number) => void;
  log?: (message: string) => void;
  /** How often to look at what is kept (default 30 s). */
  everyMs?: number;
}

/** Returns a stop function; does nothing (and returns a no-op) when the cabin follows no fleet. */
export function applyFleetConfigBetweenSessions(options: ApplyFleetOptions): { stop(): void; check(): Promise<void> } {
  const { startup } = options;
  if (!startup.ok || !startup.fleet) return { stop() {}, check: async () => {} };
  let pending: number | null = null;
  const policy = createRelaunchPolicy({
    afterSessions: null,
    at: null,
    onDue: () => {
      options.log?.(`a new config from the fleet (version ${pending}): starting again on it, between residents`);
      options.restart(pending!);
    },
  });
  const subscription = options.runtime.actor.subscribe((s) => policy.observe(cabinStateOf(s)));
  policy.observe(cabinStateOf(options.runtime.actor.getSnapshot()));
  const follower = followFleetConfig({
    own: startup.fleet.own,
    running: fleetRunning(startup)!.running,
    onNewVersion: (version) => {
      pending = version;
      policy.request('fleet-config');
    },
    everyMs: options.everyMs,
    log: options.log,
  });
  return {
    check: () => follower.check(),
    stop() {
      follower.stop();
      subscription.unsubscribe();
    },
  };
}
