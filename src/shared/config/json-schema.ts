// The config's JSON Schema, generated from the zod schema, for editors (completion and
// checking as the technician types: `# yaml-language-server: $schema=…` in YAML, `$schema` in
// JSON). The zod schema stays the authority: cross-field checks (unique ids, known host
// groups, start URL allowed) exist only there, so `cabine config validate` remains the final word.
// `build/config.schema.json` is this, written by `npm run config-schema`.
import { z } from 'zod';
import { configSchema, HOST_PATTERN } from './schema';

export const CONFIG_SCHEMA_ID = 'https://cabine.example/schemas/config-v1.json';

/** What an editor shows on hover, in French like the rest of the technician's tools. */
const DESCRIPTIONS: Record<string, string> = {
  '': 'Configuration d’une cabine connectée (un fichier par cabine). Vérifiez-la avec « cabine config validate FICHIER ».',
  version: 'Version du format de ce fichier : 1.',
  cabin: 'La cabine : identifiant, commune, lieu.',
  'cabin.id': 'Identifiant de la cabine dans le parc (minuscules, chiffres, tirets), par exemple « lyon-3-mairie ».',
  'cabin.commune': 'La commune qui accueille la cabine.',
  'cabin.place': 'Où se trouve la cabine, affiché aux usagers (« Mairie, hall d’accueil »).',
  locales: 'Langues proposées aux usagers.',
  hostGroups: 'Listes d’hôtes nommées, que les démarches citent sous la forme « @nom » (FranceConnect et ses fournisseurs d’identité…).',
  catalog: 'Les démarches proposées, dans l’ordre de l’écran d’accueil.',
  'catalog.*.id': 'Identifiant unique de la démarche (minuscules, chiffres, tirets) ; c’est lui qui apparaît dans les statistiques.',
  'catalog.*.startUrl': 'Adresse https de départ ; son hôte doit être dans « allow ».',
  'catalog.*.allow': 'Hôtes où la démarche peut aller : « exemple.fr », « *.exemple.fr » ou « @groupe ». Tout le reste est bloqué.',
  'catalog.*.assistedAllow': 'Hôtes supplémentaires quand un agent référent accompagne l’usager.',
  'catalog.*.permissions': 'Permissions accordées à la page (caméra, micro…) ; tout le reste est refusé.',
  'catalog.*.payment':
    'Paiement : depuis ces hôtes (PayFiP, timbres.impots.gouv.fr…), la page peut passer par le site https de la banque (3-D Secure) jusqu’à son retour, au plus maxMinutes ; ni fenêtre, ni fichier, ni permission pendant ce temps.',
  'catalog.*.payment.hosts':
    'Hôtes où un paiement commence et finit : « exemple.fr » ou « *.exemple.fr » (sans @groupe). On peut y aller comme dans « allow ».',
  'catalog.*.payment.maxMinutes': 'Durée maximale d’un passage par la banque, en minutes (15 par défaut) ; ensuite la page revient à la démarche.',
  'catalog.*.starts':
    'Plusieurs pages de départ (« Ma messagerie ») : l’usager en choisit une (une carte par page, avec son nom) avant que la démarche s’ouvre dessus. Chaque adresse doit être dans « allow ». Vide : la démarche s’ouvre sur startUrl.',
  'catalog.*.starts.*.id': 'Identifiant de la page de départ, unique dans sa démarche (minuscules, chiffres, tirets).',
  'catalog.*.starts.*.name': 'Nom affiché sur la carte (une marque : « Gmail », « La Poste (laposte.net) »), non traduit.',
  'catalog.*.starts.*.url': 'Adresse https de la page (de connexion) ; son hôte doit être dans « allow ».',
  'catalog.*.starts.*.domains': 'Fins des adresses e-mail servies, affichées sur la carte pour aider à choisir : « @gmail.com ».',
  timers: 'Délais, en secondes ou minutes selon le nom du champ.',
  'timers.warningSeconds': 'Secondes pour répondre à « Êtes-vous toujours là ? » (20 au moins) ; plus petit que inactivitySeconds.',
  'timers.maxSessionMinutes': 'Durée d’une session ; l’usager est prévenu 5 minutes et 1 minute avant la fin.',
  'timers.extendMinutes': 'Minutes ajoutées par « Continuer », proposé 5 minutes et 1 minute avant la fin.',
  'timers.maxExtensions': 'Combien de fois une session peut être prolongée ; 0 : jamais (l’usager est seulement prévenu).',
  wipe: 'Effacement de fin de session.',
  security: 'Empreintes scrypt du PIN référent et du code technicien (jamais en clair) : « cabine config hash-secret ».',
  'security.referentPinHash': 'Empreinte du PIN de l’agent référent (« cabine config hash-secret »).',
  'security.technicianCodeHash': 'Empreinte du code technicien (« cabine config hash-secret »).',
  'security.referentBadgeHashes': 'Empreintes des badges des agents référents ; l’identifiant d’un badge n’est jamais stocké.',
  devices: 'Imprimante (file CUPS), scanner (SANE), capteur de présence (HID) et lecteur de badge.',
  'devices.printer.queue': 'Nom de la file CUPS, tel que « lpstat -v » l’affiche.',
  'devices.scanner.device': 'Nom SANE du scanner (« scanimage -L ») ; par défaut le premier trouvé.',
  'devices.occupancy.profile': 'Comment lire « occupé » sur le capteur : voir docs/occupancy-sensors.md.',
  referentCall: 'Le bouton « appeler un référent » : webhook https prévenu, délai d’attente de sa réponse, message affiché quand il a répondu.',
  'referentCall.webhookUrl':
    'Adresse https appelée (POST : identifiant de la cabine, commune, heure ; rien de personnel). Sans elle, personne n’est prévenu : l’écran donne le lieu et les numéros de « help ».',
  'referentCall.timeoutSeconds': 'Secondes d’attente de la réponse du webhook (2xx) ; au-delà, l’écran dit que personne n’a pu être prévenu.',
  'referentCall.message': 'Affiché quand le webhook a répondu (2xx) : « Un agent arrive… ».',
  'referentCall.visio':
    'Appel vidéo avec le référent sur la visio de la commune (Jitsi Meet) : une salle au nom tiré au hasard à chaque appel, dont le webhook envoie le lien (« visioUrl »). Absent : le webhook seul.',
  'referentCall.visio.url': 'Adresse https du service Jitsi Meet de la commune (les salles sont sous cette adresse).',
  'referentCall.visio.roomPrefix': 'Début du nom de chaque salle (minuscules, chiffres, tirets), suivi de 128 bits tirés au hasard.',
  'referentCall.visio.answerSeconds':
    'Secondes d’attente d’un référent dans la salle ; au-delà, l’écran donne les numéros et les horaires de « help », et propose de continuer seul.',
  help: 'L’aide quand aucun agent n’a pu être prévenu : où aller, et les numéros à appeler.',
  'help.place': 'Où aller pour être aidé (« Accueil de la mairie, rez-de-chaussée ») ; fr obligatoire, en et ar facultatifs.',
  'help.phones': 'Numéros affichés, dans l’ordre : « number » (entre guillemets) et « label ». Par défaut 3939, 3646, 3230, 3949 ; [] n’en affiche aucun.',
  metrics: 'Point d’accès Prometheus, désactivé par défaut ; protégé par un jeton (son empreinte ici).',
  'metrics.listen': 'Adresse et port d’écoute, par exemple « 127.0.0.1:9464 » ou « 10.0.0.12:9464 ».',
  'metrics.bearerTokenHash': 'Empreinte du jeton que Prometheus envoie (« cabine config hash-secret »).',
  fleet:
    'Suivre la configuration du parc (docs/fleet.md) : le fichier du parc, signé, est lu à cette adresse ; ses valeurs par défaut et la section de cette cabine (par cabin.id) remplacent ce fichier entre deux sessions. Cette section et cabin.id restent celles de la cabine.',
  'fleet.url': 'Adresse https du fichier du parc (sa signature : la même adresse suivie de « .sig »).',
  'fleet.signingKeys': 'Clés publiques OpenSSH (ligne de CLE.pub) autorisées à signer le fichier du parc ; deux pendant un changement de clé.',
  'fleet.caFile': 'Certificat (PEM) de l’autorité du serveur du parc, s’il n’est pas signé par une autorité publique.',
  paths: 'Chemins : racine en mémoire vive des sessions, journal d’audit.',
  'paths.ramRoot': 'Dossier en mémoire vive (tmpfs) où vivent les fichiers d’une session, effacés à la fin.',
  'paths.stateDir': 'Journal d’audit et statistiques (comptages seulement). Défaut : $XDG_STATE_HOME/cabine.',
};

type JsonSchema = { [key: string]: unknown };

function walk(schema: JsonSchema, at: string, visit: (node: JsonSchema, at: string) => void): void {
  visit(schema, at);
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [key, child] of Object.entries(props ?? {})) walk(child, at ? `${at}.${key}` : key, visit);
  if (schema.items && typeof schema.items === 'object') walk(schema.items as JsonSchema, `${at}.*`, visit);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list as JsonSchema[]) walk(child, at, visit);
  }
}

/** JSON Schema (draft 2020-12) of the config file as written (defaults optional). */
export function configJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  walk(schema, '', (node, at) => {
    const description = DESCRIPTIONS[at];
    if (description && typeof node.type === 'string') node.description = description;
    // zod's refine() on allow-list entries is not representable: give editors the pattern.
    if (/^catalog\.\*\.(allow|assistedAllow)\.\*$/.test(at)) node.pattern = `(?:${HOST_PATTERN.source})|(?:^@[a-z][a-z0-9-]*$)`;
  });
  const { $schema, ...rest } = schema;
  return { $schema, $id: CONFIG_SCHEMA_ID, title: 'Cabine — configuration d’une cabine', ...rest };
}
