// The doctor's checks: each says ok / warning / error in one French sentence a technician can
// act on. None throws: a tool missing, a device absent, a host that does not resolve are answers.
// Long file: one check per line of `cabine doctor`, in the order it prints them; each is short and stands alone.
import { access, readdir, readFile, stat, statfs } from 'node:fs/promises';
import { constants, existsSync, readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultStateDir } from '../../cabin/audit-log/log';
import { verifySecret } from '../../cabin/secrets';
import { MAX_RAM_ROOT_LENGTH, RAM_ROOT_MARKER } from '../../cabin/storage/ram-root';
import { DEFAULT_REFERENT_PIN, DEFAULT_TECHNICIAN_CODE, type CabinConfig } from '../../shared/config';
import { runScanimage } from '../../devices/scanner/scanimage';
import { listScanners } from '../../devices/scanner/list';
import { loadNodeHid, type HidDeviceInfo } from '../../devices/hid/transport';
import { checkFleet } from './fleet-check';
import { checkUpdates } from './update-check';
import { cupsHardening, listQueues, ownerPolicyFindings, parseCupsdConf, readCupsdConf, schedulerRunning, type CupsTarget } from './cups';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface CheckResult {
  id: string;
  /** What was checked, shown before the sentence ("Imprimante"). */
  title: string;
  status: CheckStatus;
  message: string;
  /** Further lines (one per finding). */
  details?: string[];
}

export interface CheckContext {
  config: CabinConfig;
  env: NodeJS.ProcessEnv;
  /** cupsd.conf to read instead of asking the server. */
  cupsdConf?: string;
  /** Lists the HID devices (node-hid by default; tests pass another). */
  hidDevices?: () => Promise<HidDeviceInfo[]>;
  /** Where the packaged app's binary is looked for. */
  installedBinary?: string;
  dnsTimeoutMs?: number;
}

