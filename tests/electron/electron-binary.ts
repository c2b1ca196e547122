// Where the Electron binary is, or why there is none: the suite says which, never silently.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..');

export function findElectron(): { path: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(exe) ? { path: exe } : { missing: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no electron executable` };
  }
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'no Electron binary on this machine (node_modules/electron/path.txt is absent: its download from GitHub could not run); set ELECTRON_OVERRIDE_DIST_PATH to run this suite',
    };
  }
  const exe = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `the Electron binary ${exe} is missing` };
}

export const REPO_ROOT = root;
