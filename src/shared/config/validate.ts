// Turns zod's issues into what a technician can act on: where (a path like
// `catalog[2].startUrl`), what is wrong, and how to fix it — in French, as the rest of the cabin.
import type { z } from 'zod';
import { configSchema, crossCheck, type CabinConfig } from './schema';

export interface ConfigProblem {
  /** Where in the file: `catalog[2].startUrl`, or `(racine)` for the whole file. */
  path: string;
  message: string;
  hint?: string;
}

export type ConfigResult = { ok: true; config: CabinConfig } | { ok: false; problems: ConfigProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(racine)';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** Our own refinements name a reason; each gets a sentence and a hint. */
const REASONS: Record<string, { message: string; hint?: string }> = {
  'not-a-secret-hash': {
    message: 'ce n’est pas une empreinte de secret',
    hint: 'Un code ne s’écrit jamais en clair : obtenez son empreinte avec « cabine config hash-secret » et collez la ligne « scrypt$… ».',
  },
  'not-a-host': {
    message: 'ce n’est pas un nom d’hôte',
    hint: 'Écrivez « exemple.fr » (cet hôte seul), « *.exemple.fr » (et ses sous-domaines) ou « @groupe ».',
  },
  'not-https-url': {
    message: 'l’adresse doit être une URL complète en https://',
    hint: 'Les démarches ne s’ouvrent qu’en https, par exemple « https://www.impots.gouv.fr/accueil ».',
  },
  'not-a-slug': { message: 'identifiant invalide', hint: 'Minuscules, chiffres et tirets seulement, par exemple « caf » ou « mairie-rdv ».' },
  'not-a-room-prefix': {
    message: 'début de nom de salle invalide',
    hint: 'Minuscules, chiffres et tirets seulement, 32 caractères au plus, par exemple « cabine-lunel ».',
  },
  'not-a-queue': { message: 'nom de file d’impression invalide', hint: 'Le nom de la file CUPS, tel que « lpstat -v » l’affiche (lettres, chiffres, _ . -).' },
  'empty-catalog': { message: 'le catalogue est vide', hint: 'Ajoutez au moins une démarche dans « catalog ».' },
  'duplicate-demarche': { message: 'cet identifiant de démarche est déjà utilisé', hint: 'Chaque démarche du catalogue a un « id » unique.' },
  'duplicate-start': { message: 'cet identifiant de page de départ est déjà utilisé', hint: 'Chaque page de « starts » a un « id » unique dans sa démarche.' },
  'not-a-mail-domain': { message: 'ce n’est pas une fin d’adresse e-mail', hint: 'Écrivez-la avec son @ : « @laposte.net ».' },
  'unknown-host-group': { message: 'ce groupe d’hôtes n’existe pas', hint: 'Déclarez-le dans « hostGroups » ou corrigez son nom.' },
  'start-url-not-allowed': { message: 'l’adresse de départ n’est pas dans la liste autorisée de la démarche', hint: 'Ajoutez son hôte à « allow ».' },
  'warning-longer-than-inactivity': {
    message: 'l’avertissement dure plus longtemps que le délai d’inactivité',
    hint: 'warningSeconds doit être plus petit que inactivitySeconds.',
  },
  'occupancy-without-profile': {
    message: 'le capteur de présence est activé sans profil',
    hint: 'Donnez « devices.occupancy.profile » (voir docs/occupancy-sensors.md) ou mettez enabled: false.',
  },
  'metrics-without-token': { message: 'les métriques sont activées sans jeton', hint: 'Donnez « metrics.bearerTokenHash » (cabine config hash-secret).' },
  'default-locale-unavailable': { message: 'la langue par défaut ne fait pas partie des langues proposées' },
  'not-a-listen-address': { message: 'adresse d’écoute invalide', hint: 'Par exemple « 127.0.0.1:9464 ».' },
  'not-a-time': { message: 'heure invalide', hint: 'Heure locale sur 24 h, par exemple « 04:00 ».' },
  'not-a-phone-number': { message: 'numéro de téléphone invalide', hint: 'Chiffres et espaces, entre guillemets, par exemple « 3939 » ou « 04 72 00 00 00 ».' },
  'not-absolute': { message: 'le chemin doit être absolu', hint: 'Commencez par « / », par exemple « /dev/shm/cabine ».' },
  'ram-root-too-long': {
    message: 'chemin trop long (31 caractères au plus) : Chromium crée ses sockets sous ce dossier',
    hint: 'Choisissez par exemple « /var/lib/cabine/ram/sessions » ou « /dev/shm/cabine ».',
  },
  'not-an-ssh-public-key': {
    message: 'ce n’est pas une clé publique OpenSSH',
    hint: 'Collez la ligne du fichier CLE.pub écrit par « ssh-keygen -t ed25519 », par exemple « ssh-ed25519 AAAAC3Nz… parc@metropole ».',
  },
};

const TYPE_NAMES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  boolean: 'true ou false',
  object: 'un objet',
  array: 'une liste',
  undefined: 'rien',
};

