// The config schema: the embedded default is valid and complete, and each kind of bad config is
// refused with the path of the problem and a French sentence (and, where useful, a hint).
import { describe, expect, it } from 'vitest';
import { defaultConfig, formatProblems, validateConfig, type CabinConfigInput } from '../../../src/shared/config';
import { expandAllowList, hostAllowed } from '../../../src/shared/policy/hosts';
import { settingsFromConfig } from '../../../src/shared/session';

const clone = (): CabinConfigInput & Record<string, unknown> => structuredClone(defaultConfig) as CabinConfigInput & Record<string, unknown>;

function problemsOf(mutate: (c: ReturnType<typeof clone>) => void) {
  const c = clone();
  mutate(c);
  const r = validateConfig(c);
  if (r.ok) throw new Error('expected the config to be refused');
  return r.problems;
}

describe('the embedded default config', () => {
  const r = validateConfig(defaultConfig);

  it('is valid, with the defaults filled in', () => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.timers).toMatchObject({
      inactivitySeconds: 120,
      warningSeconds: 60,
      vacantSeconds: 20,
      maxSessionMinutes: 45,
      extendMinutes: 15,
      maxExtensions: 2,
    });
    expect(r.config.security.lockout).toEqual({ maxAttempts: 5, minutes: 5 });
    expect(r.config.paths.ramRoot).toBe('/dev/shm/cabine');
    expect(r.config.metrics.enabled).toBe(false);
  });

  it('holds the real catalog: impôts, CAF, France Titres, ameli, France Travail, service-public, Ma messagerie', () => {
    if (!r.ok) throw new Error('invalid');
    const hosts = Object.fromEntries(r.config.catalog.map((d) => [d.id, new URL(d.startUrl).hostname]));
    expect(hosts).toEqual({
      impots: 'www.impots.gouv.fr',
      caf: 'www.caf.fr',
      titres: 'ants.gouv.fr',
      ameli: 'www.ameli.fr',
      'france-travail': 'www.francetravail.fr',
      'service-public': 'www.service-public.gouv.fr',
      messagerie: 'www.laposte.net',
    });
  });

  it('lets every démarche through FranceConnect and its identity providers (not « Ma messagerie »: no webmail uses it)', () => {
    if (!r.ok) throw new Error('invalid');
    for (const d of r.config.catalog.filter((c) => c.id !== 'messagerie')) {
      const allow = expandAllowList(d.allow, r.config.hostGroups);
      for (const host of [
        'app.franceconnect.gouv.fr',
        'cfspart.impots.gouv.fr',
        'connexion.ameli.fr',
        'lidentitenumerique.laposte.fr',
        'france-identite.gouv.fr',
      ]) {
        expect(hostAllowed(allow, host), `${d.id} → ${host}`).toBe(true);
      }
      expect(hostAllowed(allow, 'www.google.com')).toBe(false);
      expect(hostAllowed(allow, 'impots.gouv.fr.evil.com')).toBe(false);
    }
  });

  it('gives the machine its settings', () => {
    if (!r.ok) throw new Error('invalid');
    const s = settingsFromConfig(r.config);
    expect(s.demarcheIds).toHaveLength(7);
    expect(s.demarcheStarts).toEqual({ messagerie: ['laposte', 'orange', 'free', 'sfr', 'gmail', 'outlook', 'yahoo'] });
    expect(s.essential).toEqual({ printer: false, scanner: false, occupancy: false, badge: false });
    expect(s.referentCallTimeoutSeconds).toBe(10);
  });

  it('has no call route for a referent (cabine doctor warns), and the national numbers that help, in fr, en and ar', () => {
    if (!r.ok) throw new Error('invalid');
    expect(r.config.referentCall).toEqual({ timeoutSeconds: 10 });
    expect(r.config.help.place).toBeUndefined();
    expect(r.config.help.phones.map((p) => p.number)).toEqual(['3939', '3646', '3230', '3949']);
    for (const p of r.config.help.phones) expect(Object.keys(p.label).sort()).toEqual(['ar', 'en', 'fr']);
    expect(r.config.help.phones[0]!.label.fr).toMatch(/^Allô Service Public/);
  });

  it('takes a video call on the commune’s Jitsi Meet, with its defaults, and tells the machine how long to ring', () => {
    const c = clone();
    c.referentCall = { webhookUrl: 'https://hooks.example.fr/cabine', visio: { url: 'https://visio.example.fr/' } };
    const checked = validateConfig(c);
    if (!checked.ok) throw new Error(formatProblems(checked.problems));
    expect(checked.config.referentCall.visio).toEqual({ provider: 'jitsi', url: 'https://visio.example.fr/', roomPrefix: 'cabine', answerSeconds: 90 });
    expect(settingsFromConfig(checked.config).visio).toEqual({ answerSeconds: 90 });
    if (!r.ok) throw new Error('invalid');
    expect(settingsFromConfig(r.config).visio).toBeNull();
  });

  it("takes a commune's own help: a localized place and its numbers, in place of the defaults", () => {
    const c = clone();
    c.help = { place: { fr: 'Accueil de la mairie', ar: 'استقبال البلدية' }, phones: [{ number: '04 72 10 30 30', label: { fr: 'Mairie' } }] };
    const checked = validateConfig(c);
    if (!checked.ok) throw new Error(formatProblems(checked.problems));
    expect(checked.config.help).toEqual({
      place: { fr: 'Accueil de la mairie', ar: 'استقبال البلدية' },
      phones: [{ number: '04 72 10 30 30', label: { fr: 'Mairie' } }],
    });
  });
});

