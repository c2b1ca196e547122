// `cabine doctor` and `cabine devices list` on this machine, against the private CUPS and SANE
// of the test environment: a real cupsd (its queues, its hardened cupsd.conf read over its
// socket), SANE's test backend, this machine's /dev/shm, DNS and (absent) Electron.
import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTestEnv, envVars, setFaultMode, type TestEnv } from '../../../scripts/test-env/index';
import { defaultConfig } from '../../../src/shared/config';
import { cli } from '../../unit/cli/memory-io';
import { cabine, ROOT } from './cli-process';
import { useScratchDir } from '../../support/scratch';

// A real process for the first doctor run, `devices list` and `config`; the other runs call the
// same runCli() in-process (same tools, same CUPS and SANE) to spare a Node start each.
const inProcess = (args: string[]) => cli(args, { cwd: ROOT, env: { ...process.env, ...envVars(env) } });

interface DoctorJson {
  results: { id: string; status: 'ok' | 'warning' | 'error'; message: string; details?: string[] }[];
  errors: number;
}

let env: TestEnv;
const dir = useScratchDir('cabine-doctor-it-', { per: 'file' });

async function configFile(name: string, queue: string, extra: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir(), name);
  await writeFile(
    file,
    JSON.stringify({
      ...defaultConfig,
      devices: { printer: { queue, server: env.cupsServer }, scanner: { device: env.saneDevice } },
      paths: { ramRoot: '/dev/shm/cabine-doctor-it', stateDir: path.join(dir(), 'state') },
      ...extra,
    }),
  );
  await chmod(file, 0o600);
  return file;
}

const byId = (out: DoctorJson) => Object.fromEntries(out.results.map((r) => [r.id, r]));

beforeAll(async () => {
  env = await currentTestEnv();
});
afterAll(async () => {
  await setFaultMode(env, 'ok');
  execFileSync('cupsenable', ['-h', env.cupsServer, env.queues.fault], { env: { ...process.env, ...envVars(env) } });
});

