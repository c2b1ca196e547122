// The commented starting file `cabine config init` writes: every section of the schema with
// what it is for, the embedded catalog of démarches, and fresh secrets' hashes.
import { stringify } from 'yaml';
import { defaultConfig, DEFAULT_HELP_PHONES } from '../shared/config';

export interface TemplateValues {
  cabinId: string;
  commune: string;
  place: string;
  referentPinHash: string;
  technicianCodeHash: string;
  ramRoot: string;
  stateDir: string;
  printerQueue: string;
}

/** A YAML block of `value` indented under a key at `indent` spaces. */
function block(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return stringify(value, { lineWidth: 0, indent: 2 })
    .trimEnd()
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

const q = (s: string) => JSON.stringify(s);

export function configTemplate(v: TemplateValues): string {
  return `# yaml-language-server: $schema=/opt/Cabine/resources/config.schema.json
# Configuration de la cabine « ${v.cabinId} ».
# Vérifiez-la après chaque modification :   cabine config validate ${'<ce fichier>'}
# Puis le poste entier :                     cabine doctor
# Ce fichier contient les empreintes des codes : il doit rester lisible par son seul propriétaire (chmod 600).
# Documentation : docs/configuration.md

version: 1

cabin:
  # Identifiant de la cabine dans le parc : minuscules, chiffres, tirets (il apparaît dans les métriques).
  id: ${q(v.cabinId)}
  commune:
    name: ${q(v.commune)}
    # logo: /etc/cabine/logo.png
  # Où se trouve la cabine (affiché aux usagers).
  place: ${q(v.place)}

locales:
  default: fr
  available: [fr, en, ar]

# Listes d'hôtes nommées, citées par les démarches sous la forme « @nom ».
hostGroups:
${block(defaultConfig.hostGroups, 2)}

# Les démarches proposées, dans l'ordre de l'écran d'accueil.
# Pour chacune : id unique (il sert aux statistiques), nom et description (fr obligatoire),
# adresse de départ en https, et la liste « allow » des hôtes où elle peut aller (tout le reste est bloqué).
catalog:
${block(defaultConfig.catalog, 2)}

# Délais. Les valeurs ci-dessous sont celles par défaut : supprimez une ligne pour garder le défaut.
timers:
  welcomeSeconds: 60        # écran d'accueil laissé sans réponse → retour à l'attente
  inactivitySeconds: 120    # sans action → avertissement
  warningSeconds: 60        # compte à rebours de l'avertissement (20 s au moins), puis fin de session
  vacantSeconds: 20         # cabine vide (capteur) → fin de session
  maxSessionMinutes: 45
  extendMinutes: 15         # « Continuer 15 minutes », proposé 5 et 1 minutes avant la fin
  maxExtensions: 2          # combien de fois (0 : jamais ; l'usager est seulement prévenu)
  receiptSeconds: 12        # écran « vos données ont été effacées »
  assisted:                 # quand un agent référent accompagne l'usager
    inactivitySeconds: 600
    warningSeconds: 60
    maxSessionMinutes: 120
    extendMinutes: 30
    maxExtensions: 2
  maintenanceIdleMinutes: 20

wipe:
  maxAttempts: 3            # effacements tentés avant de mettre la cabine hors service

security:
  # Empreintes scrypt, jamais les codes en clair. Pour en changer :
  #   cabine config hash-secret      (tapez le code, collez la ligne « scrypt$… » ici)
  referentPinHash: ${q(v.referentPinHash)}
  technicianCodeHash: ${q(v.technicianCodeHash)}
  # Badges des agents référents (lecteur de badge) : une empreinte par badge.
  referentBadgeHashes: []
  lockout:
    maxAttempts: 5          # codes faux avant blocage du clavier
    minutes: 5

devices:
  printer:
    enabled: true
    queue: ${q(v.printerQueue)}      # nom de la file CUPS (lpstat -v)
    pageLimitPerSession: 30
    essential: false        # true : sans imprimante, la cabine se met hors service
  scanner:
    enabled: true
    # device: "airscan:e0:Canon MF450"   # nom SANE (scanimage -L) ; par défaut le premier trouvé
    source: flatbed
    resolution: 150
    mode: color
    timeoutSeconds: 60
    essential: false
  occupancy:
    enabled: false          # capteur de présence (HID) : voir docs/occupancy-sensors.md
    # profile: { kind: report-bit, name: "…", vendorId: 0x1234, productId: 0x5678, byte: 0, bit: 0 }
    debounceMs: 1500
  badge:
    enabled: false          # lecteur de badge des agents (clavier USB) : vendorId / productId
    minLength: 6

referentCall:
  # « Appeler un référent » prévient vos agents par ce webhook (https seulement ; POST de l'identifiant de la
  # cabine, de la commune et de l'heure, rien de personnel). L'usager ne lit « prévenu » que s'il répond 2xx.
  # Sans webhook, personne n'est prévenu : l'écran le dit, puis donne le lieu et les numéros de « help »
  # (cabine doctor le signale).
  # webhookUrl: "https://exemple.fr/hooks/cabine"
  timeoutSeconds: 10        # attente de la réponse du webhook, puis « personne n'a pu être prévenu »
  # Affiché quand le webhook a répondu.
  message: { fr: "Un agent de l'accueil arrive pour vous aider." }

# L'aide quand aucun agent n'a pu être prévenu : où aller, et les numéros à appeler (affichés dans l'ordre).
help:
  # place: { fr: "Accueil de la mairie, rez-de-chaussée" }   # « Allez à l'accueil : … » (fr obligatoire, en et ar facultatifs)
  # hours: { fr: "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h" }   # « Ouvert … », dit avec le lieu
  # Numéros entre guillemets ; [] n'en affiche aucun.
  phones:
${block(DEFAULT_HELP_PHONES, 4)}

metrics:
  enabled: false            # point d'accès Prometheus : voir docs/fleet-monitoring.md
  listen: "127.0.0.1:9464"
  # bearerTokenHash: "scrypt$…"   # cabine config hash-secret --new-token /etc/cabine/metrics-token

paths:
  # Dossier en mémoire vive (tmpfs) des fichiers de session, effacés à la fin de chaque session.
  ramRoot: ${q(v.ramRoot)}
  allowDiskBackedRamRoot: false
  # Journal d'audit et statistiques (comptages seulement, aucune donnée personnelle).
  stateDir: ${q(v.stateDir)}
`;
}
