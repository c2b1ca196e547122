#!/usr/bin/env node
// `npm start`: the cabin on the embedded default config (or --config FILE / $CABINE_CONFIG).
// Installs what is missing, builds, and starts Electron. Where no Electron binary exists (it is
// downloaded from GitHub), it says so in one sentence instead of failing with a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystem } from './ensure-system.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** The Electron executable, or null: ELECTRON_OVERRIDE_DIST_PATH, else what `install-electron` left in node_modules. */
export function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(exe) ? exe : null;
  }
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function main() {
  ensureSystem('run');
  ensureNodeModules();
  const electron = electronBinary();
  if (!electron) {
    console.error(
      'Cabine cannot start: the Electron binary is not installed on this machine (its download comes from GitHub) — run `npx install-electron` where GitHub is reachable, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45; meanwhile `npm run dev:web` shows the cabin in Chromium.',
    );
    process.exit(1);
  }
  const built = path.join(root, 'out', 'main', 'main.js');
  if (!existsSync(built) || newestMtime(path.join(root, 'src')) > statSync(built).mtimeMs) {
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
