// The fleet's metrics (issue 16), read at each scrape from what `cabine fleet pull` wrote.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { FleetStatus, KeptFleetConfig } from '../../../../src/cabin/fleet/pull';
import { registerFleetMetrics } from '../../../../src/cabin/metrics';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-fleet-metrics-');

describe('fleet metrics', () => {
  it('never pulled: version 0, no outcome at 1, timestamps 0', async () => {
    const registry = new Registry();
    registerFleetMetrics(registry, { stateDir: dir(), running: null });
    const text = await registry.metrics();
    expect(text).toContain('cabine_fleet_config_version 0\n');
    expect(text).toContain('cabine_fleet_config_kept_version 0\n');
    expect(text).not.toMatch(/cabine_fleet_pull_outcome\{outcome="[^"]+"\} 1\n/);
    expect(text).toContain('cabine_fleet_pull_last_success_timestamp_seconds 0\n');
  });

  it('what the last pull did, the version kept and the one running, each scrape reading the files again', async () => {
    const stateDir = dir();
    const registry = new Registry();
    registerFleetMetrics(registry, { stateDir, running: 4 });
    await mkdir(path.join(stateDir, 'fleet'));
    const status: FleetStatus = {
      checkedAt: '2026-12-02T10:15:00.000Z',
      outcome: 'applied',
      detail: 'version 5 gardée',
      keptVersion: 5,
      offeredVersion: 5,
      lastSuccessAt: '2026-12-02T10:15:00.000Z',
      problems: [],
    };
    const kept: KeptFleetConfig = { version: 5, fetchedAt: status.checkedAt, url: 'https://parc.example/fleet.yaml', config: {} };
    await writeFile(path.join(stateDir, 'fleet', 'status.json'), JSON.stringify(status));
    await writeFile(path.join(stateDir, 'fleet', 'config.json'), JSON.stringify(kept));
    let text = await registry.metrics();
    expect(text).toContain('cabine_fleet_config_version 4\n');
    expect(text).toContain('cabine_fleet_config_kept_version 5\n');
    expect(text).toContain('cabine_fleet_pull_outcome{outcome="applied"} 1\n');
    expect(text).toContain('cabine_fleet_pull_outcome{outcome="bad-signature"} 0\n');
    expect(text).toContain(`cabine_fleet_pull_last_success_timestamp_seconds ${Date.parse(status.checkedAt) / 1000}\n`);

    await writeFile(
      path.join(stateDir, 'fleet', 'status.json'),
      JSON.stringify({ ...status, outcome: 'bad-signature', checkedAt: '2026-12-02T10:30:00.000Z' }),
    );
    text = await registry.metrics();
    expect(text).toContain('cabine_fleet_pull_outcome{outcome="applied"} 0\n');
    expect(text).toContain('cabine_fleet_pull_outcome{outcome="bad-signature"} 1\n');
    expect(text).toContain(`cabine_fleet_pull_last_check_timestamp_seconds ${Date.parse('2026-12-02T10:30:00.000Z') / 1000}\n`);
    expect(text).toContain(`cabine_fleet_pull_last_success_timestamp_seconds ${Date.parse(status.checkedAt) / 1000}\n`);
  });
});
