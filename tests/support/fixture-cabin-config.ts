// The config of a cabin whose one démarche is the local fixture site (tests/fixtures/demarche): the default config,
// its catalog replaced. The schema wants https; the fixture is plain http on loopback (allowed in tests only), so
// the start page is set after validation.
import { defaultConfig, validateConfig, type CabinConfig } from '../../src/shared/config';

export function fixtureCabinConfig(startUrl: string, devices: Record<string, unknown>): CabinConfig {
  const r = validateConfig({
    ...defaultConfig,
    catalog: [
      { id: 'test', name: { fr: 'Démarche de test' }, description: { fr: 'Pour les tests' }, startUrl: 'https://app.localhost/', allow: ['app.localhost'] },
    ],
    devices,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  r.config.catalog[0]!.startUrl = startUrl;
  return r.config;
}
