// Reads the cabin's config file (YAML or JSON) and says, in French, everything wrong with it:
// the file itself (missing, unreadable, readable by others — it holds the secrets' hashes),
// its syntax (with line and column), then every schema problem with its path, a hint and,
// where the file allows it, the line it is on.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import { formatPath, looksLikeClearSecret, validateConfig, type CabinConfig, type ConfigProblem } from '../shared/config';

export interface ConfigFileProblem extends ConfigProblem {
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

export type ConfigFileResult =
  | { ok: true; file: string; format: ConfigFormat; config: CabinConfig }
  | { ok: false; file: string; format: ConfigFormat | null; problems: ConfigFileProblem[] };

export type ConfigFormat = 'yaml' | 'json';

export interface ReadConfigOptions {
  /**
   * Refuse a file that users other than its owner can read or change (mode & 0o077).
   * Default: true, except on Windows where mode bits mean nothing.
   */
  checkPermissions?: boolean;
}

/** A config file is a few kilobytes; anything this big is not one. */
const MAX_BYTES = 1024 * 1024;
/** Path shown for problems about the file as a whole. */
export const FILE_PATH = '(fichier)';

export function formatOf(file: string, text: string): ConfigFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** Problems with the file's permissions; an empty list when they are tight enough. */
export function permissionProblems(file: string, mode: number): ConfigFileProblem[] {
  const loose = mode & 0o077;
  if (loose === 0) return [];
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  const who = loose & 0o007 ? 'tous les utilisateurs de la machine' : 'les membres de son groupe';
  const what = mode & 0o022 ? 'le modifier' : 'le lire';
  return [
    {
      path: FILE_PATH,
      message: `droits trop ouverts (${octal}) : ${who} peuvent ${what}, alors qu’il contient les empreintes des codes`,
      hint: `Réservez-le à l’utilisateur qui lance la cabine : chmod 600 ${file}`,
    },
  ];
}

function fileErrorProblem(file: string, error: NodeJS.ErrnoException): ConfigFileProblem {
  switch (error.code) {
    case 'ENOENT':
      return {
        path: FILE_PATH,
        message: `fichier introuvable : ${file}`,
        hint: 'Vérifiez le chemin, ou créez un fichier de départ avec « cabine config init ».',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        path: FILE_PATH,
        message: `lecture refusée : ${file}`,
        hint: 'Lancez la commande avec l’utilisateur propriétaire du fichier (cabine) ou avec sudo.',
      };
    case 'EISDIR':
      return {
        path: FILE_PATH,
        message: `c’est un dossier, pas un fichier : ${file}`,
        hint: 'Donnez le chemin du fichier de configuration, par exemple /etc/cabine/config.yaml.',
      };
    default:
      return { path: FILE_PATH, message: `fichier illisible (${error.code ?? error.message}) : ${file}` };
  }
}

/** yaml's error codes, said in French; the library's English sentence follows for detail. */
const YAML_ERRORS: Record<string, string> = {
  DUPLICATE_KEY: 'clé en double (la même clé apparaît deux fois dans le même bloc)',
  BAD_INDENT: 'indentation incorrecte',
  MISSING_CHAR: 'caractère manquant (guillemet, crochet ou accolade non fermé ?)',
  MULTILINE_IMPLICIT_KEY: 'clé sur plusieurs lignes (il manque sans doute « : » ou un guillemet)',
  TAB_AS_INDENT: 'tabulation utilisée pour indenter (utilisez des espaces)',
  UNEXPECTED_TOKEN: 'caractère inattendu',
  BLOCK_AS_IMPLICIT_KEY: 'bloc utilisé comme clé',
  MULTIPLE_DOCS: 'plusieurs documents YAML dans un même fichier',
};

interface Parsed {
  data: unknown;
  /** Locates a path of the data in the file (nearest existing ancestor), when possible. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/** Position of the node at `p`: the key's line for a map entry, the item's for a list entry. */
function nodeStart(doc: Document, p: readonly (string | number)[]): number | undefined {
  if (p.length === 0) return isNode(doc.contents) ? doc.contents.range?.[0] : undefined;
  const parent = p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
  const last = p[p.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === last);
    return pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return isNode(item) ? item.range?.[0] : undefined;
  }
  return undefined;
}

function locator(doc: Document, lines: LineCounter): Parsed['locate'] {
  return (p) => {
    for (let n = p.length; n >= 0; n--) {
      const offset = nodeStart(doc, p.slice(0, n));
      if (offset !== undefined) {
        const pos = lines.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

export function parseConfigText(text: string, format: ConfigFormat): { ok: true; parsed: Parsed } | { ok: false; problems: ConfigFileProblem[] } {
  if (text.trim() === '')
    return { ok: false, problems: [{ path: FILE_PATH, message: 'le fichier est vide', hint: '« cabine config init » écrit un fichier de départ commenté.' }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (format === 'json') {
    try {
      return { ok: true, parsed: { data: JSON.parse(text), locate: locator(doc, lines) } };
    } catch (error) {
      const message = (error as Error).message;
      const at = /line (\d+) column (\d+)/.exec(message);
      const pos = /position (\d+)/.exec(message);
      const where = at ? { line: Number(at[1]), column: Number(at[2]) } : pos ? lineColumn(text, Number(pos[1])) : lineColumn(text, text.length);
      return {
        ok: false,
        problems: [
          {
            path: FILE_PATH,
            ...where,
            message: `erreur de syntaxe JSON ligne ${where.line}, colonne ${where.column} (${message})`,
            hint: 'Virgule en trop ou manquante, guillemet ou accolade non fermé ? Les commentaires ne sont pas permis en JSON : préférez YAML.',
          },
        ],
      };
    }
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        const firstLine = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.message;
        return {
          path: FILE_PATH,
          line: pos.line,
          column: pos.col,
          message: `erreur de syntaxe YAML ligne ${pos.line}, colonne ${pos.col} : ${YAML_ERRORS[e.code] ?? 'syntaxe invalide'} (${firstLine})`,
          hint: 'En YAML, l’indentation compte (espaces, jamais de tabulation) ; mettez entre guillemets les textes qui contiennent « : » ou « # ».',
        };
      }),
    };
  }
  return { ok: true, parsed: { data: doc.toJS(), locate: locator(doc, lines) } };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `catalog[2].startUrl` → ['catalog', 2, 'startUrl'] (the inverse of formatPath). */
export function parseProblemPath(p: string): (string | number)[] {
  if (p.startsWith('(')) return [];
  const out: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** A secret's hash field (`security.referentPinHash`, `security.referentBadgeHashes[0]`, `metrics.bearerTokenHash`). */
const HASH_FIELD = /(Hash|Hashes\[\d+\])$/;

/**
 * A PIN typed where its hash belongs is the likeliest mistake of all; unquoted in YAML it is a
 * number, which the schema reports as a mere type error. Say what it is, whatever its type.
 */
function clearSecretProblem(problem: ConfigProblem, data: unknown): ConfigProblem {
  if (!HASH_FIELD.test(problem.path)) return problem;
  let value: unknown = data;
  for (const key of parseProblemPath(problem.path)) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  if (!looksLikeClearSecret(value)) return problem;
  return {
    path: problem.path,
    message: 'un code écrit en clair à la place de son empreinte',
    hint: 'On dirait un code en clair. Un code ne s’écrit jamais en clair : obtenez son empreinte avec « cabine config hash-secret » et collez la ligne « scrypt$… ».',
  };
}

/** Validates already parsed data, adding line numbers to the schema's problems when known. */
export function validateParsed(parsed: Parsed): { ok: true; config: CabinConfig } | { ok: false; problems: ConfigFileProblem[] } {
  const result = validateConfig(parsed.data);
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.problems.map((raw) => {
      const problem = clearSecretProblem(raw, parsed.data);
      const where = parsed.locate(parseProblemPath(problem.path));
      return where ? { ...problem, ...where } : problem;
    }),
  };
}

export async function readConfigFile(file: string, options: ReadConfigOptions = {}): Promise<ConfigFileResult> {
  const checkPermissions = options.checkPermissions ?? process.platform !== 'win32';
  let text: string;
  const problems: ConfigFileProblem[] = [];
  try {
    const info = await stat(file);
    if (info.isDirectory())
      return { ok: false, file, format: null, problems: [fileErrorProblem(file, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }))] };
    if (info.size > MAX_BYTES)
      return { ok: false, file, format: null, problems: [{ path: FILE_PATH, message: `fichier trop gros (${info.size} octets) pour être une configuration` }] };
    if (checkPermissions) problems.push(...permissionProblems(file, info.mode));
    const handle = await open(file, 'r');
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, file, format: null, problems: [...problems, fileErrorProblem(file, error as NodeJS.ErrnoException)] };
  }
  const format = formatOf(file, text);
  const parsed = parseConfigText(text.replace(/^\uFEFF/, ''), format);
  if (!parsed.ok) return { ok: false, file, format, problems: [...problems, ...parsed.problems] };
  const validated = validateParsed(parsed.parsed);
  if (!validated.ok) return { ok: false, file, format, problems: [...problems, ...validated.problems] };
  if (problems.length > 0) return { ok: false, file, format, problems };
  return { ok: true, file, format, config: validated.config };
}

/** One line per problem, with its line in the file when known. */
export function formatFileProblems(problems: readonly ConfigFileProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line !== undefined && p.path !== FILE_PATH ? ` (ligne ${p.line})` : '';
      return `- ${p.path}${where} : ${p.message}${p.hint ? `\n  → ${p.hint}` : ''}`;
    })
    .join('\n');
}

export { formatPath };

/** Where a cabin's config lives when nothing else is said (the kiosk setup installs it there). */
export const DEFAULT_CONFIG_FILE = '/etc/cabine/config.yaml';

/**
 * Which config file to use: the one named (option), else $CABINE_CONFIG, else
 * /etc/cabine/config.yaml if it exists; null means "run on the embedded default config".
 */
export function resolveConfigPath(
  named: string | undefined,
  env: NodeJS.ProcessEnv,
  exists: (file: string) => boolean,
): { file: string; source: 'option' | 'env' | 'default-file' } | null {
  if (named) return { file: named, source: 'option' };
  if (env.CABINE_CONFIG) return { file: env.CABINE_CONFIG, source: 'env' };
  if (exists(DEFAULT_CONFIG_FILE)) return { file: DEFAULT_CONFIG_FILE, source: 'default-file' };
  return null;
}
