// Démarches with several start pages (issue 15, « Ma messagerie »): the default catalog's seven webmails, each start
// inside its démarche's allow-list; a start off the list, a start twice or a bad address end are refused with their path.
import { describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig, type CabinConfigInput } from '../../../../src/shared/config';
import { expandAllowList, hostAllowed } from '../../../../src/shared/policy/hosts';

type Input = CabinConfigInput & Record<string, unknown>;
const clone = (): Input => structuredClone(defaultConfig) as Input;
const mail = (c: Input) => c.catalog.find((d) => d.id === 'messagerie')!;

function problemsOf(mutate: (c: Input) => void) {
  const c = clone();
  mutate(c);
  const r = validateConfig(c);
  if (r.ok) throw new Error('expected the config to be refused');
  return r.problems.map((p) => ({ path: p.path, message: p.message }));
}

describe('« Ma messagerie » in the default catalog', () => {
  const r = validateConfig(defaultConfig);
  if (!r.ok) throw new Error('the default config is invalid');
  const d = r.config.catalog.find((c) => c.id === 'messagerie')!;
  const allow = expandAllowList(d.allow, r.config.hostGroups);

  it('offers the seven webmails, by name, with the ends of their addresses', () => {
    expect(d.name).toEqual({ fr: 'Ma messagerie', en: 'My e-mail', ar: 'بريدي الإلكتروني' });
    expect(d.description.fr).toBe('Lire un e-mail, par exemple un code reçu.');
    expect(d.starts.map((s) => s.id)).toEqual(['laposte', 'orange', 'free', 'sfr', 'gmail', 'outlook', 'yahoo']);
    for (const s of d.starts) expect(s.domains.length, s.id).toBeGreaterThan(0);
  });

  it('lets each start page and each login host through, and nothing else of those companies', () => {
    for (const s of d.starts) expect(hostAllowed(allow, new URL(s.url).hostname), s.id).toBe(true);
    for (const host of [
      'compte.laposte.net',
      'login.orange.fr',
      'messagerie.orange.fr',
      'webmail.free.fr',
      'webmail.sfr.fr',
      'accounts.google.com',
      'mail.google.com',
      'login.live.com',
      'login.microsoftonline.com',
      'outlook.live.com',
      'login.yahoo.com',
      'guce.yahoo.com',
      'fr.mail.yahoo.com',
    ]) {
      expect(hostAllowed(allow, host), host).toBe(true);
    }
    for (const host of ['www.google.com', 'www.youtube.com', 'www.orange.fr', 'fr.yahoo.com', 'www.bing.com', 'www.free.fr']) {
      expect(hostAllowed(allow, host), host).toBe(false);
    }
  });
});

describe('starts in a config', () => {
  it('refuses a start page outside the allow-list, with its path', () => {
    const problems = problemsOf((c) => {
      mail(c).starts![1] = { id: 'orange', name: 'Orange', url: 'https://evil.example/', domains: ['@orange.fr'] };
    });
    expect(problems).toEqual([expect.objectContaining({ path: 'catalog[6].starts[1].url' })]);
  });

  it('refuses the same start twice', () => {
    const problems = problemsOf((c) => {
      mail(c).starts![2] = { ...mail(c).starts![0]! };
    });
    expect(problems).toEqual([expect.objectContaining({ path: 'catalog[6].starts[2].id', message: expect.stringContaining('déjà utilisé') })]);
  });

  it('refuses an address end without its @, and a start that is not https', () => {
    const problems = problemsOf((c) => {
      mail(c).starts![0] = { id: 'laposte', name: 'La Poste', url: 'http://www.laposte.net/', domains: ['laposte.net'] };
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['catalog[6].starts[0].domains[0]', 'catalog[6].starts[0].url']);
  });

  it('keeps a démarche without starts as it was (none by default)', () => {
    const r = validateConfig(defaultConfig);
    if (!r.ok) throw new Error('invalid');
    expect(r.config.catalog.find((c) => c.id === 'impots')!.starts).toEqual([]);
  });
});
