// `cabine stats export`: from the audit log a cabin wrote to the CSV for the commune.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/cabin/audit-log';
import { defaultConfig } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';
import { cli } from './memory-io';

const dir = useScratchDir('cabine-cli-stats-', { per: 'file' });
let stateDir: string;
beforeAll(async () => {
  stateDir = path.join(dir(), 'state');
  let clock = new Date('2026-11-02T13:10Z');
  const log = new AuditLog({ dir: stateDir, now: () => clock });
  const end = (iso: string, demarches: string[], assisted: boolean, durationS: number) => {
    clock = new Date(iso);
    log.sessionStart({ assisted });
    log.sessionEnd({ demarches, durationS, ending: 'resident', assisted, pagesPrinted: 1, printJobs: 1, pagesScanned: 0, scans: 0, downloads: 0 });
    log.wipe({ ok: true, attempt: 1, durationMs: 900, files: 2, bytes: 10 });
  };
  end('2026-11-02T13:10Z', ['caf'], false, 600);
  end('2026-11-02T15:00Z', ['impots'], true, 1800);
  end('2026-11-04T08:30Z', ['caf'], false, 300);
  end('2026-12-01T10:00Z', ['caf'], false, 300);
  log.close();
});

describe('cabine stats export', () => {
  it('writes the month’s CSV to stdout', async () => {
    const r = await cli(['stats', 'export', '--month', '2026-11', '--state-dir', stateDir, '--tz', 'Europe/Paris'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\uFEFFindicateur;clé;valeur\r\n')).toBe(true);
    expect(r.stdout).toContain('sessions;;3\r\n');
    expect(r.stdout).toContain('sessions par démarche;caf;2\r\n');
    expect(r.stdout).toContain('sessions par jour;lundi;2\r\n');
    expect(r.stdout).toContain('part des sessions accompagnées (%);;33,3\r\n');
    expect(r.stdout).toContain('durée médiane (minutes);;10\r\n');
    expect(r.stdout).toContain('pages imprimées;;3\r\n');
    expect(r.stderr).toBe('');
  });

  it('writes a file with --out, in the international form with --separator ,', async () => {
    const r = await cli(['stats', 'export', '--month', '2026-12', '--state-dir', 'state', '--tz', 'UTC', '--out', 'dec.csv', '--separator', ','], {
      cwd: dir(),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${path.join(dir(), 'dec.csv')} : 1 session(s) en 2026-12 (UTC).\n`);
    const csv = await readFile(path.join(dir(), 'dec.csv'), 'utf8');
    expect(csv.startsWith('indicateur,clé,valeur\r\n')).toBe(true);
    expect(csv).toContain('sessions par heure,09 h,1\r\n');
  });

  it('finds the state directory in the config', async () => {
    const config = path.join(dir(), 'config.json');
    await writeFile(config, JSON.stringify({ ...defaultConfig, paths: { stateDir } }));
    await chmod(config, 0o600);
    const r = await cli(['stats', 'export', '--month', '2026-11', '--config', 'config.json', '--tz', 'Europe/Paris'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sessions;;3\r\n');
  });

  it('says when there is no log for the month', async () => {
    const r = await cli(['stats', 'export', '--month', '2025-01', '--state-dir', stateDir, '--tz', 'Europe/Paris'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sessions;;0\r\n');
    expect(r.stderr).toMatch(/^Aucun journal d’audit dans .* pour cette période\.\n$/);
  });

  it('refuses a missing or malformed month, an unknown time zone', async () => {
    expect((await cli(['stats', 'export'], { cwd: dir() })).stderr).toMatch(/donnez le mois : --month AAAA-MM/);
    expect((await cli(['stats', 'export', '--month', 'novembre'], { cwd: dir() })).code).toBe(2);
    expect((await cli(['stats', 'export', '--month', '2026-11', '--tz', 'Mars/Olympus'], { cwd: dir() })).stderr).toMatch(
      /fuseau horaire inconnu : Mars\/Olympus/,
    );
  });
});