export const CHECK_IDS = [
  'secrets',
  'referent-call',
  'ram-root',
  'swap',
  'state-dir',
  'printer',
  'cups-hardening',
  'scanner',
  'occupancy',
  'badge',
  'dns',
  'electron',
  'metrics',
  'fleet',
  'update',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

const result = (id: CheckId, title: string, status: CheckStatus, message: string, details?: string[]): CheckResult => ({
  id,
  title,
  status,
  message,
  ...(details && details.length ? { details } : {}),
});

const gib = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1).replace('.', ',')} Gio` : `${Math.round(bytes / 1024 ** 2)} Mio`);

export async function checkSecrets(ctx: CheckContext): Promise<CheckResult> {
  const s = ctx.config.security;
  const [pinIsDefault, codeIsDefault] = await Promise.all([
    verifySecret(DEFAULT_REFERENT_PIN, s.referentPinHash),
    verifySecret(DEFAULT_TECHNICIAN_CODE, s.technicianCodeHash),
  ]);
  const publicOnes = [
    pinIsDefault ? `le PIN référent (${DEFAULT_REFERENT_PIN})` : null,
    codeIsDefault ? `le code technicien (${DEFAULT_TECHNICIAN_CODE})` : null,
  ].filter(Boolean);
  if (publicOnes.length === 0) return result('secrets', 'Codes', 'ok', 'le PIN référent et le code technicien ne sont pas ceux de démonstration.');
  return result(
    'secrets',
    'Codes',
    'warning',
    `${publicOnes.join(' et ')} ${publicOnes.length > 1 ? 'sont encore ceux' : 'est encore celui'} de la configuration de démonstration, connus de tous : changez-les avec « cabine config hash-secret ».`,
  );
}

/**
 * "Appeler un référent" tells someone only through the config's webhook. Without one, the resident is told
 * nobody could be called, where to go and which numbers help: the cabin is honest, but nobody comes.
 * The webhook itself is not called here: it would alert the agents.
 */
export async function checkReferentCall(ctx: CheckContext): Promise<CheckResult> {
  const { referentCall, help } = ctx.config;
  const title = 'Appel d’un référent';
  const phones = help.phones.map((p) => p.number).join(', ');
  const details = [
    help.place ? `lieu d’accueil affiché : « ${help.place.fr} »` : 'help.place n’est pas renseigné : l’écran dit seulement « Demandez de l’aide à l’accueil ».',
    phones ? `numéros affichés : ${phones}` : 'help.phones est vide : aucun numéro n’est affiché.',
  ];
  if (!referentCall.webhookUrl) {
    return result(
      'referent-call',
      title,
      'warning',
      'personne n’est prévenu quand un résident appelle un référent : aucun webhook (referentCall.webhookUrl). La cabine lui dit que personne n’a pu être prévenu, où aller (help.place) et qui appeler (help.phones). Donnez l’adresse https qui prévient vos agents.',
      details,
    );
  }
  // The host only: the rest of a webhook's address often holds its secret.
  const host = new URL(referentCall.webhookUrl).host;
  return result(
    'referent-call',
    title,
    'ok',
    `un appel prévient le webhook de ${host} (réponse attendue en ${referentCall.timeoutSeconds} s ; non appelé par ce diagnostic).`,
    details,
  );
}

const FS_NAMES: Record<number, string> = {
  0x01021994: 'tmpfs',
  0x858458f6: 'ramfs',
  0xef53: 'ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x794c7630: 'overlay',
  0x6969: 'nfs',
  0x65735546: 'fuse',
};
const RAM_FILESYSTEMS = new Set([0x01021994, 0x858458f6]);

async function nearestExisting(p: string): Promise<string> {
  let probe = p;
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  return probe;
}

export async function checkRamRoot(ctx: CheckContext): Promise<CheckResult> {
  const { ramRoot, allowDiskBackedRamRoot } = ctx.config.paths;
  const title = 'Dossier de session';
  if (ramRoot.length > MAX_RAM_ROOT_LENGTH) {
    return result(
      'ram-root',
      title,
      'error',
      `le chemin ${ramRoot} est trop long (${ramRoot.length} caractères, ${MAX_RAM_ROOT_LENGTH} au plus : Chromium y crée des sockets). Choisissez par exemple /var/lib/cabine/ram/sessions.`,
    );
  }
  const probe = await nearestExisting(ramRoot);
  const created = probe === ramRoot ? '' : ' ; le dossier sera créé au démarrage';
  let fs;
  try {
    fs = await statfs(probe);
  } catch (error) {
    return result('ram-root', title, 'error', `impossible d’examiner ${ramRoot} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const free = fs.bavail * fs.bsize;
  const fsName = FS_NAMES[fs.type] ?? `type 0x${fs.type.toString(16)}`;
  if (!RAM_FILESYSTEMS.has(fs.type)) {
    const message = `${ramRoot} est sur un disque (${fsName}) : après une coupure de courant, des fichiers d’usagers pourraient y rester. Montez un tmpfs (build/linux/setup-kiosk.sh le fait) ou changez paths.ramRoot.`;
    return result(
      'ram-root',
      title,
      allowDiskBackedRamRoot ? 'warning' : 'error',
      allowDiskBackedRamRoot ? `${message} (toléré : allowDiskBackedRamRoot)` : message,
    );
  }
  const details: string[] = [];
  if (probe === ramRoot) {
    const entries = await readdir(ramRoot).catch(() => [] as string[]);
    if (entries.length > 0 && !entries.includes(RAM_ROOT_MARKER)) {
      return result(
        'ram-root',
        title,
        'error',
        `${ramRoot} contient déjà des fichiers qui ne sont pas ceux de Cabine : la cabine refusera de le vider. Donnez un dossier vide ou dédié.`,
      );
    }
    const mode = (await stat(ramRoot)).mode;
    if (mode & 0o077) details.push(`droits ${(mode & 0o777).toString(8)} : d’autres utilisateurs peuvent y entrer ; 0700 attendu`);
  }
  if (free < 256 * 1024 ** 2) details.push(`seulement ${gib(free)} libres : un scan en couleur ou un téléchargement pourrait échouer`);
  return result('ram-root', title, details.length ? 'warning' : 'ok', `${ramRoot} est en mémoire vive (${fsName}, ${gib(free)} libres${created}).`, details);
}

export async function checkSwap(_ctx: CheckContext, swapsFile = '/proc/swaps'): Promise<CheckResult> {
  let text: string;
  try {
    text = await readFile(swapsFile, 'utf8');
  } catch {
    return result('swap', 'Mémoire d’échange', 'ok', 'pas de /proc/swaps : rien à vérifier.');
  }
  const swaps = text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(/\s+/)[0]!);
  if (swaps.length === 0) return result('swap', 'Mémoire d’échange', 'ok', 'aucune : la mémoire vive des sessions ne part jamais sur le disque.');
  return result(
    'swap',
    'Mémoire d’échange',
    'warning',
    `active (${swaps.join(', ')}) : des données de session en mémoire pourraient être écrites sur le disque. Désactivez-la (setup-kiosk.sh le fait) ou chiffrez-la.`,
  );
}

