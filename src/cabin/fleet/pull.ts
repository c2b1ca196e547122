// One pull of the fleet's configuration (issue 16), as the systemd timer runs it (`cabine fleet pull`):
// fetch the fleet file and its signature over HTTPS, verify the signature against the cabin's own
// keys, refuse a version older than the one kept, merge this cabin's section, validate the result
// with the cabin's schema, and only then keep it (stateDir/fleet/config.json, written atomically).
// Whatever goes wrong — server unreachable, bad signature, bad file, a config the cabin would
// refuse — the kept config does not change; the outcome is written to stateDir/fleet/status.json,
// which the cabin's metrics and `cabine doctor` read. The running cabin applies a new kept config
// between sessions only (src/cabin/fleet/follow.ts).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { validateConfig, type CabinConfig, type ConfigProblem } from '../../shared/config';
import { MAX_FLEET_FILE_BYTES, mergedConfigFor, parseFleetFile } from './fleet-file';
import { verifyFleetSignature } from './signature';

export type PullOutcome = 'applied' | 'unchanged' | 'unreachable' | 'bad-signature' | 'invalid-fleet-file' | 'invalid-config' | 'older-version';

/** What the last pull did, for the metrics and the doctor (stateDir/fleet/status.json). */
export interface FleetStatus {
  checkedAt: string;
  outcome: PullOutcome;
  /** One line, French, for the technician. */
  detail: string;
  /** The version of the config kept (null: none yet). */
  keptVersion: number | null;
  /** The version the server offered, when it could be read. */
  offeredVersion: number | null;
  /** When a pull last ended well (applied or unchanged). */
  lastSuccessAt: string | null;
  problems: ConfigProblem[];
  /**
   * The fleet file's ETag at the last good pull, sent as If-None-Match the next time: a file the server
   * says is unchanged (304) costs a few hundred bytes, no signature fetch and no ssh-keygen.
   */
  goodEtag?: string | null;
}

/** The config kept from the fleet (stateDir/fleet/config.json): the merged input, validated again at each start. */
export interface KeptFleetConfig {
  version: number;
  fetchedAt: string;
  url: string;
  config: Record<string, unknown>;
}

export const fleetDir = (stateDir: string) => path.join(stateDir, 'fleet');
export const keptConfigFile = (stateDir: string) => path.join(fleetDir(stateDir), 'config.json');
export const statusFile = (stateDir: string) => path.join(fleetDir(stateDir), 'status.json');

export interface Fetched {
  /** 304: the server says it has not changed since `ifNoneMatch`. */
  notModified: boolean;
  body: Buffer;
  etag: string | null;
}
export type Fetch = (url: string, options: { ca?: string; timeoutMs: number; maxBytes: number; ifNoneMatch?: string }) => Promise<Fetched>;

export interface PullOptions {
  /** The cabin's own config (its file): cabin.id and the fleet section come from it. */
  own: CabinConfig;
  stateDir: string;
  fetch?: Fetch;
  timeoutMs?: number;
  now?: () => Date;
}

export async function readKeptConfig(stateDir: string): Promise<KeptFleetConfig | null> {
  try {
    const kept = JSON.parse(await readFile(keptConfigFile(stateDir), 'utf8')) as KeptFleetConfig;
    return typeof kept.version === 'number' && kept.config && typeof kept.config === 'object' ? kept : null;
  } catch {
    return null;
  }
}

