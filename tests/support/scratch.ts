// A scratch folder for a test: mkdtemp under the OS temporary folder, removed (recursively, whatever is in
// it) once the test — or the file, with { per: 'file' } — is over, whether it passed or failed.
// Folders that must be elsewhere (/dev/shm for a RAM root, node_modules/.cache for a build) are not this.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface ScratchDir {
  readonly path: string;
  /** Removes the folder and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

/** One scratch folder, for a single use; the caller removes it (try/finally, or onTestFinished). */
export async function makeScratchDir(prefix: string): Promise<ScratchDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Registers the hooks that give each test (default) or the whole file ({ per: 'file' }) a fresh scratch folder,
 * and returns its getter. Call it at the top of the file or of a describe, before hooks that use the folder:
 * its removal then runs after theirs.
 */
export function useScratchDir(prefix: string, options: { per?: 'test' | 'file' } = {}): () => string {
  let current: ScratchDir | null = null;
  const create = async (): Promise<void> => {
    current = await makeScratchDir(prefix);
  };
  const remove = async (): Promise<void> => {
    const dir = current;
    current = null;
    await dir?.remove();
  };
  if (options.per === 'file') {
    beforeAll(create);
    afterAll(remove);
  } else {
    beforeEach(create);
    afterEach(remove);
  }
  return () => {
    if (!current) throw new Error(`no scratch folder '${prefix}…' now: useScratchDir's folder exists only while its tests run`);
    return current.path;
  };
}