export async function checkStateDir(ctx: CheckContext): Promise<CheckResult> {
  const dir = ctx.config.paths.stateDir ?? defaultStateDir(ctx.env);
  const probe = await nearestExisting(dir);
  try {
    await access(probe, constants.W_OK);
  } catch {
    return result(
      'state-dir',
      'Journal d’audit',
      'warning',
      `${dir} n’est pas accessible en écriture pour l’utilisateur courant : les statistiques ne seront pas tenues (vérifiez avec l’utilisateur cabine).`,
    );
  }
  return result('state-dir', 'Journal d’audit', 'ok', `${dir}${probe === dir ? '' : ' (sera créé)'} : comptages seulement, aucune donnée personnelle.`);
}

function cupsTarget(ctx: CheckContext): CupsTarget {
  return { server: ctx.config.devices.printer.server ?? ctx.env.CUPS_SERVER, env: ctx.env };
}

const ALERT_TEXT: Record<string, string> = {
  'media-jam-error': 'bourrage papier',
  'media-empty-error': 'plus de papier',
  'media-needed': 'papier à remettre',
  'door-open-error': 'capot ouvert',
  'offline-report': 'imprimante hors ligne',
  'toner-low': 'toner bas',
  'toner-empty': 'toner vide',
  'marker-supply-low-warning': 'encre basse',
  paused: 'file en pause',
};

export async function checkPrinter(ctx: CheckContext): Promise<CheckResult> {
  const printer = ctx.config.devices.printer;
  const title = 'Imprimante';
  if (!printer.enabled) return result('printer', title, 'ok', 'désactivée dans la configuration.');
  const missing: CheckStatus = printer.essential ? 'error' : 'warning';
  const t = cupsTarget(ctx);
  const where = t.server ? ` (serveur ${t.server})` : '';
  const scheduler = await schedulerRunning(t);
  if (scheduler.error) return result('printer', title, missing, `${scheduler.error}.`);
  if (!scheduler.running) return result('printer', title, missing, `le serveur d’impression CUPS ne répond pas${where}. Démarrez-le : systemctl start cups.`);
  const { queues, error } = await listQueues(t);
  if (error) return result('printer', title, missing, `CUPS ne donne pas ses files${where} : ${error}.`);
  const queue = queues.find((q) => q.name === printer.queue);
  if (!queue) {
    const others = queues.map((q) => q.name).join(', ') || 'aucune';
    return result(
      'printer',
      title,
      missing,
      `la file « ${printer.queue} » n’existe pas${where} (files présentes : ${others}). Créez-la (docs/printing-and-scanning.md) ou corrigez devices.printer.queue.`,
    );
  }
  const alerts = queue.alerts.filter((a) => a !== 'none').map((a) => ALERT_TEXT[a] ?? a);
  if (!queue.enabled)
    return result(
      'printer',
      title,
      missing,
      `la file « ${queue.name} » est arrêtée${queue.message ? ` (${queue.message})` : ''}${alerts.length ? ` : ${alerts.join(', ')}` : ''}. Réglez le problème puis : cupsenable ${queue.name}.`,
    );
  if (queue.accepting === false)
    return result('printer', title, missing, `la file « ${queue.name} » refuse les travaux. Rétablissez-la : cupsaccept ${queue.name}.`);
  if (alerts.length) return result('printer', title, 'warning', `la file « ${queue.name} » répond, avec des alertes : ${alerts.join(', ')}.`);
  return result('printer', title, 'ok', `la file « ${queue.name} » répond et accepte les travaux (${queue.deviceUri ?? 'périphérique inconnu'}).`);
}

export async function checkCupsHardening(ctx: CheckContext): Promise<CheckResult> {
  const title = 'Confidentialité de CUPS';
  if (!ctx.config.devices.printer.enabled) return result('cups-hardening', title, 'ok', 'imprimante désactivée : rien à vérifier.');
  const conf = await readCupsdConf(cupsTarget(ctx), ctx.cupsdConf);
  if ('error' in conf) return result('cups-hardening', title, 'warning', `non vérifiée : ${conf.error}.`);
  const findings = [...cupsHardening(parseCupsdConf(conf.text)), ...ownerPolicyFindings(conf.text)];
  const errors = findings.filter((f) => f.level === 'error');
  const warnings = findings.filter((f) => f.level === 'warning');
  const details = [...errors, ...warnings].map((f) => f.text);
  if (errors.length)
    return result(
      'cups-hardening',
      title,
      'error',
      `CUPS garde des traces des documents imprimés (${conf.source}). Installez la configuration de build/linux/cups/ (setup-kiosk.sh le fait).`,
      details,
    );
  if (warnings.length)
    return result('cups-hardening', title, 'warning', `CUPS ne garde aucun document (${conf.source}), quelques réglages sont à revoir.`, details);
  return result('cups-hardening', title, 'ok', `CUPS ne garde ni document, ni historique, ni journal des pages (${conf.source}).`);
}