export async function readFleetStatus(stateDir: string): Promise<FleetStatus | null> {
  try {
    return JSON.parse(await readFile(statusFile(stateDir), 'utf8')) as FleetStatus;
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, data: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  await rename(temp, file);
}

export async function pullFleetConfig(options: PullOptions): Promise<FleetStatus> {
  const { own, stateDir } = options;
  const now = options.now ?? (() => new Date());
  const fleet = own.fleet;
  if (!fleet) throw new Error('this cabin follows no fleet (no fleet section in its config)');
  const fetch = options.fetch ?? httpsFetch;
  const kept = await readKeptConfig(stateDir);
  const previous = await readFleetStatus(stateDir);
  const keptVersion = kept?.version ?? null;

  const finish = async (outcome: PullOutcome, detail: string, extra: Partial<FleetStatus> = {}): Promise<FleetStatus> => {
    const ok = outcome === 'applied' || outcome === 'unchanged';
    const status: FleetStatus = {
      checkedAt: now().toISOString(),
      outcome,
      detail,
      keptVersion,
      offeredVersion: null,
      lastSuccessAt: ok ? now().toISOString() : (previous?.lastSuccessAt ?? null),
      problems: [],
      goodEtag: previous?.goodEtag ?? null,
      ...extra,
    };
    await writeAtomically(statusFile(stateDir), JSON.stringify(status, null, 2) + '\n');
    return status;
  };

  let data: Buffer;
  let signature: string;
  let etag: string | null;
  try {
    const ca = fleet.caFile ? await readFile(fleet.caFile, 'utf8') : undefined;
    const timeoutMs = options.timeoutMs ?? 30_000;
    // Asked only if the server may answer 304 for what is kept.
    const ifNoneMatch = kept && previous?.goodEtag ? previous.goodEtag : undefined;
    const file = await fetch(fleet.url, { ca, timeoutMs, maxBytes: MAX_FLEET_FILE_BYTES, ifNoneMatch });
    if (file.notModified) return finish('unchanged', `version ${keptVersion} déjà gardée (fichier inchangé)`, { offeredVersion: keptVersion });
    data = file.body;
    etag = file.etag;
    signature = (await fetch(`${fleet.url}.sig`, { ca, timeoutMs, maxBytes: 64 * 1024 })).body.toString('utf8');
  } catch (error) {
    return finish('unreachable', `serveur du parc injoignable : ${(error as Error).message}`);
  }

  const verified = await verifyFleetSignature(data, signature, fleet.signingKeys);
  if (!verified.ok) {
    const why = {
      'bad-signature': 'signature refusée',
      'malformed-signature': 'pas de signature SSH',
      'no-ssh-keygen': 'ssh-keygen introuvable (openssh-client)',
    };
    return finish('bad-signature', `${why[verified.reason]} : le fichier du parc n’est pas pris`);
  }

  const parsed = parseFleetFile(data.toString('utf8'));
  if (!parsed.ok) return finish('invalid-fleet-file', 'le fichier du parc est mal formé', { problems: parsed.problems });
  const offeredVersion = parsed.fleet.version;
  if (keptVersion !== null && offeredVersion < keptVersion) {
    return finish('older-version', `version ${offeredVersion} plus ancienne que celle gardée (${keptVersion}) : ignorée`, { offeredVersion });
  }
  if (keptVersion !== null && offeredVersion === keptVersion)
    return finish('unchanged', `version ${keptVersion} déjà gardée`, { offeredVersion, goodEtag: etag });

  const merged = mergedConfigFor(parsed.fleet, own.cabin.id, { fleet, paths: own.paths });
  const valid = validateConfig(merged);
  if (!valid.ok) {
    return finish('invalid-config', `la version ${offeredVersion} donnerait à cette cabine une configuration invalide : gardée la précédente`, {
      offeredVersion,
      problems: valid.problems,
    });
  }
  const next: KeptFleetConfig = { version: offeredVersion, fetchedAt: now().toISOString(), url: fleet.url, config: merged };
  await writeAtomically(keptConfigFile(stateDir), JSON.stringify(next, null, 2) + '\n');
  return finish('applied', `version ${offeredVersion} gardée (${verified.key}) ; appliquée entre deux sessions`, {
    keptVersion: offeredVersion,
    offeredVersion,
    goodEtag: etag,
  });
}

/** GET over HTTPS only, with the fleet's CA if any, a time limit, a size limit, and If-None-Match when given. */
export const httpsFetch: Fetch = (url, { ca, timeoutMs, maxBytes, ifNoneMatch }) =>
  new Promise((resolve, reject) => {
    if (!url.startsWith('https://')) return reject(new Error(`pas en https : ${url}`));
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'cabine-fleet' };
    if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
    const request = https.get(url, { ca, timeout: timeoutMs, headers }, (response) => {
      const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
      if (response.statusCode === 304 && ifNoneMatch) {
        response.resume();
        return resolve({ notModified: true, body: Buffer.alloc(0), etag });
      }
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`HTTP ${response.statusCode} pour ${url}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          request.destroy(new Error(`plus de ${maxBytes} octets pour ${url}`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ notModified: false, body: Buffer.concat(chunks), etag }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`pas de réponse en ${Math.round(timeoutMs / 1000)} s`)));
    request.on('error', reject);
  });
