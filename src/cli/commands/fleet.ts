// cabine fleet: for the technician who edits the fleet file (issue 16, docs/fleet.md). Every cabin's
// merged config is checked before anything is signed, so that a publication never reaches a cabin
// that would refuse it; then the file is signed with the fleet's key (OpenSSH, ssh-keygen -Y).
import { journalLine, stdoutIsJournal } from '../../base/log';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultStateDir } from '../../cabin/audit-log/log';
import { checkEveryCabin, parseFleetFile, type FleetFile } from '../../cabin/fleet/fleet-file';
import { pullFleetConfig, readFleetStatus, readKeptConfig } from '../../cabin/fleet/pull';
import { signFleetFile, verifyFleetSignature } from '../../cabin/fleet/signature';
import type { CabinConfig, ConfigProblem } from '../../shared/config';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadConfig } from '../load-config';

export const FLEET_HELP = `Usage : cabine fleet publish-check FICHIER [--cabin ID]...
        cabine fleet sign FICHIER --key CLE_PRIVEE [--public-key CLE.pub]
        cabine fleet verify FICHIER --public-key CLE.pub
        cabine fleet pull [--config FICHIER]
        cabine fleet status [--config FICHIER]
  publish-check  vérifie la configuration que recevra chaque cabine du fichier du parc (ses valeurs
                 par défaut, puis sa section), et celles des cabines nommées par --cabin (sans section) ;
  sign           la même vérification, puis la signature : FICHIER.sig, à publier à côté du fichier ;
                 avec --public-key (par défaut CLE_PRIVEE.pub), la signature est vérifiée comme une cabine le fera ;
  verify         vérifie FICHIER.sig avec la clé publique, comme une cabine ;
  pull           sur la cabine (le minuteur cabine-fleet-pull.timer le lance) : récupère le fichier du parc et
                 sa signature (fleet.url), les vérifie, garde la configuration de cette cabine si elle est
                 valide ; la cabine l'applique entre deux sessions. Sinon rien ne change (code 1) ;
  status         ce que le dernier « pull » a fait, et la version gardée.
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
    case 'pull':
      return pullCommand(rest, io);
    case 'status':
      return statusCommand(rest, io);
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

/** The cabin's own file (never the fleet's config: the fleet section and the id come from it). */
async function ownConfig(args: string[], io: CliIo): Promise<{ ok: true; config: CabinConfig } | { ok: false; code: number }> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  if (positionals.length > 0) throw new UsageError(`argument inattendu : ${positionals[0]}`);
  const loaded = await loadConfig(values.config, io);
  if (!loaded.ok) {
    io.stderr(`${loaded.file} : configuration invalide (cabine config validate ${loaded.file}) ; rien n’est récupéré.\n`);
    return { ok: false, code: EXIT.problems };
  }
  const own = loaded.fleet?.own ?? loaded.config;
  if (!own.fleet) {
    io.stdout(`Cette cabine ne suit pas de parc (pas de section « fleet » dans ${loaded.file ?? 'sa configuration'}) : rien à faire.\n`);
    return { ok: false, code: EXIT.ok };
  }
  return { ok: true, config: own };
}

async function pullCommand(args: string[], io: CliIo): Promise<number> {
  const own = await ownConfig(args, io);
  if (!own.ok) return own.code;
  const status = await pullFleetConfig({ own: own.config, stateDir: own.config.paths.stateDir ?? defaultStateDir(io.env) });
  const ok = status.outcome === 'applied' || status.outcome === 'unchanged';
  const text = `${own.config.fleet!.url} : ${status.detail}\n${status.problems.length ? `${listProblems(status.problems, '  ')}\n` : ''}`;
  if (ok) io.stdout(text);
  // Run by the timer's unit: a refusal is a warning in the journal (src/base/log.ts).
  else io.stderr(journalLine(text.trimEnd(), 'warning', stdoutIsJournal(io.env)) + '\n');
  return ok ? EXIT.ok : EXIT.problems;
}

async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const own = await ownConfig(args, io);
  if (!own.ok) return own.code;
  const stateDir = own.config.paths.stateDir ?? defaultStateDir(io.env);
  const [status, kept] = await Promise.all([readFleetStatus(stateDir), readKeptConfig(stateDir)]);
  const lines = [
    `Parc : ${own.config.fleet!.url}`,
    `Configuration gardée : ${kept ? `version ${kept.version}, reçue le ${kept.fetchedAt}` : 'aucune (la cabine suit son propre fichier)'}`,
    status
      ? `Dernière vérification : ${status.checkedAt} — ${status.detail}`
      : 'Dernière vérification : jamais (le minuteur cabine-fleet-pull.timer est-il activé ?)',
    `Dernier succès : ${status?.lastSuccessAt ?? 'jamais'}`,
  ];
  io.stdout(`${lines.join('\n')}\n${status?.problems.length ? `${listProblems(status.problems, '  ')}\n` : ''}`);
  return status && status.outcome !== 'applied' && status.outcome !== 'unchanged' ? EXIT.problems : EXIT.ok;
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
