// The updates' side of the metrics (issue 16): the version the cabin runs, and what the package manager's gate
// did last (updated, deferred by a long session, rolled back…) — read at each scrape from what it wrote
// (/var/lib/cabine-update), since it runs as root in apt's hooks. Names are an interface (alert rules in
// build/prometheus/cabine-alerts.yml, docs/fleet-updates.md).
import { Gauge, type Registry } from 'prom-client';
import { countRollbacks, readLastUpdate, UPDATE_OUTCOMES } from '../update/status';

export const UPDATE_METRIC_NAMES = {
  version: 'cabine_version_info',
  outcome: 'cabine_update_last_outcome',
  at: 'cabine_update_last_timestamp_seconds',
  rollbacks: 'cabine_update_rollbacks',
} as const;

export interface UpdateMetricsOptions {
  /** The version this process runs (the package's). */
  version: string;
  /** Where the gate writes last.json and history. */
  dir: string;
}

export function registerUpdateMetrics(registry: Registry, options: UpdateMetricsOptions): void {
  const registers = [registry];
  new Gauge({
    name: UPDATE_METRIC_NAMES.version,
    help: 'Always 1, labelled with the version of Cabine this cabin runs.',
    labelNames: ['version'],
    registers,
    collect() {
      this.set({ version: options.version }, 1);
    },
  });
  new Gauge({
    name: UPDATE_METRIC_NAMES.outcome,
    help: '1 for what the last update of the cabine package did (updated, deferred, rolled-back, rollback-failed, no-previous-package), 0 for the others (no series at 1: none yet).',
    labelNames: ['outcome'],
    registers,
    async collect() {
      const last = await readLastUpdate(options.dir);
      for (const outcome of UPDATE_OUTCOMES) this.set({ outcome }, last?.outcome === outcome ? 1 : 0);
    },
  });
  new Gauge({
    name: UPDATE_METRIC_NAMES.at,
    help: 'When the last update of the cabine package ended, whatever its outcome, Unix time; 0: never.',
    registers,
    async collect() {
      this.set((await readLastUpdate(options.dir))?.at ?? 0);
    },
  });
  new Gauge({
    name: UPDATE_METRIC_NAMES.rollbacks,
    help: 'How many times a new version of the cabine package did not start and the previous one was installed again.',
    registers,
    async collect() {
      this.set(await countRollbacks(options.dir));
    },
  });
}