describe('a bad config is refused with every problem, its path and a French hint', () => {
  const cases: [string, (c: ReturnType<typeof clone>) => void, string, RegExp][] = [
    ['unknown field', (c) => (c.colour = 'bleu'), '(racine)', /champ inconnu : « colour »/],
    ['misspelt nested field', (c) => ((c.timers as Record<string, unknown>) = { inactivitySecond: 60 }), 'timers', /champ inconnu : « inactivitySecond »/],
    ['wrong type', (c) => (c.timers = { inactivitySeconds: '120' as unknown as number }), 'timers.inactivitySeconds', /il faut un nombre, pas un texte/],
    ['missing required field', (c) => delete (c as Partial<CabinConfigInput>).security, 'security', /champ obligatoire manquant/],
    ['http instead of https', (c) => (c.catalog[0]!.startUrl = 'http://www.impots.gouv.fr/'), 'catalog[0].startUrl', /https:\/\//],
    ['not a URL', (c) => (c.catalog[1]!.startUrl = 'caf.fr'), 'catalog[1].startUrl', /https:\/\//],
    ['empty catalog', (c) => (c.catalog = []), 'catalog', /catalogue est vide/],
    ['PIN in clear text', (c) => (c.security.referentPinHash = '1234'), 'security.referentPinHash', /empreinte/],
    [
      'PIN in clear text, unquoted (a number)',
      (c) => (c.security.technicianCodeHash = 13579 as unknown as string),
      'security.technicianCodeHash',
      /code en clair/,
    ],
    ['duplicate démarche id', (c) => (c.catalog[2]!.id = 'caf'), 'catalog[2].id', /déjà utilisé/],
    ['bad host in the allow-list', (c) => (c.catalog[0]!.allow = ['https://impots.gouv.fr']), 'catalog[0].allow[0]', /nom d’hôte/],
    ['unknown host group', (c) => (c.catalog[0]!.allow = ['*.impots.gouv.fr', '@franceconect']), 'catalog[0].allow[1]', /groupe d’hôtes n’existe pas/],
    ['start URL outside its allow-list', (c) => (c.catalog[3]!.allow = ['*.caf.fr']), 'catalog[3].startUrl', /pas dans la liste autorisée/],
    ['warning longer than the inactivity delay', (c) => (c.timers = { inactivitySeconds: 30, warningSeconds: 60 }), 'timers.warningSeconds', /avertissement/],
    ['timer out of range', (c) => (c.timers = { vacantSeconds: 0 }), 'timers.vacantSeconds', /trop petit/],
    ['a warning too short to read and answer (under 20 s)', (c) => (c.timers = { warningSeconds: 10 }), 'timers.warningSeconds', /trop petit/],
    [
      'an assisted warning longer than its inactivity delay',
      (c) => (c.timers = { assisted: { inactivitySeconds: 30, warningSeconds: 60 } }),
      'timers.assisted.warningSeconds',
      /avertissement/,
    ],
    ['an extension of more than an hour', (c) => (c.timers = { extendMinutes: 90 }), 'timers.extendMinutes', /trop grand/],
    ['more than 10 extensions', (c) => (c.timers = { maxExtensions: 11 }), 'timers.maxExtensions', /trop grand/],
    ['sensor enabled without a profile', (c) => (c.devices = { occupancy: { enabled: true } }), 'devices.occupancy.profile', /sans profil/],
    ['metrics without a token', (c) => (c.metrics = { enabled: true }), 'metrics.bearerTokenHash', /sans jeton/],
    ['relative RAM root', (c) => (c.paths = { ramRoot: 'tmp/cabine' }), 'paths.ramRoot', /absolu/],
    ['unknown locale', (c) => (c.locales = { default: 'de' as 'fr', available: ['fr'] }), 'locales.default', /valeurs possibles/],
    ['French name missing', (c) => (c.catalog[0]!.name = { en: 'Taxes' } as never), 'catalog[0].name.fr', /manquant/],
    [
      'not a phone number',
      (c) => (c.help = { phones: [{ number: '39-39', label: { fr: 'Allô' } }] }),
      'help.phones[0].number',
      /numéro de téléphone invalide.*entre guillemets/,
    ],
    [
      'phone without its French label',
      (c) => (c.help = { phones: [{ number: '3939', label: { en: 'Allô' } as never }] }),
      'help.phones[0].label.fr',
      /manquant/,
    ],
    ['webhook over http', (c) => (c.referentCall = { webhookUrl: 'http://hooks.example.fr/cabine' }), 'referentCall.webhookUrl', /https:\/\//],
    ['call timeout out of range', (c) => (c.referentCall = { timeoutSeconds: 600 }), 'referentCall.timeoutSeconds', /trop grand/],
    ['visio over http', (c) => (c.referentCall = { visio: { url: 'http://visio.example.fr/' } }), 'referentCall.visio.url', /https:\/\//],
    [
      'visio room prefix with capitals',
      (c) => (c.referentCall = { visio: { url: 'https://visio.example.fr/', roomPrefix: 'Cabine' } }),
      'referentCall.visio.roomPrefix',
      /Minuscules/,
    ],
    [
      'visio answer time too short',
      (c) => (c.referentCall = { visio: { url: 'https://visio.example.fr/', answerSeconds: 5 } }),
      'referentCall.visio.answerSeconds',
      /trop petit/,
    ],
    [
      'scanner resolution not supported',
      (c) => (c.devices = { scanner: { resolution: 600 as 150 } }),
      'devices.scanner.resolution',
      /aucune des formes|valeur non permise/,
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, message) => {
    const problems = problemsOf(mutate);
    const found = problems.find((p) => p.path === path);
    expect(found, `problems were:\n${formatProblems(problems)}`).toBeDefined();
    expect(found!.message + ' ' + (found!.hint ?? '')).toMatch(message);
  });

  it('lists every problem of a file at once, not one per attempt', () => {
    const problems = problemsOf((c) => {
      c.colour = 'bleu';
      c.catalog[0]!.startUrl = 'http://x.fr';
      c.catalog[2]!.id = 'caf';
      c.security.technicianCodeHash = '13579';
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['(racine)', 'catalog[0].startUrl', 'catalog[2].id', 'security.technicianCodeHash']));
  });

  it('refuses what is not an object at all', () => {
    for (const v of [null, 42, 'cabine', []]) {
      const r = validateConfig(v);
      expect(r.ok).toBe(false);
    }
  });

  it('formats problems one per line with the hint under it', () => {
    const text = formatProblems(problemsOf((c) => (c.security.referentPinHash = '1234')));
    expect(text).toContain('- security.referentPinHash : ce n’est pas une empreinte de secret');
    expect(text).toContain('→ On dirait un code en clair.');
  });
});

describe('payment hosts of a démarche (issue 15)', () => {
  it('the default catalog pays the timbre fiscal on its shop and PayFiP, for 15 minutes at most', () => {
    const r = validateConfig(defaultConfig);
    if (!r.ok) throw new Error('the default config is valid');
    const byId = Object.fromEntries(r.config.catalog.map((d) => [d.id, d.payment]));
    expect(byId.titres).toEqual({ hosts: ['timbres.impots.gouv.fr'], maxMinutes: 15 });
    expect(byId.impots).toEqual({ hosts: ['timbres.impots.gouv.fr', 'www.payfip.gouv.fr'], maxMinutes: 15 });
    expect(byId.caf).toBeUndefined();
  });

  it.each([
    ['a URL for a host', { hosts: ['https://www.payfip.gouv.fr/'] }, 'catalog[2].payment.hosts[0]', /nom d’hôte/],
    ['a host group (never a whole group of payment hosts)', { hosts: ['@franceconnect'] }, 'catalog[2].payment.hosts[0]', /nom d’hôte/],
    ['no host', { hosts: [] }, 'catalog[2].payment.hosts', /./],
    ['no time', { hosts: ['timbres.impots.gouv.fr'], maxMinutes: 0 }, 'catalog[2].payment.maxMinutes', /trop petit/],
    ['more than an hour', { hosts: ['timbres.impots.gouv.fr'], maxMinutes: 120 }, 'catalog[2].payment.maxMinutes', /trop grand/],
  ])('refuses %s', (_what, payment, path, hint) => {
    const problems = problemsOf((c) => ((c.catalog[2] as Record<string, unknown>).payment = payment));
    const p = problems.find((x) => x.path === path);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(`${p!.message} ${p!.hint ?? ''}`).toMatch(hint);
  });
});
