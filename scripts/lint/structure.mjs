// @ts-check
// What ESLint's per-file rules cannot see, checked over the whole tree (run by `npm run lint`):
//   - no import cycle inside src/ (a cycle makes load order matter and a layer impossible to read alone);
//   - no file over 400 lines in src/ or scripts/ unless its first lines say why ("// Long file: <reason>").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_LINES = 400;
export const LONG_FILE_REASON = /^\s*\/\/ Long file: \S.{8,}/;
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

/** @param {string} dir @returns {string[]} */
export function listSources(dir) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listSources(p));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(p);
  }
  return out.sort();
}

/** The relative module specifiers a file imports or re-exports (static, side-effect and dynamic). @param {string} text */
export function importsOf(text) {
  const found = new Set();
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[1].startsWith('.')) found.add(m[1]);
  return [...found];
}

/** @param {string} from @param {string} spec @param {Set<string>} files */
export function resolveImport(from, spec, files) {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|mjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}.mjs`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => files.has(c)) ?? null;
}

/**
 * Strongly connected components of more than one file (or a file importing itself): each is a cycle.
 * @param {Map<string, string[]>} graph
 * @returns {string[][]}
 */
export function findCycles(graph) {
  let index = 0;
  /** @type {Map<string, number>} */ const indices = new Map();
  /** @type {Map<string, number>} */ const low = new Map();
  /** @type {string[]} */ const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */ const cycles = [];
  /** @param {string} v */
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (low.get(w))));
      } else if (onStack.has(w)) low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (indices.get(w))));
    }
    if (low.get(v) === indices.get(v)) {
      /** @type {string[]} */ const component = [];
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

/** @param {string[]} files @param {(file: string) => string} read */
export function importGraph(files, read) {
  const known = new Set(files);
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  for (const file of files) {
    const targets = importsOf(read(file))
      .map((spec) => resolveImport(file, spec, known))
      .filter((t) => t !== null);
    graph.set(file, /** @type {string[]} */ (targets));
  }
  return graph;
}

/** @param {string} text */
export function lineCount(text) {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Files over MAX_LINES whose first five lines give no reason. @param {string[]} files @param {(file: string) => string} read */
export function longFilesWithoutReason(files, read) {
  return files.flatMap((file) => {
    const text = read(file);
    const lines = lineCount(text);
    if (lines <= MAX_LINES) return [];
    const head = text.split('\n').slice(0, 5);
    return head.some((l) => LONG_FILE_REASON.test(l)) ? [] : [{ file, lines }];
  });
}

/** @param {string} root */
export function checkStructure(root) {
  const read = (/** @type {string} */ f) => readFileSync(f, 'utf8');
  const src = listSources(path.join(root, 'src'));
  const scripts = listSources(path.join(root, 'scripts'));
  const cycles = findCycles(importGraph(src, read)).map((c) => c.map((f) => path.relative(root, f)));
  const long = longFilesWithoutReason([...src, ...scripts], read).map((l) => ({ ...l, file: path.relative(root, l.file) }));
  return { cycles, long };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const { cycles, long } = checkStructure(root);
  for (const c of cycles) process.stderr.write(`import cycle: ${c.join(' ↔ ')}\n`);
  for (const l of long) process.stderr.write(`${l.file}: ${l.lines} lines, over ${MAX_LINES} with no "// Long file: <reason>" in its first lines\n`);
  if (cycles.length || long.length) process.exit(1);
  process.stdout.write('structure: no import cycle in src/, every long file says why\n');
}