export async function checkScanner(ctx: CheckContext): Promise<CheckResult> {
  const scanner = ctx.config.devices.scanner;
  const title = 'Scanner';
  if (!scanner.enabled) return result('scanner', title, 'ok', 'désactivé dans la configuration.');
  const missing: CheckStatus = scanner.essential ? 'error' : 'warning';
  const saneConfigDir = ctx.env.SANE_CONFIG_DIR;
  if (scanner.device) {
    // -A opens the device and lists its options: the scanner answers, without scanning anything.
    try {
      const run = await runScanimage({ args: ['-d', scanner.device, '-A'], timeoutMs: 20_000, ...(saneConfigDir ? { saneConfigDir } : {}) });
      if (run.stoppedBy === 'timeout') return result('scanner', title, missing, `« ${scanner.device} » ne répond pas (délai dépassé).`);
      if (run.outcome.code === 0) return result('scanner', title, 'ok', `« ${scanner.device} » répond.`);
      return result(
        'scanner',
        title,
        missing,
        `« ${scanner.device} » ne répond pas : ${run.outcome.stderr.trim().split('\n')[0] || `code ${run.outcome.code}`}. Vérifiez le câble et « scanimage -L ».`,
      );
    } catch (error) {
      return result('scanner', title, missing, `scanimage introuvable (paquet sane-utils) : ${(error as Error).message}.`);
    }
  }
  try {
    const found = await listScanners({ timeoutMs: 20_000, ...(saneConfigDir ? { saneConfigDir } : {}) });
    if (found.length === 0) return result('scanner', title, missing, 'aucun scanner trouvé (scanimage -L). Branchez-le, ou donnez devices.scanner.device.');
    return result(
      'scanner',
      title,
      'ok',
      `« ${found[0]!.device} » (${found[0]!.vendor} ${found[0]!.model}) sera utilisé${found.length > 1 ? ` ; ${found.length} scanners trouvés, précisez devices.scanner.device` : ''}.`,
    );
  } catch (error) {
    return result('scanner', title, missing, `recherche des scanners impossible : ${(error as Error).message}.`);
  }
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

async function hidDevices(ctx: CheckContext): Promise<{ devices: HidDeviceInfo[] } | { error: string }> {
  try {
    const devices = await (ctx.hidDevices ?? (async () => (await loadNodeHid()).devicesAsync()))();
    return { devices };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export async function checkOccupancy(ctx: CheckContext): Promise<CheckResult> {
  const occ = ctx.config.devices.occupancy;
  const title = 'Capteur de présence';
  if (!occ.enabled || !occ.profile) return result('occupancy', title, 'ok', 'désactivé : les sessions se terminent par « Terminer » ou par inactivité.');
  const missing: CheckStatus = occ.essential ? 'error' : 'warning';
  const id = `${hex(occ.profile.vendorId)}:${hex(occ.profile.productId)}`;
  const listed = await hidDevices(ctx);
  if ('error' in listed) return result('occupancy', title, missing, `impossible de lister les périphériques HID (${listed.error}).`);
  const found = listed.devices.find((d) => d.vendorId === occ.profile!.vendorId && d.productId === occ.profile!.productId);
  if (!found)
    return result(
      'occupancy',
      title,
      missing,
      `« ${occ.profile.name} » (${id}) n’est pas branché ou pas visible. Vérifiez le câble et les règles udev (setup-kiosk.sh --hid ${id}).`,
    );
  return result('occupancy', title, 'ok', `« ${occ.profile.name} » (${id}) est présent${found.path ? ` (${found.path})` : ''}.`);
}

export async function checkBadge(ctx: CheckContext): Promise<CheckResult> {
  const badge = ctx.config.devices.badge;
  const title = 'Lecteur de badge';
  if (!badge.enabled) return result('badge', title, 'ok', 'désactivé : les agents référents utilisent leur PIN.');
  if (badge.vendorId === undefined || badge.productId === undefined)
    return result('badge', title, 'warning', 'activé sans vendorId / productId : impossible de vérifier sa présence.');
  const id = `${hex(badge.vendorId)}:${hex(badge.productId)}`;
  const listed = await hidDevices(ctx);
  if ('error' in listed) return result('badge', title, 'warning', `impossible de lister les périphériques HID (${listed.error}).`);
  const found = listed.devices.some((d) => d.vendorId === badge.vendorId && d.productId === badge.productId);
  return found
    ? result('badge', title, 'ok', `lecteur ${id} présent.`)
    : result('badge', title, 'warning', `lecteur ${id} absent : les agents devront taper leur PIN.`);
}

async function resolves(host: string, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      lookup(host),
      new Promise((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs))),
    ]);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDns(ctx: CheckContext): Promise<CheckResult> {
  const title = 'Sites des démarches';
  // Every start page: « Ma messagerie »'s webmails too (config `starts`).
  const hosts = [...new Set(ctx.config.catalog.flatMap((d) => [d.startUrl, ...d.starts.map((s) => s.url)]).map((u) => new URL(u).hostname))];
  const failures = (await Promise.all(hosts.map(async (h) => [h, await resolves(h, ctx.dnsTimeoutMs ?? 5000)] as const))).filter(([, e]) => e !== null);
  if (failures.length === 0)
    return result('dns', title, 'ok', hosts.length === 1 ? 'l’adresse de départ se résout.' : `les ${hosts.length} adresses de départ se résolvent.`);
  const details = failures.map(([h, e]) => `${h} : ${e === 'ENOTFOUND' ? 'nom inconnu' : e === 'EAI_AGAIN' || e === 'ETIMEOUT' ? 'pas de réponse du DNS' : e}`);
  if (failures.length === hosts.length) {
    return result(
      'dns',
      title,
      'error',
      `aucune des ${hosts.length} adresses de départ ne se résout : la cabine n’a pas accès au DNS ou à Internet. Vérifiez le réseau (câble, Wi-Fi, proxy de la mairie).`,
      details,
    );
  }
  return result(
    'dns',
    title,
    'error',
    `${failures.length} adresse(s) de départ sur ${hosts.length} ne se résolvent pas : ces démarches ne s’ouvriront pas.`,
    details,
  );
}

/** Where `npm install electron` puts the binary, when it could download it. */
function electronFromNodeModules(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('electron/package.json'));
    const pathTxt = path.join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    return path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  } catch {
    return null;
  }
}

