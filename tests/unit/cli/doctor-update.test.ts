// cabine doctor's « Mises à jour » (src/cli/doctor/update-check.ts) over real files laid out as setup-kiosk.sh and
// the update gate leave them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUpdates } from '../../../src/cli/doctor/update-check';

let root: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cabine-doctor-update-'));
  env = { CABINE_APT_ETC: path.join(root, 'etc/apt'), CABINE_RUN_DIR: path.join(root, 'run'), CABINE_UPDATE_DIR: path.join(root, 'update') };
  for (const d of ['etc/apt/apt.conf.d', 'etc/apt/preferences.d', 'run/cabin', 'update']) mkdirSync(path.join(root, d), { recursive: true });
  writeFileSync(path.join(root, 'etc/apt/apt.conf.d/60cabine-update-gate'), '');
  writeFileSync(path.join(root, 'etc/apt/apt.conf.d/52cabine-unattended-upgrades'), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const last = (outcome: string, reason = '') =>
  writeFileSync(path.join(root, 'update/last.json'), JSON.stringify({ outcome, from: '1.0.1', to: '1.0.2', reason, at: 1764000000 }));

describe('doctor: updates', () => {
  it('ok when apt goes through the gate and the last update went well', async () => {
    last('updated');
    const r = await checkUpdates({ env });
    expect(r).toMatchObject({ id: 'update', status: 'ok' });
    expect(r.details).toEqual(['dernière mise à jour : updated, 1.0.1 → 1.0.2, le 2025-11-24 16:00 UTC.']);
  });

  it('warns when apt does not go through the gate: an update could restart the cabin during a session', async () => {
    rmSync(path.join(root, 'etc/apt/apt.conf.d/60cabine-update-gate'));
    expect(await checkUpdates({ env })).toMatchObject({ status: 'warning', message: expect.stringContaining('pendant une session') });
  });

  it('warns of a rollback and says which version is pinned away and how to allow it again', async () => {
    last('rolled-back', 'not-started');
    writeFileSync(path.join(root, 'etc/apt/preferences.d/cabine-rollback-1.0.2.pref'), 'Package: cabine\nPin: version 1.0.2\nPin-Priority: -1\n');
    const r = await checkUpdates({ env });
    expect(r.status).toBe('warning');
    expect(r.message).toContain('la version 1.0.2 n’a pas démarré (not-started) : la cabine est revenue à 1.0.1');
    expect(r.details?.[0]).toContain('version 1.0.2 écartée');
  });

  it.each(['rollback-failed', 'no-previous-package'])('errs when %s: the cabin may be down', async (outcome) => {
    last(outcome, 'not-started');
    expect(await checkUpdates({ env })).toMatchObject({ status: 'error' });
  });

  it('warns of an update put off by a long session, and of unattended-upgrades not following the repository', async () => {
    last('deferred', 'session-in-progress');
    rmSync(path.join(root, 'etc/apt/apt.conf.d/52cabine-unattended-upgrades'));
    const r = await checkUpdates({ env });
    expect(r.status).toBe('warning');
    expect(r.message).toContain('reportée');
    expect(r.details?.[0]).toContain('unattended-upgrades ne suit pas');
  });
});
