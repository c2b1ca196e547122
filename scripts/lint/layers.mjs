// @ts-check
// An ESLint rule that keeps the direction of imports one way, as VS Code's layering does.
// Each folder under src/ is a layer; a file may import only from the layers listed for its own.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Which of our layers each layer may import, and whether it may touch Electron or Node. */
export const LAYERS = {
  // VS Code's vs/base: small helpers every layer may use; src/base/node/ is the part that needs Node.
  base: { imports: [], electron: false, node: false },
  'base/node': { imports: ['base'], electron: false, node: true },
  shared: { imports: ['base'], electron: false, node: false },
  devices: { imports: ['base', 'base/node', 'shared'], electron: false, node: true },
  engine: { imports: ['base', 'base/node', 'shared'], electron: false, node: true },
  cabin: { imports: ['base', 'base/node', 'shared', 'devices', 'engine'], electron: false, node: true },
  cli: { imports: ['base', 'base/node', 'shared', 'devices', 'engine', 'cabin'], electron: false, node: true },
  // main also runs the CLI: the installed app has no separate Node (RunAsNode fuse off).
  main: { imports: ['base', 'base/node', 'shared', 'devices', 'engine', 'cabin', 'cli'], electron: true, node: true },
  // The Chromium shell: the cabin on Debian's Chromium, where Electron is not there (src/shell/chromium).
  shell: { imports: ['base', 'base/node', 'shared', 'devices', 'engine', 'cabin', 'cli'], electron: false, node: true },
  preload: { imports: ['base', 'shared'], electron: true, node: false },
  renderer: { imports: ['base', 'shared'], electron: false, node: false },
};

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** @param {string} file */
function layerOf(file) {
  if (/(?:^|[\\/])src[\\/]base[\\/]node[\\/]/.test(file)) return 'base/node';
  const m = /(?:^|[\\/])src[\\/]([^\\/]+)[\\/]/.exec(file);
  return m ? m[1] : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Imports flow one way between the layers of src/' } },
  create(context) {
    const file = context.filename;
    const own = layerOf(file);
    if (!own || !(own in LAYERS)) return {};
    const allowed = LAYERS[/** @type {keyof typeof LAYERS} */ (own)];
    /** @param {import('estree').Node} node @param {string} source */
    const check = (node, source) => {
      if (source === 'electron' || source.startsWith('electron/')) {
        if (!allowed.electron) context.report({ node, message: `src/${own} must not import Electron (only src/main and src/preload do).` });
        return;
      }
      if (nodeBuiltins.has(source) || nodeBuiltins.has(source.split('/')[0] ?? '')) {
        if (!allowed.node) context.report({ node, message: `src/${own} must not import the Node built-in '${source}'.` });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = layerOf(path.resolve(path.dirname(file), source) + path.sep);
      if (!target || target === own) return;
      if (!allowed.imports.includes(target)) {
        context.report({ node, message: `src/${own} may not import src/${target} (allowed: ${allowed.imports.join(', ') || 'none'}).` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, String(node.source.value)),
      ExportNamedDeclaration: (node) => node.source && check(node, String(node.source.value)),
      ExportAllDeclaration: (node) => check(node, String(node.source.value)),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, String(node.source.value)),
    };
  },
};

/** The repository's top folder a file is in (src, scripts, tests…), from its path. */
function topFolder(file, root) {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep)[0];
}

/**
 * Product code and tools never import the tests: src/ and scripts/ may not import anything under tests/
 * (the tests import src/ and scripts/, never the other way). A harness a tool needs lives in src/ or scripts/.
 * @type {import('eslint').Rule.RuleModule}
 */
const noTestsImport = {
  meta: { type: 'problem', schema: [], docs: { description: 'src/ and scripts/ do not import tests/' } },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const own = topFolder(file, root);
    if (own !== 'src' && own !== 'scripts') return {};
    /** @param {import('estree').Node} node @param {string} source */
    const check = (node, source) => {
      if (!source.startsWith('.')) return;
      if (topFolder(path.resolve(path.dirname(file), source), root) === 'tests') {
        context.report({ node, message: `${own}/ must not import from tests/ ('${source}'): move what it needs into src/ or scripts/.` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, String(node.source.value)),
      ExportNamedDeclaration: (node) => node.source && check(node, String(node.source.value)),
      ExportAllDeclaration: (node) => check(node, String(node.source.value)),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, String(node.source.value)),
    };
  },
};

export default { rules: { 'import-direction': rule, 'no-tests-import': noTestsImport } };
