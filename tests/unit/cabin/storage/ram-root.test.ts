// RAM-backed or not, as the kernel says (statfs and /proc/mounts), and what the RAM root refuses.
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  describeStorage,
  ForeignDirectoryError,
  MAX_RAM_ROOT_LENGTH,
  prepareRamRoot,
  RAM_ROOT_MARKER,
  RamRootTooLongError,
  StorageNotRamError,
} from '../../../../src/cabin/storage/ram-root';
import { scratch, type Scratch } from './helpers';

// Real processes and files on a machine shared with other builds: generous time.
vi.setConfig({ testTimeout: 30_000 });

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.cleanup();
});

describe('RAM root', () => {
  it('knows /dev/shm is tmpfs and a directory of the disk is not, even before they exist', async () => {
    const ram = await describeStorage(path.join(s.ramRoot, 'not', 'yet'));
    expect(ram).toMatchObject({ fsType: 'tmpfs', ramBacked: true, mountPoint: '/dev/shm' });
    expect(ram.freeBytes).toBeGreaterThan(0);
    const disk = await describeStorage(s.diskDir);
    expect(disk.ramBacked).toBe(false);
    expect(disk.fsType).not.toBe('tmpfs');
  });

  it('creates the root with mode 0700 and marks it as ours', async () => {
    const status = await prepareRamRoot(s.ramRoot, { allowDiskBacked: false });
    expect(status).toMatchObject({ ramBacked: true, warning: null });
    expect(await readdir(s.ramRoot)).toEqual([RAM_ROOT_MARKER]);
    const { stat } = await import('node:fs/promises');
    expect((await stat(s.ramRoot)).mode & 0o777).toBe(0o700);
    // Idempotent.
    await prepareRamRoot(s.ramRoot, { allowDiskBacked: false });
  });

  it('refuses a disk-backed root in French, unless allowed (then warns)', async () => {
    const root = path.join(s.diskDir, 'sessions');
    const err = await prepareRamRoot(root, { allowDiskBacked: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageNotRamError);
    expect((err as Error).message).toMatch(/pas en mémoire vive/);
    const status = await prepareRamRoot(root, { allowDiskBacked: true });
    expect(status.ramBacked).toBe(false);
    expect(status.warning).toMatch(/^Attention : les sessions sont écrites sur un disque/);
  });

  it('refuses a non-empty directory that is not marked, a symlink, and top-level paths', async () => {
    const foreign = path.join(path.dirname(s.ramRoot), 'foreign');
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, 'x'), 'x');
    await expect(prepareRamRoot(foreign, { allowDiskBacked: false })).rejects.toBeInstanceOf(ForeignDirectoryError);
    const link = path.join(path.dirname(s.ramRoot), 'link');
    await symlink(foreign, link);
    await expect(prepareRamRoot(link, { allowDiskBacked: false })).rejects.toBeInstanceOf(ForeignDirectoryError);
    await expect(prepareRamRoot('/dev', { allowDiskBacked: true })).rejects.toBeInstanceOf(ForeignDirectoryError);
    await expect(prepareRamRoot('relative/path', { allowDiskBacked: true })).rejects.toThrow(/absolute/);
  });

  it('refuses a root too long for the browser sockets inside its profiles', async () => {
    const long = '/dev/shm/' + 'x'.repeat(MAX_RAM_ROOT_LENGTH);
    const err = await prepareRamRoot(long, { allowDiskBacked: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RamRootTooLongError);
    expect((err as Error).message).toMatch(/trop long/);
  });
});
