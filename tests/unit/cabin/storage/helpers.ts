// A RAM root and a "temp" of their own for each test, and everything they leave killed and deleted.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findHolders, killAndWait } from '../../../../src/cabin/storage/processes';

export interface Scratch {
  ramRoot: string;
  /** A disk-backed directory (for the refusal tests) and a stand-in for the cabin's temp. */
  diskDir: string;
  tmp: string;
  cleanup(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const id = randomBytes(4).toString('hex');
  const ramRoot = `/dev/shm/cu-${id}/ram`;
  const diskDir = path.join(tmpdir(), `cu-${id}`);
  const tmp = `/dev/shm/cu-${id}/tmp`;
  await mkdir(tmp, { recursive: true });
  await mkdir(diskDir, { recursive: true });
  return {
    ramRoot,
    diskDir,
    tmp,
    async cleanup() {
      const roots = [path.dirname(ramRoot), diskDir];
      await killAndWait(await findHolders(roots, { excludePids: [process.pid] }));
      for (const r of roots) await rm(r, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
