export * from './fleet-metrics';
export * from './metrics';
export * from './server';
export * from './update-metrics';
import type { CabinConfig } from '../../shared/config';
import type { CabineMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './server';

/** Starts the endpoint when the config enables it; null when it is off (the default). */
export async function startMetricsFromConfig(config: CabinConfig, metrics: CabineMetrics): Promise<MetricsServer | null> {
  const { enabled, listen, bearerTokenHash } = config.metrics;
  if (!enabled || !bearerTokenHash) return null;
  return startMetricsServer({ listen, bearerTokenHash, registry: metrics.registry });
}
