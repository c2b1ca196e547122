#!/usr/bin/env node
// `npm start [-- --shell electron|chromium] [--config FILE] [--smoke …]`: the cabin, on the embedded default
// config (or --config FILE / $CABINE_CONFIG), in one of its two shells. Electron when its binary is here, or
// when Electron's own installer can download it (within $CABINE_ELECTRON_INSTALL_TIMEOUT_MS, 120 s by default);
// else Debian's Chromium (apt-installed if need be) through src/shell/chromium/main.ts. One line says which
// and why. --shell (or $CABINE_SHELL) forces one: if it cannot start, that is an error, never the other shell.
// --shell is the launcher's; every other argument goes to the shell. Decisions: scripts/start/choose-shell.mjs;
// facts and actions: scripts/start/shells.mjs.
import { statSync } from 'node:fs';
import { ensureNodeModules, ensureSystem } from './ensure-system.mjs';
import { chooseShell, configProblem, installTimeoutMs, parseStartArgs } from './start/choose-shell.mjs';
import { electronBinary, ensureChromium, installElectron, ROOT, runChromium, runElectron } from './start/shells.mjs';

/** @param {string} file @returns {'file' | 'directory' | 'missing' | 'other'} */
function kindOf(file) {
  try {
    const s = statSync(file);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** @param {string} line @param {number} code @returns {never} */
function fail(line, code) {
  console.error(line);
  process.exit(code);
}

async function main() {
  // npm runs scripts from the package root; a relative --config means the folder the user typed it in.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const args = parseStartArgs(process.argv.slice(2), process.env, cwd);
  if (!args.ok) fail(args.message, args.code);
  const problem = configProblem(args.config, cwd, kindOf);
  if (problem) fail(problem, 1);
  process.chdir(ROOT);

  try {
    ensureSystem('run');
    ensureNodeModules();
  } catch (e) {
    fail(`Cabine cannot start: ${e instanceof Error ? e.message : String(e)}`, 1);
  }

  /** @type {import('./start/choose-shell.mjs').Facts} */
  const facts = { forced: args.forced, forcedBy: args.forcedBy, electronPresent: args.forced !== 'chromium' && electronBinary() !== null };
  for (;;) {
    const next = chooseShell(facts);
    if (next.kind === 'fail') fail(next.line, next.code);
    if (next.kind === 'step') {
      if (next.step === 'install-electron') facts.electronInstall = await installElectron({ timeoutMs: installTimeoutMs(process.env) });
      else facts.chromium = ensureChromium();
      continue;
    }
    console.log(next.line);
    if (next.shell === 'electron') runElectron(/** @type {string} */ (electronBinary()), args.shellArgs);
    else runChromium(args.shellArgs);
    return;
  }
}

void main();
