// `cabine doctor`'s line about the fleet's config (issue 16).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../src/cabin/fleet/pull';
import { checkFleet } from '../../../src/cli/doctor/fleet-check';
import { defaultConfig, validateConfig, type CabinConfig } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';

const dir = useScratchDir('cabine-doctor-fleet-');
const FLEET = { url: 'https://parc.example/fleet.yaml', signingKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFleetKeyForTests parc'] };

function config(withFleet: boolean): CabinConfig {
  const r = validateConfig({ ...structuredClone(defaultConfig), paths: { stateDir: dir() }, ...(withFleet ? { fleet: FLEET } : {}) });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

async function status(s: Partial<FleetStatus>): Promise<void> {
  await mkdir(path.join(dir(), 'fleet'), { recursive: true });
  const full: FleetStatus = {
    checkedAt: '2026-12-02T10:00:00.000Z',
    outcome: 'applied',
    detail: 'version 5 gardée',
    keptVersion: 5,
    offeredVersion: 5,
    lastSuccessAt: '2026-12-02T10:00:00.000Z',
    problems: [],
    ...s,
  };
  await writeFile(path.join(dir(), 'fleet', 'status.json'), JSON.stringify(full));
}

const now = new Date('2026-12-02T10:20:00.000Z');

describe('doctor: the fleet', () => {
  it('a cabin that follows no fleet: ok, its file is its config', async () => {
    expect(await checkFleet({ config: config(false), env: {} }, now)).toMatchObject({ status: 'ok', message: expect.stringContaining('ne suit pas de parc') });
  });

  it('following, never pulled: a warning naming the timer', async () => {
    const r = await checkFleet({ config: config(true), env: {} }, now);
    expect(r).toMatchObject({ status: 'warning' });
    expect(r.message).toContain('systemctl enable --now cabine-fleet-pull.timer');
  });

  it('the last pull refused the file: a warning with the reason and each problem', async () => {
    await status({
      outcome: 'invalid-config',
      detail: 'la version 6 donnerait à cette cabine une configuration invalide : gardée la précédente',
      problems: [{ path: 'timers.inactivitySeconds', message: 'un nombre attendu' }],
    });
    const r = await checkFleet({ config: config(true), env: {} }, now);
    expect(r.status).toBe('warning');
    expect(r.message).toContain('la dernière récupération n’a rien changé (la version 6 donnerait');
    expect(r.details).toContain('timers.inactivitySeconds : un nombre attendu');
  });

  it('pulled well recently: ok; no success for more than 3 hours: a warning', async () => {
    await status({});
    expect((await checkFleet({ config: config(true), env: {} }, now)).status).toBe('ok');
    expect((await checkFleet({ config: config(true), env: {} }, new Date('2026-12-02T13:30:00.000Z'))).status).toBe('warning');
  });
});
