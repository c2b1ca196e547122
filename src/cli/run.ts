// The `cabine` command line, for technicians: configure, diagnose, list devices, export the
// month's figures. French, like every message a technician reads.
import { configCommand, CONFIG_HELP } from './commands/config';
import { devicesCommand, DEVICES_HELP } from './commands/devices';
import { doctorCommand, DOCTOR_HELP } from './commands/doctor';
import { fleetCommand, FLEET_HELP } from './commands/fleet';
import { statsCommand, STATS_HELP } from './commands/stats';
import { EXIT, UsageError, type CliIo } from './io';

export const VERSION = '0.1.0';

export const HELP = `cabine — outils du technicien pour les cabines connectées

Usage :
  cabine config validate FICHIER       vérifier un fichier de configuration
  cabine config hash-secret            empreinte d'un PIN, d'un code ou d'un jeton (lu sur l'entrée standard)
  cabine config init [FICHIER]         écrire un fichier de départ commenté (droits 0600)
  cabine config schema [--out F]       schéma JSON de la configuration (éditeurs)
  cabine devices list                  imprimantes, scanners, périphériques HID et USB vus par la machine
  cabine doctor                        diagnostic complet de la cabine
  cabine fleet publish-check FICHIER   vérifier ce que chaque cabine recevra du fichier du parc
  cabine fleet sign FICHIER --key CLE  vérifier puis signer le fichier du parc (FICHIER.sig)
  cabine fleet pull | status           récupérer la configuration du parc / voir où elle en est
  cabine stats export --month AAAA-MM  statistiques du mois (CSV) pour la commune
  cabine help COMMANDE                 aide d'une commande

Les commandes lisent la configuration de --config FICHIER, sinon de $CABINE_CONFIG,
sinon de /etc/cabine/config.yaml, sinon la configuration de démonstration intégrée.
Documentation : docs/technician-guide.md
`;

const HELPS: Record<string, string> = { config: CONFIG_HELP, devices: DEVICES_HELP, doctor: DOCTOR_HELP, fleet: FLEET_HELP, stats: STATS_HELP };

/** Runs one command; returns the exit code. Never calls process.exit (tests and Electron's main call it). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout((args[0] && HELPS[args[0]]) || HELP);
        return EXIT.ok;
      case '--version':
      case 'version':
        io.stdout(`cabine ${VERSION}\n`);
        return EXIT.ok;
      case 'config':
        return await configCommand(args, io);
      case 'devices':
        return await devicesCommand(args, io);
      case 'doctor':
        return await doctorCommand(args, io);
      case 'fleet':
        return await fleetCommand(args, io);
      case 'stats':
        return await statsCommand(args, io);
      default:
        throw new UsageError(`commande inconnue : ${command}`);
    }
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      io.stderr(`cabine : ${frenchParseError(error as Error)}\n\n${(command && HELPS[command]) || HELP}`);
      return EXIT.usage;
    }
    io.stderr(`cabine : erreur inattendue : ${(error as Error).message}\n`);
    return EXIT.problems;
  }
}

/** node:util parseArgs speaks English; say the usual mistakes in French. */
function frenchParseError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const option = /'(-{1,2}[^',]+)/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `option inconnue : ${option ?? error.message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `valeur manquante ou invalide pour ${option ?? 'une option'}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `argument inattendu (${error.message})`;
  return error.message;
}
