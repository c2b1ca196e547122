// The fleet file (issue 16): its shape, RFC 7386 merging, and every cabin's result checked by the cabin's own schema.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkEveryCabin, mergedConfigFor, mergePatch, parseFleetFile, type FleetFile } from '../../../../src/cabin/fleet/fleet-file';
import { defaultConfig } from '../../../../src/shared/config';

/** The demo config as the fleet's defaults: a whole config without the cabin's id. */
function defaults(): Record<string, unknown> {
  const d = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  delete d.cabin.id;
  return d;
}

function fleet(cabins: FleetFile['cabins'] = {}, version = 3): FleetFile {
  return { version, defaults: defaults(), cabins };
}

describe('mergePatch (RFC 7386)', () => {
  // The examples of RFC 7386, appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });

  it('does not change what it merges', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    mergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: 2 } });
  });
});

describe('parseFleetFile', () => {
  it('reads YAML with a version, defaults and a section per cabin', () => {
    const r = parseFleetFile(stringify({ version: 7, defaults: defaults(), cabins: { 'lyon-3-mairie': { cabin: { place: 'Hall' } }, 'bron-bib': null } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.fleet.version).toBe(7);
      expect(Object.keys(r.fleet.cabins)).toEqual(['lyon-3-mairie', 'bron-bib']);
    }
  });

  it('says what is wrong with its shape, in French', () => {
    const r = parseFleetFile(stringify({ defaults: defaults(), cabins: { 'Pas Un Id': {} }, extra: 1 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => `${p.path}: ${p.message}`);
    expect(paths).toContain('version: valeur manquante');
    expect(paths).toContain('(racine): clé inconnue : extra');
    expect(paths.some((p) => p.startsWith('cabins') && p.includes('identifiant de cabine invalide'))).toBe(true);
  });

  it('refuses a YAML syntax error, and a key written twice', () => {
    expect(parseFleetFile('version: [1').ok).toBe(false);
    const twice = parseFleetFile('version: 1\nversion: 2\ndefaults: {}\n');
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]!.message).toMatch(/^syntaxe/);
  });

  it('refuses a fleet or paths section, or a cabin id, in it: those are the cabin’s own', () => {
    const withFleet = defaults();
    withFleet.fleet = { url: 'https://evil.example/fleet.yaml', signingKeys: ['ssh-ed25519 AAAA'] };
    const r = parseFleetFile(stringify({ version: 1, defaults: withFleet, cabins: { a: { cabin: { id: 'b' } }, b: { paths: { ramRoot: '/home' } } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['defaults.fleet', 'cabins.a.cabin.id', 'cabins.b.paths']);
  });

  it('refuses something too big to be a fleet file without parsing it', () => {
    const r = parseFleetFile(`version: 1\n#${'x'.repeat(4 * 1024 * 1024)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/dépasse 4 Mo/);
  });
});

describe('mergedConfigFor', () => {
  it('the defaults, then the cabin’s section; its id and its fleet section from the cabin itself', () => {
    const own = { url: 'https://parc.example/fleet.yaml', signingKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample parc'] };
    const f = fleet({ 'lyon-3-mairie': { cabin: { commune: { name: 'Lyon 3e' }, place: null }, timers: { inactivitySeconds: 300 } } });
    const merged = mergedConfigFor(f, 'lyon-3-mairie', { fleet: own, paths: { stateDir: '/var/lib/cabine/state' } }) as {
      cabin: Record<string, unknown>;
      timers: Record<string, unknown>;
      fleet: unknown;
    };
    expect(merged.cabin).toEqual({ id: 'lyon-3-mairie', commune: { name: 'Lyon 3e' } });
    expect(merged.timers.inactivitySeconds).toBe(300);
    expect(merged.fleet).toEqual(own);
    expect((merged as unknown as { paths: unknown }).paths).toEqual({ stateDir: '/var/lib/cabine/state' });
    // A cabin with no section gets the defaults, under its own id.
    expect((mergedConfigFor(f, 'bron-bib', { fleet: own }) as { cabin: { id: string; commune: { name: string } } }).cabin).toMatchObject({
      id: 'bron-bib',
      commune: { name: 'Commune de démonstration' },
    });
  });
});

describe('checkEveryCabin', () => {
  it('validates each cabin’s result with the cabin’s own schema, and names what a cabin would refuse', () => {
    const f = fleet({
      'lyon-3-mairie': { cabin: { commune: { name: 'Lyon 3e' } } },
      'bron-bib': { catalog: [{ ...defaultConfig.catalog[0], startUrl: 'https://ailleurs.example/' }] },
    });
    const checks = checkEveryCabin(f);
    expect(checks.map((c) => [c.cabinId, c.ok])).toEqual([
      ['lyon-3-mairie', true],
      ['bron-bib', false],
    ]);
    const bad = checks[1]!;
    if (!bad.ok) expect(bad.problems.map((p) => p.path)).toContain('catalog[0].startUrl');
    const good = checks[0]!;
    if (good.ok) expect(good.config.cabin).toMatchObject({ id: 'lyon-3-mairie', commune: { name: 'Lyon 3e' } });
  });
});
