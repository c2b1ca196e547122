// cabine fleet: for the technician who edits the fleet file (issue 16, docs/fleet.md). Every cabin's
// merged config is checked before anything is signed, so that a publication never reaches a cabin
// that would refuse it; then the file is signed with the fleet's key (OpenSSH, ssh-keygen -Y).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkEveryCabin, parseFleetFile, type FleetFile } from '../../cabin/fleet/fleet-file';
import { signFleetFile, verifyFleetSignature } from '../../cabin/fleet/signature';
import type { ConfigProblem } from '../../shared/config';
import { EXIT, UsageError, type CliIo } from '../io';

export const FLEET_HELP = `Usage : cabine fleet publish-check FICHIER [--cabin ID]...
        cabine fleet sign FICHIER --key CLE_PRIVEE [--public-key CLE.pub]
        cabine fleet verify FICHIER --public-key CLE.pub
  publish-check  vérifie la configuration que recevra chaque cabine du fichier du parc (ses valeurs
                 par défaut, puis sa section), et celles des cabines nommées par --cabin (sans section) ;
  sign           la même vérification, puis la signature : FICHIER.sig, à publier à côté du fichier ;
                 avec --public-key (par défaut CLE_PRIVEE.pub), la signature est vérifiée comme une cabine le fera ;
  verify         vérifie FICHIER.sig avec la clé publique, comme une cabine.
  La clé du parc se crée une fois : ssh-keygen -t ed25519 -C parc@metropole -f parc-cabines
`;

export async function fleetCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'publish-check':
      return publishCheckCommand(rest, io);
    case 'sign':
      return signCommand(rest, io);
    case 'verify':
      return verifyCommand(rest, io);
    default:
      throw new UsageError(sub ? `sous-commande inconnue : fleet ${sub}` : 'il manque la sous-commande : cabine fleet publish-check FICHIER');
  }
}

function oneFile(positionals: string[], io: CliIo, usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`donnez un fichier : ${usage}`);
  return path.resolve(io.cwd, positionals[0]!);
}

function listProblems(problems: readonly ConfigProblem[], indent: string): string {
  return problems.map((p) => `${indent}${p.path} : ${p.message}${p.hint ? `\n${indent}  → ${p.hint}` : ''}`).join('\n');
}

/** Reads and checks the fleet file and every cabin's result; prints the report; the fleet if all is well. */
async function checkFile(file: string, extraCabins: readonly string[], io: CliIo): Promise<FleetFile | null> {
  const parsed = parseFleetFile(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    io.stderr(`${file} : le fichier du parc est invalide\n${listProblems(parsed.problems, '  ')}\n`);
    return null;
  }
  const { fleet } = parsed;
  const ids = [...new Set([...Object.keys(fleet.cabins), ...extraCabins])];
  if (ids.length === 0) {
    io.stderr(`${file} : aucune cabine dans « cabins » : nommez-en au moins une (ou --cabin ID) pour vérifier ce qu’elle recevra.\n`);
    return null;
  }
  const checks = checkEveryCabin(fleet, ids);
  const bad = checks.filter((c) => !c.ok);
  const lines = checks.map((c) =>
    c.ok
      ? `  ✓ ${c.cabinId} — ${c.config.cabin.commune.name}, ${c.config.catalog.length} démarche(s)${fleet.cabins[c.cabinId] === undefined ? ' (valeurs par défaut seules)' : ''}`
      : `  ✗ ${c.cabinId} — ${c.problems.length} problème(s)\n${listProblems(c.problems, '      ')}`,
  );
  const summary = `${file} : version ${fleet.version}, ${checks.length} cabine(s)`;
  if (bad.length > 0) {
    io.stderr(`${summary} — ${bad.length} refuserai(en)t cette configuration et garderai(en)t la leur :\n${lines.join('\n')}\n`);
    return null;
  }
  io.stdout(`${summary}, toutes valides :\n${lines.join('\n')}\n`);
  return fleet;
}

async function publishCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { cabin: { type: 'string', multiple: true, default: [] } } });
  const file = oneFile(positionals, io, 'cabine fleet publish-check FICHIER');
  return (await checkFile(file, values.cabin, io)) ? EXIT.ok : EXIT.problems;
}

async function signCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, 'public-key': { type: 'string' }, cabin: { type: 'string', multiple: true, default: [] } },
  });
  const file = oneFile(positionals, io, 'cabine fleet sign FICHIER --key CLE_PRIVEE');
  if (!values.key) throw new UsageError('donnez la clé privée du parc : --key CLE_PRIVEE');
  const key = path.resolve(io.cwd, values.key);
  if (!(await checkFile(file, values.cabin, io))) {
    io.stderr('Rien n’a été signé.\n');
    return EXIT.problems;
  }
  const sig = await signFleetFile(file, key);
  const publicKeyFile = path.resolve(io.cwd, values['public-key'] ?? `${key}.pub`);
  const verified = await verifyWith(file, sig, publicKeyFile);
  if (!verified.ok) {
    io.stderr(`${sig} : écrite, mais ne se vérifie pas avec ${publicKeyFile} (${verified.why}) : ne la publiez pas.\n`);
    return EXIT.problems;
  }
  io.stdout(`${sig} : signature écrite et vérifiée (${verified.key}). Publiez ${path.basename(file)} et ${path.basename(sig)} ensemble.\n`);
  return EXIT.ok;
}

async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { 'public-key': { type: 'string' } } });
  const file = oneFile(positionals, io, 'cabine fleet verify FICHIER --public-key CLE.pub');
  if (!values['public-key']) throw new UsageError('donnez la clé publique du parc : --public-key CLE.pub');
  const verified = await verifyWith(file, `${file}.sig`, path.resolve(io.cwd, values['public-key']));
  if (!verified.ok) {
    io.stderr(`${file} : signature refusée (${verified.why}) ; une cabine garderait sa configuration.\n`);
    return EXIT.problems;
  }
  io.stdout(`${file} : signature valide (${verified.key}).\n`);
  return EXIT.ok;
}

const WHY = {
  'bad-signature': 'elle ne correspond pas au fichier ou à cette clé',
  'malformed-signature': 'ce n’est pas une signature SSH',
  'no-ssh-keygen': 'ssh-keygen est introuvable : installez openssh-client',
} as const;

async function verifyWith(file: string, sigFile: string, publicKeyFile: string): Promise<{ ok: true; key: string } | { ok: false; why: string }> {
  let publicKey: string;
  let signature: string;
  try {
    publicKey = (await readFile(publicKeyFile, 'utf8')).trim();
    signature = await readFile(sigFile, 'utf8');
  } catch (error) {
    return { ok: false, why: `lecture impossible : ${(error as Error).message}` };
  }
  const result = await verifyFleetSignature(await readFile(file), signature, [publicKey]);
  return result.ok ? result : { ok: false, why: WHY[result.reason] };
}
