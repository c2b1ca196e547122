// The fleet file (issue 16): one file for every cabin of a Métropole, published on any web server
// beside its signature. Its `defaults` are a cabin config without the cabin's own id; `cabins`
// holds one section per cabin id, merged over the defaults as a JSON Merge Patch (RFC 7386:
// objects merge, anything else replaces, null removes). `version` only goes up: a cabin never
// takes a file older than the one it applied (a replayed old file, signed as it is, changes nothing).
//
// What is merged is then checked by the very schema of a cabin's own file (validateConfig). The
// cabin's id and its `fleet` and `paths` sections always come from the cabin's own file.
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatPath, validateConfig, type CabinConfig, type ConfigProblem } from '../../shared/config';

export interface FleetFile {
  /** Goes up at each publication. */
  version: number;
  defaults: Record<string, unknown>;
  /** Each cabin's section, by cabin id (null: the defaults only). */
  cabins: Record<string, Record<string, unknown> | null>;
}

/** A fleet file is a few tens of kilobytes; anything this big is not one (and is not parsed). */
export const MAX_FLEET_FILE_BYTES = 4 * 1024 * 1024;

const slug = /^[a-z0-9][a-z0-9-]{0,62}$/;
const plainObject = z.record(z.string(), z.unknown());
const fleetFileSchema = z.strictObject({
  version: z.number().int().min(1),
  defaults: plainObject,
  cabins: z.record(z.string().regex(slug), plainObject.nullable()).default({}),
});

export type FleetParse = { ok: true; fleet: FleetFile } | { ok: false; problems: ConfigProblem[] };

/** The fleet file's text (YAML, or JSON which is YAML), with what is wrong with its shape, in French. */
export function parseFleetFile(text: string): FleetParse {
  if (Buffer.byteLength(text, 'utf8') > MAX_FLEET_FILE_BYTES) {
    return {
      ok: false,
      problems: [{ path: '(fichier)', message: `le fichier dépasse ${MAX_FLEET_FILE_BYTES / 1024 / 1024} Mo : ce n’est pas un fichier de parc` }],
    };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ path: '(fichier)', message: `syntaxe : ${e.message.split('\n')[0]}` })) };
  }
  const raw: unknown = doc.toJS();
  if (raw && typeof raw === 'object' && 'catalog' in raw && !('defaults' in raw)) {
    return {
      ok: false,
      problems: [
        {
          path: '(racine)',
          message: 'c’est la configuration d’une cabine, pas un fichier de parc',
          hint: 'Un fichier de parc : « version: 1 », puis cette configuration sous « defaults: » (sans cabin.id), puis « cabins: » avec une section par cabine.',
        },
      ],
    };
  }
  const parsed = fleetFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: formatPath(i.path),
        message: i.path[0] === 'cabins' && i.code === 'invalid_key' ? 'identifiant de cabine invalide' : shapeMessage(i),
        hint: 'Le fichier du parc : « version » (un entier qui augmente à chaque publication), « defaults » (une configuration sans cabin.id) et « cabins » (une section par identifiant de cabine).',
      })),
    };
  }
  const problems: ConfigProblem[] = [];
  const fleet = parsed.data;
  for (const [where, section] of [['defaults', fleet.defaults] as const, ...Object.entries(fleet.cabins).map(([id, s]) => [`cabins.${id}`, s] as const)]) {
    if (!section) continue;
    for (const key of LOCAL_SECTIONS) {
      if (key in section) {
        problems.push({
          path: `${where}.${key}`,
          message: `la section « ${key} » est propre à chaque cabine`,
          hint: 'Elle reste dans /etc/cabine/config.yaml de la cabine : retirez-la du fichier du parc.',
        });
      }
    }
    const cabin = section.cabin;
    if (cabin && typeof cabin === 'object' && 'id' in cabin) {
      problems.push({
        path: `${where}.cabin.id`,
        message: 'l’identifiant d’une cabine vient de la cabine elle-même',
        hint: 'Retirez « cabin.id » : la section « cabins.<id> » dit déjà de quelle cabine il s’agit.',
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fleet };
}

function shapeMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `clé inconnue : ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'valeur manquante' : 'valeur du mauvais type';
  if (issue.code === 'too_small') return 'la version est un entier ≥ 1';
  return issue.message;
}

/** RFC 7386 JSON Merge Patch: objects merge key by key, null removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What stays the cabin's own, whatever the fleet file says: its fleet section (the trust anchor) and its
 * paths (where this machine keeps its RAM root and its state, decided when it was set up).
 */
export const LOCAL_SECTIONS = ['fleet', 'paths'] as const;
export type LocalSections = Partial<Record<(typeof LOCAL_SECTIONS)[number], unknown>>;

/** What this cabin's config would be: the defaults, its section over them, its own id and local sections. */
export function mergedConfigFor(fleet: FleetFile, cabinId: string, local: LocalSections = {}): Record<string, unknown> {
  const merged = mergePatch(fleet.defaults, fleet.cabins[cabinId] ?? {}) as Record<string, unknown>;
  const cabin = isPlainObject(merged.cabin) ? merged.cabin : {};
  merged.cabin = { ...cabin, id: cabinId };
  for (const key of LOCAL_SECTIONS) {
    if (local[key] === undefined) delete merged[key];
    else merged[key] = structuredClone(local[key]);
  }
  return merged;
}

export type CabinCheck = { cabinId: string; ok: true; config: CabinConfig } | { cabinId: string; ok: false; problems: ConfigProblem[] };

/** Each named cabin's merged config, validated: what `cabine fleet publish-check` reports before a publication. */
export function checkEveryCabin(fleet: FleetFile, cabinIds: readonly string[] = Object.keys(fleet.cabins)): CabinCheck[] {
  return cabinIds.map((cabinId) => {
    const result = validateConfig(mergedConfigFor(fleet, cabinId));
    return result.ok ? { cabinId, ok: true, config: result.config } : { cabinId, ok: false, problems: result.problems };
  });
}
