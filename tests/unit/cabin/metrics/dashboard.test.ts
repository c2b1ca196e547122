// The fleet dashboard and alert rules query the metrics the cabin really exposes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CabineMetrics, METRIC_NAMES, registerFleetMetrics, registerUpdateMetrics } from '../../../../src/cabin/metrics';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..');

/** Metric names in a PromQL expression (identifiers followed by a selector, range or end). */
function metricsIn(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{|\[|\)|$|\s*==|\s*>)/g)) {
    const name = m[1]!;
    if (/^(cabine_|process_|nodejs_)/.test(name) || name === 'up') names.add(name);
  }
  return [...names];
}

async function exposed(): Promise<Set<string>> {
  const metrics = new CabineMetrics({ demarcheIds: ['caf'] });
  metrics.wipeFinished(true, 500);
  metrics.deviceUp('printer', true);
  // A cabin that follows a fleet (never pulled here: every series at its starting value).
  registerFleetMetrics(metrics.registry, { stateDir: path.join(ROOT, 'no-such-state-dir'), running: null });
  registerUpdateMetrics(metrics.registry, { version: '1.0.0', dir: path.join(ROOT, 'no-such-update-dir') });
  const text = await metrics.registry.metrics();
  return new Set([...text.matchAll(/^([a-z_][a-z0-9_]*)(?:\{| )/gm)].map((m) => m[1]!));
}

describe('fleet dashboard and alerts', () => {
  it('the Grafana dashboard uses only exposed metrics, and every metric of the issue', async () => {
    const dash = JSON.parse(await readFile(path.join(ROOT, 'build/grafana/cabine-fleet.json'), 'utf8')) as {
      uid: string;
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dash.uid).toBe('cabine-fleet');
    const names = await exposed();
    const used = new Set<string>();
    for (const panel of dash.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets) {
        for (const name of metricsIn(t.expr)) {
          used.add(name);
          if (name !== 'up') expect(names.has(name), `${panel.title}: ${name}`).toBe(true);
        }
      }
    }
    for (const name of Object.values(METRIC_NAMES)) {
      expect(
        [...used].some((u) => u === name || u.startsWith(`${name}_`)),
        name,
      ).toBe(true);
    }
  });

  it('the alert rules use only exposed metrics', async () => {
    const rules = parse(await readFile(path.join(ROOT, 'build/prometheus/cabine-alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const names = await exposed();
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'CabineHorsService',
        'CabineConfigurationParcRefusee',
        'CabineConfigurationParcMuette',
        'CabineConfigurationParcNonAppliquee',
        'CabineMiseAJourAnnulee',
        'CabineMiseAJourReportee',
      ]),
    );
    for (const rule of alerts) for (const name of metricsIn(rule.expr)) if (name !== 'up') expect(names.has(name), `${rule.alert}: ${name}`).toBe(true);
  });
});