describe('cabine doctor (real CUPS and SANE of the test environment)', () => {
  it('checks everything and exits 1 exactly when a check is an error', async () => {
    const r = await cabine(['doctor', '--json', '--config', await configFile('ok.json', env.queues.pdf)], { env: envVars(env) });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as DoctorJson;
    const ids = out.results.map((x) => x.id);
    expect(ids).toEqual([
      'config',
      'secrets',
      'referent-call',
      'ram-root',
      'swap',
      'state-dir',
      'printer',
      'cups-hardening',
      'scanner',
      'occupancy',
      'badge',
      'dns',
      'electron',
      'metrics',
      'fleet',
      'update',
    ]);
    const c = byId(out);
    expect(c.config!.status).toBe('ok');
    expect(c.secrets!.status).toBe('warning'); // the demo config's public codes
    expect(c['ram-root']).toMatchObject({ status: 'ok' });
    expect(c.printer).toMatchObject({
      status: 'ok',
      message: `la file « PDF » répond et accepte les travaux (${execFileSync('lpstat', ['-h', env.cupsServer, '-v', 'PDF'], { encoding: 'utf8' })
        .replace(/^device for PDF: /, '')
        .trim()}).`,
    });
    expect(c['cups-hardening']).toMatchObject({ status: 'ok' });
    expect(c['cups-hardening']!.message).toContain(`${env.cupsServer} (/admin/conf/cupsd.conf)`);
    expect(c.scanner).toMatchObject({ status: 'ok', message: '« test:0 » répond.' });
    // The demo config follows no fleet: its file is its config.
    expect(c.fleet).toMatchObject({ status: 'ok' });
    // This machine is no kiosk: apt does not go through the update gate (setup-kiosk.sh installs it).
    expect(c.update).toMatchObject({ status: 'warning', message: expect.stringContaining('60cabine-update-gate absent') });
    // This machine has no Internet and no Electron binary: both reported as errors, not crashes.
    expect(['ok', 'error']).toContain(c.dns!.status);
    expect(c.electron!.status).toBe(process.env.ELECTRON_OVERRIDE_DIST_PATH ? 'ok' : 'error');
    expect(r.code).toBe(out.errors > 0 ? 1 : 0);
    expect(out.errors).toBe(out.results.filter((x) => x.status === 'error').length);
  });

  it('prints one French line per check and a summary', async () => {
    const r = await inProcess(['doctor', '--config', await configFile('ok2.json', env.queues.pdf), '--skip', 'dns', '--skip', 'electron', '--skip', 'update']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[ {2}OK {2}\] Configuration : .*ok2\.json est valide — cabine « cabine-demo »/);
    expect(lines).toContain('[  OK  ] Scanner : « test:0 » répond.');
    // The demo config's public codes, and its call to a referent that reaches nobody (no webhook).
    expect(lines.at(-1)).toMatch(/^Bilan : \d+ OK, 2 avertissements, 0 erreur\.$/);
  });

  it('reports a stopped queue (paper jam) and a missing one', async () => {
    await setFaultMode(env, 'stop:media-jam-error');
    const vars = { ...process.env, ...envVars(env) };
    execFileSync('lp', ['-h', env.cupsServer, '-d', env.queues.fault, path.join(ROOT, 'package.json')], { env: vars });
    for (let i = 0; i < 50; i++) {
      if (/disabled/.test(execFileSync('lpstat', ['-h', env.cupsServer, '-p', env.queues.fault], { env: vars, encoding: 'utf8' }))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const essential = await configFile('jam.json', env.queues.fault);
    const jam = byId(JSON.parse((await inProcess(['doctor', '--json', '--config', essential, '--skip', 'dns'])).stdout) as DoctorJson);
    expect(jam.printer!.status).toBe('warning');
    expect(jam.printer!.message).toMatch(
      /^la file « FAULT » est arrêtée \(simulated media-jam-error\) : bourrage papier, file en pause\. Réglez le problème puis : cupsenable FAULT\.$/,
    );
    execFileSync('cancel', ['-h', env.cupsServer, '-a', '-x', env.queues.fault], { env: vars });
    await setFaultMode(env, 'ok');
    execFileSync('cupsenable', ['-h', env.cupsServer, env.queues.fault], { env: vars });

    const missing = await configFile('missing.json', 'Cabine', {});
    const out = JSON.parse((await inProcess(['doctor', '--json', '--config', missing, '--skip', 'dns'])).stdout) as DoctorJson;
    expect(byId(out).printer!.message).toBe(
      `la file « Cabine » n’existe pas (serveur ${env.cupsServer}) (files présentes : FAULT, PDF). Créez-la (docs/printing-and-scanning.md) ou corrigez devices.printer.queue.`,
    );
  });

  it('says an essential printer missing is an error, and a CUPS server that does not answer', async () => {
    const file = path.join(dir(), 'down.json');
    await writeFile(
      file,
      JSON.stringify({
        ...defaultConfig,
        devices: { printer: { server: path.join(dir(), 'no-cups.sock'), essential: true }, scanner: { device: env.saneDevice } },
      }),
    );
    await chmod(file, 0o600);
    const r = await inProcess(['doctor', '--json', '--config', file, '--skip', 'dns', '--skip', 'electron', '--skip', 'update']);
    const printer = byId(JSON.parse(r.stdout) as DoctorJson).printer!;
    expect(printer.status).toBe('error');
    expect(printer.message).toMatch(/^le serveur d’impression CUPS ne répond pas \(serveur .*no-cups\.sock\)/);
    expect(r.code).toBe(1);
  });

  it('finds what a default cupsd.conf keeps (--cupsd-conf)', async () => {
    const r = await inProcess([
      'doctor',
      '--json',
      '--config',
      await configFile('conf.json', env.queues.pdf),
      '--cupsd-conf',
      path.join(ROOT, 'tests/unit/cli/fixtures/debian12-default-cupsd.conf'),
      '--skip',
      'dns',
    ]);
    const hardening = byId(JSON.parse(r.stdout) as DoctorJson)['cups-hardening']!;
    expect(hardening.status).toBe('error');
    expect(hardening.message).toMatch(/^CUPS garde des traces des documents imprimés/);
    expect(hardening.details!.join('\n')).toMatch(/PreserveJobFiles .* mettez « PreserveJobFiles No »/);
  });

  it('reports an unknown scanner', async () => {
    const file = path.join(dir(), 'scanner.json');
    await writeFile(file, JSON.stringify({ ...defaultConfig, devices: { printer: { enabled: false }, scanner: { device: 'test:9', essential: true } } }));
    await chmod(file, 0o600);
    const scanner = byId(JSON.parse((await inProcess(['doctor', '--json', '--config', file, '--skip', 'dns'])).stdout) as DoctorJson).scanner!;
    expect(scanner.status).toBe('error');
    expect(scanner.message).toMatch(/^« test:9 » ne répond pas : .*\. Vérifiez le câble et « scanimage -L »\.$/);
  });

  it('stops at an invalid config, listing its problems', async () => {
    const file = path.join(dir(), 'bad.yaml');
    await writeFile(file, 'version: 1\ncatalog: []\n');
    await chmod(file, 0o644);
    const r = await inProcess(['doctor', '--config', file, '--skip', 'dns']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\[ERREUR\] Configuration : .*bad\.yaml : \d+ problème\(s\) ; les autres vérifications attendent une configuration valide\./);
    expect(r.stdout).toContain('droits trop ouverts (0644)');
    expect(r.stdout).toContain('le catalogue est vide');
  });
});

describe('cabine devices list', () => {
  it('lists the CUPS queues, SANE scanners, HID and USB devices this machine sees', async () => {
    const r = await cabine(['devices', 'list', '--json', '--config', await configFile('devices.json', env.queues.pdf)], { env: envVars(env) });
    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout) as {
      printers: { queues: { name: string; configured: boolean; enabled: boolean }[]; error: string | null };
      scanners: { devices: { device: string; configured: boolean }[]; error: string | null };
      hid: { devices: unknown[]; error: string | null };
      usb: { devices: unknown[]; error: string | null };
    };
    expect(inv.printers.error).toBeNull();
    expect(inv.printers.queues.map((q) => [q.name, q.configured, q.enabled])).toEqual([
      ['FAULT', false, true],
      ['PDF', true, true],
    ]);
    expect(inv.scanners.error).toBeNull();
    expect(inv.scanners.devices.find((s) => s.device === 'test:0')?.configured).toBe(true);
    // No HID or USB devices exist on this machine: empty lists, not errors.
    expect(inv.hid).toEqual({ devices: [], error: null });
    expect(inv.usb.error).toBeNull();

    const text = await inProcess(['devices', 'list', '--config', path.join(dir(), 'devices.json')]);
    expect(text.stdout).toMatch(/^Files d’impression \(CUPS\) :\n {2}FAULT {2}active .*fault:/);
    expect(text.stdout).toContain('* PDF  active  cups-pdf:/');
    expect(text.stdout).toContain('* test:0  Noname frontend-tester (virtual device)');
  });
});

describe('cabine config (as a process)', () => {
  it('validate: exit 0 for a valid file, 1 with the problems for a bad one', async () => {
    expect((await cabine(['config', 'validate', await configFile('v.json', 'PDF')])).code).toBe(0);
    const bad = path.join(dir(), 'v.yaml');
    await writeFile(bad, 'version: 1\ncabin: { id: "x" \n');
    await chmod(bad, 0o600);
    const r = await inProcess(['config', 'validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/erreur de syntaxe YAML ligne \d+, colonne \d+/);
  });

  it('hash-secret reads a piped PIN', async () => {
    const r = await cabine(['config', 'hash-secret'], { stdin: '4817\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scrypt\$16384\$8\$1\$\S+\n$/);
  });
});
