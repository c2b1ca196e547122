// The fleet's side of the metrics (issue 16): which config version the cabin runs, which one it keeps,
// and what the last pull of the timer did — read at each scrape from what `cabine fleet pull` wrote
// (stateDir/fleet), since the pull runs in its own process. Names are an interface (alert rules in
// build/prometheus/cabine-alerts.yml, docs/fleet.md).
import { Gauge, type Registry } from 'prom-client';
import { readFleetStatus, readKeptConfig, type PullOutcome } from '../fleet/pull';

export const FLEET_METRIC_NAMES = {
  running: 'cabine_fleet_config_version',
  kept: 'cabine_fleet_config_kept_version',
  outcome: 'cabine_fleet_pull_outcome',
  lastSuccess: 'cabine_fleet_pull_last_success_timestamp_seconds',
  lastCheck: 'cabine_fleet_pull_last_check_timestamp_seconds',
} as const;

export const PULL_OUTCOMES: readonly PullOutcome[] = [
  'applied',
  'unchanged',
  'unreachable',
  'bad-signature',
  'invalid-fleet-file',
  'invalid-config',
  'older-version',
];

export interface FleetMetricsOptions {
  stateDir: string;
  /** The fleet version the cabin runs (null: its own file). */
  running: number | null;
}

export function registerFleetMetrics(registry: Registry, options: FleetMetricsOptions): void {
  const registers = [registry];
  new Gauge({
    name: FLEET_METRIC_NAMES.running,
    help: 'Version of the fleet config this cabin runs (0: its own file).',
    registers,
    collect() {
      this.set(options.running ?? 0);
    },
  });
  new Gauge({
    name: FLEET_METRIC_NAMES.kept,
    help: 'Version of the fleet config kept by the last good pull (0: none); above the running one until the cabin restarts between sessions.',
    registers,
    async collect() {
      this.set((await readKeptConfig(options.stateDir))?.version ?? 0);
    },
  });
  new Gauge({
    name: FLEET_METRIC_NAMES.outcome,
    help: '1 for what the last pull of the fleet config did, 0 for the others (no series at 1: never pulled).',
    labelNames: ['outcome'],
    registers,
    async collect() {
      const status = await readFleetStatus(options.stateDir);
      for (const outcome of PULL_OUTCOMES) this.set({ outcome }, status?.outcome === outcome ? 1 : 0);
    },
  });
  const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : 0);
  new Gauge({
    name: FLEET_METRIC_NAMES.lastSuccess,
    help: 'When a pull of the fleet config last ended well (applied or unchanged), Unix time; 0: never.',
    registers,
    async collect() {
      this.set(seconds((await readFleetStatus(options.stateDir))?.lastSuccessAt));
    },
  });
  new Gauge({
    name: FLEET_METRIC_NAMES.lastCheck,
    help: 'When the fleet config was last pulled, whatever the outcome, Unix time; 0: never.',
    registers,
    async collect() {
      this.set(seconds((await readFleetStatus(options.stateDir))?.checkedAt));
    },
  });
}
