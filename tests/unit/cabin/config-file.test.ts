// Each kind of malformed config file a technician may write gets a clear French message,
// with where it is (path, and line when the file tells), and a hint.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatFileProblems, parseProblemPath, readConfigFile, resolveConfigPath, type ConfigFileResult } from '../../../src/cabin/config-file';
import { defaultConfig } from '../../../src/shared/config';
import { configTemplate } from '../../../src/cli/config-template';
import { runAsNobody } from '../../support/run-as-nobody';
import { useScratchDir } from '../../support/scratch';

const dir = useScratchDir('cabine-config-file-', { per: 'file' });
const security = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };
const template = () =>
  configTemplate({
    cabinId: 'lyon-3-mairie',
    commune: 'Lyon 3e',
    place: 'Mairie du 3e, accueil',
    printerQueue: 'Cabine',
    ramRoot: '/var/lib/cabine/sessions',
    stateDir: '/var/lib/cabine/state',
    referentPinHash: security.referentPinHash,
    technicianCodeHash: security.technicianCodeHash,
  });

async function write(name: string, text: string, mode = 0o600): Promise<string> {
  const file = path.join(dir(), name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

function problems(result: ConfigFileResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

/** The config as an object, changed by `edit`, written as YAML. */
async function yamlWith(name: string, edit: (c: Record<string, unknown>) => void): Promise<string> {
  const c = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
  edit(c);
  return write(name, stringify(c));
}

describe('readConfigFile: valid files', () => {
  it('reads the commented starting file of `cabine config init`', async () => {
    const result = await readConfigFile(await write('init.yaml', template()));
    expect(result.ok, result.ok ? '' : formatFileProblems(result.problems)).toBe(true);
    if (result.ok) {
      expect(result.format).toBe('yaml');
      expect(result.config.cabin.id).toBe('lyon-3-mairie');
      expect(result.config.catalog.map((d) => d.id)).toEqual(defaultConfig.catalog.map((d) => d.id));
      expect(result.config.timers.inactivitySeconds).toBe(120);
    }
  });

  it('reads JSON, with or without a BOM', async () => {
    expect((await readConfigFile(await write('c.json', JSON.stringify(defaultConfig, null, 2)))).ok).toBe(true);
    expect((await readConfigFile(await write('bom.json', '\uFEFF' + JSON.stringify(defaultConfig)))).ok).toBe(true);
  });
});

describe('readConfigFile: each kind of malformed file', () => {
  it('YAML syntax error: line and column', async () => {
    const text = template().replace('  place: "Mairie du 3e, accueil"', '  place: "Mairie du 3e, accueil');
    const [p] = problems(await readConfigFile(await write('syntax.yaml', text)));
    const line = text.split('\n').findIndex((l) => l.startsWith('  place:')) + 1;
    expect(p!.path).toBe('(fichier)');
    expect(p!.message).toMatch(/^erreur de syntaxe YAML ligne \d+, colonne \d+/);
    expect(p!.line).toBeGreaterThanOrEqual(line);
    expect(p!.hint).toMatch(/indentation/);
  });

  it('YAML with a key written twice', async () => {
    const text = template().replace('wipe:\n', 'wipe:\n  maxAttempts: 2\n');
    const [p] = problems(await readConfigFile(await write('dup-key.yaml', text)));
    expect(p!.message).toMatch(/clé en double/);
    expect(p!.line).toBe(text.split('\n').findIndex((l) => l.includes('maxAttempts: 3')) + 1);
  });

  it('JSON syntax error: line and column', async () => {
    const text = '{\n  "version": 1,\n  "cabin": { "id": "x", },\n}\n';
    const [p] = problems(await readConfigFile(await write('syntax.json', text)));
    expect(p!.message).toMatch(/^erreur de syntaxe JSON ligne 3, colonne \d+/);
    expect(p!.line).toBe(3);
    expect(p!.hint).toMatch(/Virgule/);
  });

  it('unknown field (a typo), with its line', async () => {
    const text = template().replace('  maxSessionMinutes: 45', '  maxSessionMinute: 45');
    const list = problems(await readConfigFile(await write('unknown.yaml', text)));
    const p = list.find((x) => x.message.includes('champ inconnu'));
    expect(p).toMatchObject({ path: 'timers', message: 'champ inconnu : « maxSessionMinute »' });
    expect(p!.hint).toMatch(/orthographe/);
    expect(p!.line).toBe(text.split('\n').findIndex((l) => l.startsWith('timers:')) + 1);
  });

  it('wrong type', async () => {
    const text = template().replace('  inactivitySeconds: 120', '  inactivitySeconds: "deux minutes"');
    const p = problems(await readConfigFile(await write('type.yaml', text))).find((x) => x.path === 'timers.inactivitySeconds');
    expect(p?.message).toBe('il faut un nombre, pas un texte');
    expect(p?.line).toBe(text.split('\n').findIndex((l) => l.includes('"deux minutes"')) + 1);
  });

  it('bad URL', async () => {
    const file = await yamlWith('bad-url.yaml', (c) => ((c.catalog as { startUrl: string }[])[1]!.startUrl = 'www.caf.fr'));
    const p = problems(await readConfigFile(file)).find((x) => x.path === 'catalog[1].startUrl');
    expect(p?.message).toBe('l’adresse doit être une URL complète en https://');
    expect(p?.line).toBeGreaterThan(1);
  });

  it('http instead of https', async () => {
    const file = await yamlWith('http.yaml', (c) => ((c.catalog as { startUrl: string }[])[0]!.startUrl = 'http://www.impots.gouv.fr/accueil'));
    const p = problems(await readConfigFile(file)).find((x) => x.path === 'catalog[0].startUrl');
    expect(p?.message).toMatch(/https/);
    expect(p?.hint).toMatch(/https/);
  });

  it('empty catalog', async () => {
    const file = await yamlWith('empty-catalog.yaml', (c) => (c.catalog = []));
    const p = problems(await readConfigFile(file)).find((x) => x.path === 'catalog');
    expect(p).toMatchObject({ message: 'le catalogue est vide', hint: 'Ajoutez au moins une démarche dans « catalog ».' });
  });

  it('PIN in clear text (quoted or not)', async () => {
    for (const pin of ['2468', '"2468"']) {
      const text = template().replace(/ {2}referentPinHash: .*/, `  referentPinHash: ${pin}`);
      const p = problems(await readConfigFile(await write(`clear-pin-${pin.length}.yaml`, text))).find((x) => x.path === 'security.referentPinHash');
      expect(p, pin).toBeDefined();
      expect(p!.message).toMatch(/en clair/);
      expect(p!.hint).toMatch(/^On dirait un code en clair\. .*cabine config hash-secret/);
    }
  });

  it('duplicate démarche id', async () => {
    const file = await yamlWith('dup-id.yaml', (c) => ((c.catalog as { id: string }[])[2]!.id = 'caf'));
    const p = problems(await readConfigFile(file)).find((x) => x.path === 'catalog[2].id');
    expect(p?.message).toBe('cet identifiant de démarche est déjà utilisé');
  });

  it('several problems at once: every one is listed', async () => {
    const file = await yamlWith('many.yaml', (c) => {
      (c.catalog as { id: string; startUrl: string }[])[2]!.id = 'caf';
      (c.catalog as { id: string; startUrl: string }[])[0]!.startUrl = 'http://x.fr';
      (c as { colour?: string }).colour = 'bleu';
    });
    const list = problems(await readConfigFile(file));
    expect(list.map((p) => p.path)).toEqual(expect.arrayContaining(['(racine)', 'catalog[0].startUrl', 'catalog[2].id']));
    const text = formatFileProblems(list);
    expect(text).toMatch(/- catalog\[2\]\.id \(ligne \d+\) : cet identifiant de démarche est déjà utilisé/);
  });

  it('missing file', async () => {
    const [p] = problems(await readConfigFile(path.join(dir(), 'nope.yaml')));
    expect(p!.message).toBe(`fichier introuvable : ${path.join(dir(), 'nope.yaml')}`);
    expect(p!.hint).toMatch(/cabine config init/);
  });

  it('a directory instead of a file', async () => {
    const [p] = problems(await readConfigFile(dir()));
    expect(p!.message).toMatch(/^c’est un dossier/);
  });

  it('empty file', async () => {
    const [p] = problems(await readConfigFile(await write('empty.yaml', '\n\n')));
    expect(p!.message).toBe('le fichier est vide');
  });

  it('unreadable file (read as an unprivileged user)', async () => {
    const file = await write('locked.yaml', template(), 0o600);
    await chmod(dir(), 0o755);
    // Root reads anything: read it as "nobody", as the cabine user would see a root-owned file.
    const script = `import { readConfigFile } from ${JSON.stringify(path.resolve('src/cabin/config-file.ts'))};
      const r = await readConfigFile(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(r));`;
    const run = await runAsNobody(script);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as ConfigFileResult;
    const [p] = problems(result);
    expect(p!.message).toBe(`lecture refusée : ${file}`);
    expect(p!.hint).toMatch(/sudo/);
  }, 60_000);

  it('file too permissive: readable by the group or by everyone', async () => {
    for (const [mode, who] of [
      [0o644, 'tous les utilisateurs de la machine peuvent le lire'],
      [0o640, 'les membres de son groupe peuvent le lire'],
      [0o666, 'tous les utilisateurs de la machine peuvent le modifier'],
    ] as const) {
      const file = await write(`open-${mode.toString(8)}.yaml`, template(), mode);
      const list = problems(await readConfigFile(file));
      expect(list).toHaveLength(1);
      expect(list[0]!.path).toBe('(fichier)');
      expect(list[0]!.message).toContain(`droits trop ouverts (0${mode.toString(8)}) : ${who}`);
      expect(list[0]!.hint).toBe(`Réservez-le à l’utilisateur qui lance la cabine : chmod 600 ${file}`);
    }
    // Permission checks can be turned off (Windows, or a config inside a read-only image).
    expect((await readConfigFile(path.join(dir(), 'open-644.yaml'), { checkPermissions: false })).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('parses problem paths back', () => {
    expect(parseProblemPath('catalog[2].startUrl')).toEqual(['catalog', 2, 'startUrl']);
    expect(parseProblemPath('devices.occupancy.profile')).toEqual(['devices', 'occupancy', 'profile']);
    expect(parseProblemPath('(racine)')).toEqual([]);
  });

  it('finds the config: option, then $CABINE_CONFIG, then /etc/cabine/config.yaml', () => {
    const none = () => false;
    expect(resolveConfigPath('/x.yaml', { CABINE_CONFIG: '/y.yaml' }, none)).toEqual({ file: '/x.yaml', source: 'option' });
    expect(resolveConfigPath(undefined, { CABINE_CONFIG: '/y.yaml' }, none)).toEqual({ file: '/y.yaml', source: 'env' });
    expect(resolveConfigPath(undefined, {}, (f) => f === '/etc/cabine/config.yaml')).toEqual({ file: '/etc/cabine/config.yaml', source: 'default-file' });
    expect(resolveConfigPath(undefined, {}, none)).toBeNull();
  });
});