export async function checkElectron(ctx: CheckContext): Promise<CheckResult> {
  const title = 'Electron';
  if (process.versions.electron) return result('electron', title, 'ok', `Electron ${process.versions.electron} (application installée).`);
  const candidates: [string, string][] = [];
  const override = ctx.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) candidates.push([path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron'), 'ELECTRON_OVERRIDE_DIST_PATH']);
  candidates.push([ctx.installedBinary ?? '/opt/Cabine/cabine', 'paquet installé']);
  const fromModules = electronFromNodeModules();
  if (fromModules) candidates.push([fromModules, 'node_modules/electron']);
  for (const [file, how] of candidates) {
    try {
      await access(file, constants.X_OK);
      return result('electron', title, 'ok', `binaire présent : ${file} (${how}).`);
    } catch {
      // next candidate
    }
  }
  return result(
    'electron',
    title,
    'error',
    'aucun binaire Electron : la cabine ne peut pas démarrer. Installez le paquet cabine (.deb) ; en développement, `npm start` le télécharge avec l’installeur d’Electron (ou donnez ELECTRON_OVERRIDE_DIST_PATH), et sans Electron lance la cabine dans Chromium.',
    candidates.map(([file, how]) => `cherché : ${file} (${how})`),
  );
}

export async function checkMetrics(ctx: CheckContext): Promise<CheckResult> {
  const m = ctx.config.metrics;
  if (!m.enabled) return result('metrics', 'Métriques', 'ok', 'désactivées (par défaut).');
  const host = m.listen.replace(/:\d+$/, '');
  if (host === '0.0.0.0' || host === '[::]')
    return result('metrics', 'Métriques', 'warning', `écoutent sur toutes les interfaces (${m.listen}) : préférez l’adresse du réseau de supervision.`);
  return result('metrics', 'Métriques', 'ok', `activées sur ${m.listen}, protégées par un jeton.`);
}

export const CHECKS: Record<CheckId, (ctx: CheckContext) => Promise<CheckResult>> = {
  secrets: checkSecrets,
  'referent-call': checkReferentCall,
  'ram-root': checkRamRoot,
  swap: (ctx) => checkSwap(ctx),
  'state-dir': checkStateDir,
  printer: checkPrinter,
  'cups-hardening': checkCupsHardening,
  scanner: checkScanner,
  occupancy: checkOccupancy,
  badge: checkBadge,
  dns: checkDns,
  electron: checkElectron,
  metrics: checkMetrics,
  fleet: (ctx) => checkFleet(ctx),
  update: (ctx) => checkUpdates(ctx),
};
