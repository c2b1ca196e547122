// Runs a small ESM script as the unprivileged user "nobody" (uid/gid 65534), to see a file the way the cabin's
// own user would (root reads anything). The script and everything it imports from the repository are bundled
// into one file in a world-readable temporary folder first: "nobody" may not be able to read the checkout
// itself (a clone under /root, 0700 on Debian), and must not need to.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { makeScratchDir } from './scratch';

export const NOBODY = 65534;

/** `source` is TypeScript/ESM that may import repository files by absolute path; its stdout/stderr come back. */
export async function runAsNobody(source: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<SpawnSyncReturns<string>> {
  const scratch = await makeScratchDir('cabine-nobody-');
  const dir = scratch.path;
  try {
    await chmod(dir, 0o755);
    const entry = path.join(dir, 'entry.mts');
    const bundle = path.join(dir, 'bundle.mjs');
    await writeFile(entry, source);
    await build({
      entryPoints: [entry],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Some CommonJS dependencies call require() for Node built-ins: give the ESM bundle one.
      banner: { js: "import { createRequire as __cabineRequire } from 'node:module'; const require = __cabineRequire(import.meta.url);" },
    });
    await chmod(bundle, 0o644);
    return spawnSync(process.execPath, [bundle], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, ...options.env },
    });
  } finally {
    await scratch.remove();
  }
}
