// The doctor's checks on the facts they read: recorded tool output, real files of this machine
// (its /dev/shm tmpfs, its disk, Debian's default cupsd.conf), HID listings as node-hid gives them.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/cabin/secrets';
import { cupsHardening, ownerPolicyFindings, parseCupsdConf, parseLpstatPrinters } from '../../../src/cli/doctor/cups';
import {
  checkBadge,
  checkDns,
  checkElectron,
  checkOccupancy,
  checkRamRoot,
  checkReferentCall,
  checkSecrets,
  checkSwap,
  type CheckContext,
} from '../../../src/cli/doctor/checks';
import { formatResults } from '../../../src/cli/commands/doctor';
import { defaultConfig, validateConfig, type CabinConfig, type CabinConfigInput } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';

const here = path.dirname(new URL(import.meta.url).pathname);
const dir = useScratchDir('cabine-doctor-', { per: 'file' });

function configWith(over: Partial<CabinConfigInput>): CabinConfig {
  const r = validateConfig({ ...defaultConfig, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}
const ctx = (config: CabinConfig, more: Partial<CheckContext> = {}): CheckContext => ({ config, env: {}, ...more });

describe('CUPS facts', () => {
  it('finds what Debian’s default cupsd.conf keeps', async () => {
    const findings = cupsHardening(parseCupsdConf(await readFile(path.join(here, 'fixtures', 'debian12-default-cupsd.conf'), 'utf8')));
    const errors = findings.filter((f) => f.level === 'error').map((f) => f.text);
    expect(errors).toEqual([
      expect.stringMatching(/^PreserveJobFiles \(absent : 86400 par défaut\)/),
      expect.stringMatching(/^PreserveJobHistory \(absent : Yes par défaut\)/),
    ]);
    const warnings = findings.filter((f) => f.level === 'warning').map((f) => f.text);
    expect(warnings).toEqual([expect.stringMatching(/^WebInterface Yes/), expect.stringMatching(/^Browsing Yes/)]);
  });

  it('accepts the test environment’s hardened settings, and reads only top-level directives', () => {
    const text = `LogLevel warn\nPageLogFormat\nPreserveJobFiles No\nPreserveJobHistory 30\nWebInterface No\n<Location />\n  LogLevel debug\n</Location>\n`;
    expect(cupsHardening(parseCupsdConf(text)).every((f) => f.level === 'ok')).toBe(true);
  });

  it('warns of "Require user @OWNER" (Debian 2.4.2-3+deb12u10 crashes on it), which the shipped cupsd.conf no longer has', async () => {
    const debian = await readFile(path.join(here, 'fixtures', 'debian12-default-cupsd.conf'), 'utf8');
    expect(ownerPolicyFindings(debian)).toEqual([{ level: 'warning', text: expect.stringMatching(/^« Require user @OWNER » \(\d+ règles\) — .*plantage/) }]);
    const shipped = await readFile(path.join(here, '..', '..', '..', 'build', 'linux', 'cups', 'cupsd.conf'), 'utf8');
    expect(shipped).toMatch(/@OWNER/); // named in a comment only
    expect(ownerPolicyFindings(shipped)).toEqual([]);
    expect(ownerPolicyFindings('<Limit Cancel-Job>\n  require USER @owner @SYSTEM\n</Limit>\n')).toHaveLength(1);
  });

  it('flags a debug log level and a page log with job names', () => {
    const levels = cupsHardening(parseCupsdConf('LogLevel debug2\nPreserveJobFiles Off\nPreserveJobHistory 3600\nPageLogFormat %p %j %{job-name}\n'));
    expect(levels.filter((f) => f.level === 'error').map((f) => f.text.split(' ')[0])).toEqual(['LogLevel', 'PageLogFormat']);
    expect(levels.find((f) => f.text.startsWith('PreserveJobHistory'))?.level).toBe('warning');
  });

  it('parses `lpstat -l -p` of a stopped queue and of an idle one (recorded output)', () => {
    const text = [
      'printer FAULT disabled since Thu Nov 26 07:08:46 2026 -',
      '\tsimulated media-jam-error',
      '\tForm mounted:',
      '\tContent types: any',
      '\tDescription: FAULT',
      '\tAlerts: media-jam-error paused',
      '\tBanner required',
      'printer PDF is idle.  enabled since Thu Nov 26 07:06:56 2026',
      '\tForm mounted:',
      '\tAlerts: none',
      '\tBanner required',
    ].join('\n');
    expect(parseLpstatPrinters(text)).toEqual([
      { name: 'FAULT', enabled: false, message: 'simulated media-jam-error', alerts: ['media-jam-error', 'paused'] },
      { name: 'PDF', enabled: true, message: null, alerts: [] },
    ]);
  });
});

describe('doctor checks', () => {
  it('warns while the public demo codes are in use', async () => {
    const demo = await checkSecrets(ctx(configWith({})));
    expect(demo.status).toBe('warning');
    expect(demo.message).toMatch(/^le PIN référent \(2468\) et le code technicien \(13579\) sont encore ceux de la configuration de démonstration/);
    const own = configWith({
      security: {
        referentPinHash: await hashSecret('583920'),
        technicianCodeHash: (defaultConfig.security as { technicianCodeHash: string }).technicianCodeHash,
      },
    });
    const half = await checkSecrets(ctx(own));
    expect(half.message).toMatch(/^le code technicien \(13579\) est encore celui/);
  });

  it('warns that nobody is told when a resident calls a referent while no webhook is configured', async () => {
    const none = await checkReferentCall(ctx(configWith({})));
    expect(none.status).toBe('warning');
    expect(none.message).toMatch(/^personne n’est prévenu quand un résident appelle un référent : aucun webhook \(referentCall\.webhookUrl\)/);
    expect(none.details).toEqual([
      'help.place n’est pas renseigné : l’écran dit seulement « Demandez de l’aide à l’accueil ».',
      'numéros affichés : 3939, 3646, 3230, 3949',
    ]);

    const routed = await checkReferentCall(
      ctx(
        configWith({
          referentCall: { webhookUrl: 'https://hooks.mairie.example.fr/cabine/s3cr3t-token', timeoutSeconds: 8 },
          help: { place: { fr: 'Accueil de la mairie, rez-de-chaussée' }, phones: [] },
        }),
      ),
    );
    expect(routed.status).toBe('ok');
    expect(routed.message).toBe('un appel prévient le webhook de hooks.mairie.example.fr (réponse attendue en 8 s ; non appelé par ce diagnostic).');
    expect(routed.details).toEqual([
      'lieu d’accueil affiché : « Accueil de la mairie, rez-de-chaussée »',
      'help.phones est vide : aucun numéro n’est affiché.',
    ]);
    // The webhook's path may hold its secret: the doctor names the host only.
    expect(JSON.stringify(routed)).not.toContain('s3cr3t');
  });

  it('RAM root: ok on tmpfs, error on a disk, warning when the config allows a disk', async () => {
    const onShm = await checkRamRoot(ctx(configWith({ paths: { ramRoot: '/dev/shm/cabine-doctor-test' } })));
    expect(onShm.status).toBe('ok');
    expect(onShm.message).toMatch(/^\/dev\/shm\/cabine-doctor-test est en mémoire vive \(tmpfs, .* libres ; le dossier sera créé au démarrage\)\.$/);
    // Short (the config allows 31 bytes), and on the disk.
    const disk = await mkdtemp('/var/tmp/cd-');
    const onDisk = await checkRamRoot(ctx(configWith({ paths: { ramRoot: disk } })));
    expect(onDisk.status).toBe('error');
    expect(onDisk.message).toMatch(/est sur un disque \(\w+\) : après une coupure de courant/);
    expect((await checkRamRoot(ctx(configWith({ paths: { ramRoot: disk, allowDiskBackedRamRoot: true } })))).status).toBe('warning');
    await rm(disk, { recursive: true, force: true });
    // Too long for Chromium's socket paths: the config itself refuses it (the doctor still says why, for a config read without checks).
    const tooLong = validateConfig({ ...defaultConfig, paths: { ramRoot: '/dev/shm/' + 'x'.repeat(23) } });
    expect(!tooLong.ok && tooLong.problems.map((p) => p.path)).toEqual(['paths.ramRoot']);
    const unchecked = { ...configWith({}), paths: { ...configWith({}).paths, ramRoot: '/dev/shm/' + 'x'.repeat(23) } };
    expect((await checkRamRoot(ctx(unchecked))).message).toMatch(/est trop long \(32 caractères, 31 au plus/);
    // A folder of something else.
    const foreign = '/dev/shm/cabine-doctor-foreign';
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, 'photo.jpg'), '');
    const notOurs = await checkRamRoot(ctx(configWith({ paths: { ramRoot: foreign } })));
    await rm(foreign, { recursive: true });
    expect(notOurs).toMatchObject({ status: 'error', message: expect.stringMatching(/contient déjà des fichiers qui ne sont pas ceux de Cabine/) });
    // An existing root others can enter.
    const open = '/dev/shm/cabine-doctor-open';
    await mkdir(open, { recursive: true });
    await chmod(open, 0o755);
    const loose = await checkRamRoot(ctx(configWith({ paths: { ramRoot: open } })));
    await rm(open, { recursive: true });
    expect(loose.status).toBe('warning');
    expect(loose.details).toEqual([expect.stringMatching(/^droits 755/)]);
  });

  it('swap: none, or active (from /proc/swaps)', async () => {
    const none = path.join(dir(), 'swaps-none');
    await writeFile(none, 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n');
    expect((await checkSwap(ctx(configWith({})), none)).status).toBe('ok');
    const some = path.join(dir(), 'swaps-some');
    await writeFile(some, 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/vda2                               partition\t2097148\t\t0\t\t-2\n');
    const r = await checkSwap(ctx(configWith({})), some);
    expect(r.status).toBe('warning');
    expect(r.message).toMatch(/^active \(\/dev\/vda2\)/);
  });

  const sensor = { kind: 'keyboard-key' as const, name: 'Détecteur Kemet', vendorId: 0x16c0, productId: 0x05df, usage: 4 };
  const hidList = [{ vendorId: 0x16c0, productId: 0x05df, path: '/dev/hidraw3', product: 'Presence', release: 256, interface: 0 }];

  it('presence sensor: present, absent (warning or error when essential), disabled', async () => {
    const present = await checkOccupancy(ctx(configWith({ devices: { occupancy: { enabled: true, profile: sensor } } }), { hidDevices: async () => hidList }));
    expect(present).toMatchObject({ status: 'ok', message: '« Détecteur Kemet » (16c0:05df) est présent (/dev/hidraw3).' });
    const absent = await checkOccupancy(ctx(configWith({ devices: { occupancy: { enabled: true, profile: sensor } } }), { hidDevices: async () => [] }));
    expect(absent.status).toBe('warning');
    expect(absent.message).toMatch(/setup-kiosk\.sh --hid 16c0:05df/);
    const essential = await checkOccupancy(
      ctx(configWith({ devices: { occupancy: { enabled: true, essential: true, profile: sensor } } }), { hidDevices: async () => [] }),
    );
    expect(essential.status).toBe('error');
    const broken = await checkOccupancy(
      ctx(configWith({ devices: { occupancy: { enabled: true, profile: sensor } } }), {
        hidDevices: async () => Promise.reject(new Error('libudev not found')),
      }),
    );
    expect(broken.message).toMatch(/impossible de lister les périphériques HID \(libudev not found\)/);
    expect((await checkOccupancy(ctx(configWith({})))).status).toBe('ok');
  });

  it('badge reader: present or absent', async () => {
    const config = configWith({ devices: { badge: { enabled: true, vendorId: 0x16c0, productId: 0x05df } } });
    expect((await checkBadge(ctx(config, { hidDevices: async () => hidList }))).status).toBe('ok');
    expect((await checkBadge(ctx(config, { hidDevices: async () => [] }))).status).toBe('warning');
  });

  it('démarche hosts: resolvable (localhost), or not — reported, not thrown', async () => {
    const demarche = (id: string, url: string) => ({ id, name: { fr: id }, description: { fr: id }, startUrl: url, allow: [new URL(url).hostname] });
    const local = await checkDns(ctx(configWith({ hostGroups: {}, catalog: [demarche('local', 'https://localhost/')] })));
    expect(local).toMatchObject({ status: 'ok', message: 'l’adresse de départ se résout.' });
    const none = await checkDns(ctx(configWith({ hostGroups: {}, catalog: [demarche('a', 'https://nowhere.invalid/'), demarche('b', 'https://localhost/')] })));
    expect(none.status).toBe('error');
    expect(none.message).toMatch(/^1 adresse\(s\) de départ sur 2 ne se résolvent pas/);
    expect(none.details).toEqual(['nowhere.invalid : nom inconnu']);
    // A démarche's start pages are checked too (« Ma messagerie »).
    const starts = await checkDns(
      ctx(
        configWith({
          hostGroups: {},
          catalog: [
            {
              ...demarche('mail', 'https://localhost/'),
              allow: ['localhost', 'mail.invalid'],
              starts: [{ id: 'x', name: 'X', url: 'https://mail.invalid/' }],
            },
          ],
        }),
      ),
    );
    expect(starts.details).toEqual(['mail.invalid : nom inconnu']);
  });

  it('Electron: found through ELECTRON_OVERRIDE_DIST_PATH, or an error naming where it looked', async () => {
    const dist = path.join(dir(), 'electron-dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(dist, 'electron'), '#!/bin/sh\n');
    await chmod(path.join(dist, 'electron'), 0o755);
    const found = await checkElectron(ctx(configWith({}), { env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, installedBinary: path.join(dir(), 'nope') }));
    expect(found).toMatchObject({ status: 'ok', message: `binaire présent : ${path.join(dist, 'electron')} (ELECTRON_OVERRIDE_DIST_PATH).` });
    const missing = await checkElectron(ctx(configWith({}), { installedBinary: path.join(dir(), 'nope') }));
    expect(missing.status).toBe('error');
    expect(missing.message).toMatch(/^aucun binaire Electron : la cabine ne peut pas démarrer/);
    expect(missing.details).toContain(`cherché : ${path.join(dir(), 'nope')} (paquet installé)`);
  });

  it('formats results with a summary line', () => {
    const text = formatResults([
      { id: 'a', title: 'Imprimante', status: 'ok', message: 'ok.' },
      { id: 'b', title: 'Scanner', status: 'warning', message: 'absent.' },
      { id: 'c', title: 'Electron', status: 'error', message: 'absent.', details: ['cherché : /x'] },
    ]);
    expect(text).toBe(
      '[  OK  ] Imprimante : ok.\n[ AVERT] Scanner : absent.\n[ERREUR] Electron : absent.\n           - cherché : /x\nBilan : 1 OK, 1 avertissement, 1 erreur.\n',
    );
  });
});
