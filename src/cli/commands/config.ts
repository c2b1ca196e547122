// cabine config validate | hash-secret | init | schema
import { randomBytes, randomInt } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatFileProblems, readConfigFile } from '../../cabin/config-file';
import { hashSecret } from '../../cabin/secrets';
import { configJsonSchema } from '../../shared/config/json-schema';
import { validateConfig } from '../../shared/config';
import { configTemplate } from '../config-template';
import { EXIT, UsageError, type CliIo } from '../io';
import { readSecret } from '../read-secret';

export const CONFIG_HELP = `Usage :
  cabine config validate FICHIER      vérifie un fichier de configuration (YAML ou JSON)
  cabine config hash-secret           lit un code sur l'entrée standard, affiche son empreinte
        [--min-length N]              longueur minimale du code (défaut : 4)
        [--new-token FICHIER]         crée un jeton aléatoire (métriques) dans FICHIER, affiche son empreinte
  cabine config init [FICHIER]        écrit un fichier de départ commenté (défaut : ./cabine.yaml), droits 0600
        [--cabin-id ID] [--commune NOM] [--place LIEU] [--printer-queue FILE]
        [--ram-root DOSSIER] [--state-dir DOSSIER]
  cabine config schema [--out FICHIER] le schéma JSON du fichier (pour les éditeurs)
`;

export async function configCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'validate':
      return validateCommand(rest, io);
    case 'hash-secret':
      return hashSecretCommand(rest, io);
    case 'init':
      return initCommand(rest, io);
    case 'schema':
      return schemaCommand(rest, io);
    default:
      throw new UsageError(sub ? `sous-commande inconnue : config ${sub}` : 'il manque la sous-commande de « config »');
  }
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('donnez un fichier : cabine config validate FICHIER');
  const file = path.resolve(io.cwd, positionals[0]!);
  const result = await readConfigFile(file);
  if (values.json) {
    io.stdout(JSON.stringify(result.ok ? { ok: true, file } : { ok: false, file, problems: result.problems }, null, 2) + '\n');
    return result.ok ? EXIT.ok : EXIT.problems;
  }
  if (result.ok) {
    const c = result.config;
    io.stdout(`${file} : configuration valide — cabine « ${c.cabin.id} » (${c.cabin.commune.name}), ${c.catalog.length} démarche(s).\n`);
    return EXIT.ok;
  }
  const n = result.problems.length;
  io.stderr(`${file} : ${n} problème${n > 1 ? 's' : ''}\n${formatFileProblems(result.problems)}\n`);
  return EXIT.problems;
}

async function hashSecretCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'min-length': { type: 'string', default: '4' }, 'new-token': { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError('le code se lit sur l’entrée standard, jamais sur la ligne de commande (il resterait dans l’historique)');
  if (values['new-token']) {
    const file = path.resolve(io.cwd, values['new-token']);
    const token = randomBytes(32).toString('base64url');
    await writeNewFile(file, token + '\n');
    io.stderr(`Jeton écrit dans ${file} (droits 0600) : donnez ce fichier à Prometheus (credentials_file).\n`);
    io.stdout((await hashSecret(token)) + '\n');
    return EXIT.ok;
  }
  const minLength = Number(values['min-length']);
  if (!Number.isInteger(minLength) || minLength < 1) throw new UsageError('--min-length attend un nombre entier');
  const secret = await readSecret(io, 'Code : ', 'Confirmez le code : ');
  if (secret === null) {
    io.stderr('Les deux saisies diffèrent : rien n’a été fait.\n');
    return EXIT.problems;
  }
  if (secret.length < minLength) {
    io.stderr(`Code trop court (${secret.length} caractère(s), minimum ${minLength}).\n`);
    return EXIT.problems;
  }
  io.stdout((await hashSecret(secret)) + '\n');
  return EXIT.ok;
}

/** Creates a file readable by its owner only; refuses to replace an existing one. */
async function writeNewFile(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`${file} existe déjà : il n’est pas remplacé (supprimez-le ou choisissez un autre nom)`);
    throw error;
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** A random code of `digits` digits, first digit non-zero. */
function randomDigits(digits: number): string {
  let s = String(randomInt(1, 10));
  while (s.length < digits) s += String(randomInt(0, 10));
  return s;
}

async function initCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'cabin-id': { type: 'string', default: 'cabine-1' },
      commune: { type: 'string', default: 'Commune de …' },
      place: { type: 'string', default: 'Mairie, hall d’accueil' },
      'printer-queue': { type: 'string', default: 'Cabine' },
      'ram-root': { type: 'string', default: '/var/lib/cabine/sessions' },
      'state-dir': { type: 'string', default: '/var/lib/cabine/state' },
    },
  });
  if (positionals.length > 1) throw new UsageError('un seul fichier : cabine config init [FICHIER]');
  const file = path.resolve(io.cwd, positionals[0] ?? 'cabine.yaml');
  const pin = randomDigits(6);
  const code = randomDigits(8);
  const text = configTemplate({
    cabinId: values['cabin-id'],
    commune: values.commune,
    place: values.place,
    printerQueue: values['printer-queue'],
    ramRoot: values['ram-root'],
    stateDir: values['state-dir'],
    referentPinHash: await hashSecret(pin),
    technicianCodeHash: await hashSecret(code),
  });
  // What is written must itself be valid: a starting file that fails validation helps nobody.
  const { parse } = await import('yaml');
  const check = validateConfig(parse(text));
  if (!check.ok) {
    io.stderr(
      `Les valeurs données ne font pas une configuration valide :\n${check.problems.map((p) => `- ${p.path} : ${p.message}${p.hint ? ` → ${p.hint}` : ''}`).join('\n')}\n`,
    );
    return EXIT.problems;
  }
  await writeNewFile(file, text);
  io.stderr(
    `Fichier écrit : ${file} (droits 0600).\n` +
      `Codes de cette cabine, affichés une seule fois — notez-les, ils ne sont écrits nulle part en clair :\n` +
      `  PIN de l’agent référent : ${pin}\n` +
      `  Code technicien         : ${code}\n` +
      `Ensuite : relisez le fichier, puis « cabine config validate ${displayPath(io.cwd, file)} » et « cabine doctor ».\n`,
  );
  return EXIT.ok;
}

async function schemaCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const text = JSON.stringify(configJsonSchema(), null, 2) + '\n';
  if (!values.out) {
    io.stdout(text);
    return EXIT.ok;
  }
  const { writeFile } = await import('node:fs/promises');
  const file = path.resolve(io.cwd, values.out);
  await writeFile(file, text, 'utf8');
  io.stderr(`Schéma écrit : ${file}\n`);
  return EXIT.ok;
}

/** The file as the technician can type it from where they are: relative below the current directory, absolute otherwise. */
function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(cwd, file);
}
