// The alert rules (build/prometheus/cabine-alerts.yml) checked and unit-tested by Prometheus's own promtool: given
// series as a cabin exposes them, which alerts fire, when, with which labels. Here the updates' alerts (issue 16).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const RULES = path.resolve('build/prometheus/cabine-alerts.yml');
const work = mkdtempSync(path.join(tmpdir(), 'cabine-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const labels = '{commune="Lunel", cabin="lunel-mairie-1", outcome="OUTCOME"}';
const outcomeSeries = (outcome: string, values: string) => ({ series: `cabine_update_last_outcome${labels.replace('OUTCOME', outcome)}`, values });

function promtoolTest(tests: unknown[]): { status: number | null; out: string } {
  const file = path.join(work, `test-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, stringify({ rule_files: [RULES], evaluation_interval: '1m', tests }));
  const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('alert rules', () => {
  it('promtool accepts the file', () => {
    expect(execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' })).toMatch(/SUCCESS/);
  });

  it('CabineMiseAJourAnnulee fires at once for a rollback, and not for an update that went well', () => {
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [outcomeSeries('rolled-back', '0 0 1 1 1'), outcomeSeries('updated', '1 1 0 0 0')],
        alert_rule_test: [
          { eval_time: '1m', alertname: 'CabineMiseAJourAnnulee', exp_alerts: [] },
          {
            eval_time: '2m',
            alertname: 'CabineMiseAJourAnnulee',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', commune: 'Lunel', cabin: 'lunel-mairie-1', outcome: 'rolled-back' },
                exp_annotations: {
                  summary: "Lunel — lunel-mairie-1 : une mise à jour n'a pas démarré (rolled-back)",
                  description:
                    "La nouvelle version du paquet cabine n'a pas démarré. rolled-back : la version précédente a été réinstallée et la nouvelle est écartée sur cette cabine ; rollback-failed ou no-previous-package : la cabine est peut-être arrêtée, à voir sur place. L'alerte reste jusqu'à la prochaine mise à jour réussie. Sur la cabine : cabine doctor, journalctl -u cabine-update-check.",
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(r.status, r.out).toBe(0);
  });

  it('CabineMiseAJourReportee waits 3 days of deferred updates', () => {
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [outcomeSeries('deferred', '1x4400')],
        alert_rule_test: [
          { eval_time: '2d', alertname: 'CabineMiseAJourReportee', exp_alerts: [] },
          {
            eval_time: '3d1h',
            alertname: 'CabineMiseAJourReportee',
            exp_alerts: [
              {
                exp_labels: { severity: 'info', commune: 'Lunel', cabin: 'lunel-mairie-1', outcome: 'deferred' },
                exp_annotations: {
                  summary: 'Lunel — lunel-mairie-1 : mises à jour reportées depuis 3 jours',
                  description:
                    "Les mises à jour attendent la fin d'une session qui dure plus que l'attente permise (30 min), à chaque passage d'unattended-upgrades. Sur la cabine : cabine doctor, journalctl -u apt-daily-upgrade.",
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(r.status, r.out).toBe(0);
  });

  it('a wrong expectation fails (the check can fail)', () => {
    const r = promtoolTest([
      {
        interval: '1m',
        input_series: [outcomeSeries('updated', '1 1 1')],
        alert_rule_test: [{ eval_time: '2m', alertname: 'CabineMiseAJourAnnulee', exp_alerts: [{ exp_labels: { severity: 'warning', outcome: 'updated' } }] }],
      },
    ]);
    expect(r.status).not.toBe(0);
  });
});
