// The JSON Schema for editors agrees with the zod schema on what matters while typing: it
// accepts the embedded default and the `config init` file, and flags the usual mistakes.
// Checked with Ajv (draft 2020-12), the validator electron-builder already brings.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { configJsonSchema } from '../../../../src/shared/config/json-schema';
import { defaultConfig } from '../../../../src/shared/config';
import { configTemplate } from '../../../../src/cli/config-template';

const require = createRequire(import.meta.url);
const Ajv2020 = (
  require('ajv/dist/2020') as {
    default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] } };
  }
).default;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(configJsonSchema());
const security = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };

describe('config JSON Schema', () => {
  it('accepts the embedded default config and the starting file of config init', () => {
    expect(validate(defaultConfig), JSON.stringify(validate.errors)).toBe(true);
    const init = parse(
      configTemplate({
        cabinId: 'x',
        commune: 'X',
        place: 'Y',
        printerQueue: 'Cabine',
        ramRoot: '/var/lib/cabine/ram/sessions',
        stateDir: '/var/lib/cabine/state',
        ...security,
      }),
    );
    expect(validate(init), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown field', (c: Record<string, unknown>) => (c.colour = 'bleu'), ''],
    ['a PIN in clear', (c: Record<string, unknown>) => ((c.security as Record<string, unknown>).referentPinHash = '2468'), '/security/referentPinHash'],
    ['a wrong type', (c: Record<string, unknown>) => (c.timers = { inactivitySeconds: 'deux minutes' }), '/timers/inactivitySeconds'],
    ['an empty catalog', (c: Record<string, unknown>) => (c.catalog = []), '/catalog'],
    [
      'a bad host in an allow-list',
      (c: Record<string, unknown>) => ((c.catalog as { allow: string[] }[])[0]!.allow = ['https://impots.gouv.fr/']),
      '/catalog/0/allow/0',
    ],
  ])('flags %s', (_what, edit, at) => {
    const c = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
    edit(c);
    expect(validate(c)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(at);
  });

  it('describes fields in French for hover help', () => {
    const schema = configJsonSchema() as { description: string; properties: { catalog: { items: { properties: { startUrl: { description: string } } } } } };
    expect(schema.description).toMatch(/cabine config validate/);
    expect(schema.properties.catalog.items.properties.startUrl.description).toMatch(/https/);
  });
});