/** A field that holds a secret's hash (referentPinHash, referentBadgeHashes[0], bearerTokenHash…). */
const isHashField = (path: readonly PropertyKey[]) => path.some((k) => typeof k === 'string' && /Hash(es)?$/.test(k));

function describe(issue: z.core.$ZodIssue, input: unknown): ConfigProblem {
  const path = formatPath(issue.path);
  // A PIN written without quotes in YAML is a number: it is still a PIN in clear text.
  if (issue.code === 'invalid_type' && isHashField(issue.path) && looksLikeClearSecret(valueAt(input, issue.path))) {
    const r = REASONS['not-a-secret-hash']!;
    return { path, message: r.message, hint: 'On dirait un code en clair. ' + r.hint };
  }
  const reason = REASONS[issue.message];
  if (reason) {
    const hint =
      issue.message === 'not-a-secret-hash' && looksLikeClearSecret(valueAt(input, issue.path)) ? 'On dirait un code en clair. ' + reason.hint : reason.hint;
    return { path, message: reason.message, ...(hint ? { hint } : {}) };
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        path,
        message: `champ inconnu : ${issue.keys.map((k) => `« ${k} »`).join(', ')}`,
        hint: 'Vérifiez l’orthographe ; « cabine config init » écrit un fichier de départ commenté.',
      };
    case 'invalid_type': {
      const got = valueAt(input, issue.path);
      if (got === undefined) return { path, message: `champ obligatoire manquant (il faut ${TYPE_NAMES[issue.expected] ?? issue.expected})` };
      return {
        path,
        message: `il faut ${TYPE_NAMES[issue.expected] ?? issue.expected}, pas ${TYPE_NAMES[Array.isArray(got) ? 'array' : typeof got] ?? typeof got}`,
      };
    }
    case 'invalid_value':
      return { path, message: `valeur non permise ; valeurs possibles : ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'too_small':
      return {
        path,
        message:
          issue.origin === 'array'
            ? `au moins ${String(issue.minimum)} élément(s) attendu(s)`
            : issue.origin === 'string'
              ? 'ne peut pas être vide'
              : `trop petit (minimum ${String(issue.minimum)})`,
      };
    case 'too_big':
      return { path, message: issue.origin === 'array' ? `au plus ${String(issue.maximum)} élément(s)` : `trop grand (maximum ${String(issue.maximum)})` };
    case 'invalid_format':
      return { path, message: `format invalide (${issue.format})` };
    case 'invalid_union':
      return {
        path,
        message: 'aucune des formes permises ne correspond',
        hint: 'Pour un profil de capteur, « kind » vaut « report-bit » ou « keyboard-key ».',
      };
    default:
      return { path, message: issue.message };
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** A PIN or code pasted in clear: digits, or a short word, where a hash belongs. */
export function looksLikeClearSecret(value: unknown): boolean {
  return (typeof value === 'string' && /^[0-9]{3,12}$/.test(value)) || typeof value === 'number';
}

export function validateConfig(input: unknown): ConfigResult {
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => describe(issue, input));
  // Refinements do not run on a file that failed elsewhere; run the cross-field checks anyway.
  for (const issue of crossCheck(input)) {
    const problem = describe({ code: 'custom', input: undefined, ...issue } as z.core.$ZodIssue, input);
    if (!problems.some((p) => p.path === problem.path && p.message === problem.message)) problems.push(problem);
  }
  return { ok: false, problems };
}

/** One line per problem, for logs, the CLI and the technician's detail of the out-of-service screen. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `- ${p.path} : ${p.message}${p.hint ? `\n  → ${p.hint}` : ''}`).join('\n');
}
