// The RAM root: the one directory under which every session's browser profile and files live.
// It must be RAM-backed (tmpfs/ramfs) so that nothing personal ever reaches a disk, even for the
// seconds a session lasts, and a power cut erases it. A disk-backed root is refused unless the
// config says so explicitly (allowDiskBackedRamRoot), and then the technician is warned.
import { constants } from 'node:fs';
import { access, lstat, mkdir, readdir, readFile, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** statfs(2) f_type of the RAM-backed filesystems (linux/magic.h). */
const RAM_FS_MAGIC: Record<number, string> = { 0x01021994: 'tmpfs', 0x858458f6: 'ramfs' };
const RAM_FS_NAMES = new Set(['tmpfs', 'ramfs']);

/**
 * Longest RAM root accepted. Chromium creates Unix sockets deep inside each session's profile
 * (<ramRoot>/s-<16>/profile/tmp/org.chromium.Chromium.XXXXXX/SingletonSocket: 76 bytes after the
 * root) and a socket path may not exceed 107 bytes: a longer root makes every browser start fail.
 * Measured with Chromium 156: a 31-byte root starts, a 32-byte one does not (it was 40 here, wrongly).
 */
export const MAX_RAM_ROOT_LENGTH = 31;

/** The file that marks a directory as ours, so that the boot sweep never empties a wrong one. */
export const RAM_ROOT_MARKER = '.cabine-ram-root';

export interface StorageInfo {
  /** The path asked about. */
  path: string;
  /** The mount point it lives on (from /proc/mounts), when known. */
  mountPoint: string | null;
  /** Filesystem type: tmpfs, ramfs, ext4…; from /proc/mounts, else from statfs's magic. */
  fsType: string;
  ramBacked: boolean;
  freeBytes: number | null;
}

/** The nearest existing ancestor (the path itself when it exists). */
async function existingAncestor(p: string): Promise<string> {
  let current = path.resolve(p);
  for (;;) {
    try {
      await access(current, constants.F_OK);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** /proc/mounts escapes spaces and a few other characters as octal. */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

async function mountOf(p: string): Promise<{ mountPoint: string; fsType: string } | null> {
  let text: string;
  try {
    text = await readFile('/proc/mounts', 'utf8');
  } catch {
    return null;
  }
  let best: { mountPoint: string; fsType: string } | null = null;
  for (const line of text.split('\n')) {
    const [, rawMount, fsType] = line.split(' ');
    if (!rawMount || !fsType) continue;
    const mountPoint = unescapeMount(rawMount);
    const inside = mountPoint === '/' || p === mountPoint || p.startsWith(mountPoint + '/');
    // The last, longest match wins: later mounts hide earlier ones on the same point.
    if (inside && (!best || mountPoint.length >= best.mountPoint.length)) best = { mountPoint, fsType };
  }
  return best;
}

/** Which filesystem holds `p` (or would hold it, for a path not created yet). */
export async function describeStorage(p: string): Promise<StorageInfo> {
  const resolved = path.resolve(p);
  const existing = await existingAncestor(resolved);
  const [mount, fsStat] = await Promise.all([mountOf(existing), statfs(existing).catch(() => null)]);
  const magicName = fsStat ? RAM_FS_MAGIC[Number(fsStat.type)] : undefined;
  const fsType = mount?.fsType ?? magicName ?? (fsStat ? `0x${Number(fsStat.type).toString(16)}` : 'unknown');
  // statfs is the ground truth (bind mounts and overlays can make /proc/mounts misleading).
  const ramBacked = fsStat ? magicName !== undefined : RAM_FS_NAMES.has(fsType);
  return {
    path: resolved,
    mountPoint: mount?.mountPoint ?? null,
    fsType: fsStat && magicName ? magicName : fsType,
    ramBacked,
    freeBytes: fsStat ? Number(fsStat.bavail) * Number(fsStat.bsize) : null,
  };
}

export class StorageNotRamError extends Error {
  constructor(readonly info: StorageInfo) {
    super(
      `Le dossier des sessions ${info.path} est sur un disque (${info.fsType}), pas en mémoire vive : ` +
        `les données des usagers pourraient y rester. Choisissez un dossier en mémoire vive (par exemple /dev/shm/cabine) ` +
        `ou, en connaissance de cause, autorisez-le avec paths.allowDiskBackedRamRoot.`,
    );
    this.name = 'StorageNotRamError';
  }
}

export class RamRootTooLongError extends Error {
  constructor(readonly dir: string) {
    super(
      `Le chemin du dossier des sessions ${dir} est trop long (${dir.length} caractères, ${MAX_RAM_ROOT_LENGTH} au plus) : ` +
        `le navigateur ne pourrait pas y démarrer. Choisissez un chemin plus court, par exemple /dev/shm/cabine.`,
    );
    this.name = 'RamRootTooLongError';
  }
}

export class ForeignDirectoryError extends Error {
  constructor(readonly dir: string) {
    super(
      `Le dossier ${dir} contient déjà des fichiers qui ne viennent pas de Cabine : il ne sera pas vidé. ` +
        `Indiquez dans paths.ramRoot un dossier réservé à Cabine.`,
    );
    this.name = 'ForeignDirectoryError';
  }
}

export interface RamRootStatus extends StorageInfo {
  /** A disk-backed root accepted because the config allows it: show the technician a warning. */
  warning: string | null;
}

/**
 * Creates the RAM root (mode 0700) and marks it as ours, after checking that it is RAM-backed.
 * Refuses a disk-backed path unless allowed, and an existing non-empty directory not marked as
 * ours (a mistyped ramRoot such as /home must never be emptied by the boot sweep).
 */
export async function prepareRamRoot(ramRoot: string, options: { allowDiskBacked: boolean }): Promise<RamRootStatus> {
  if (!path.isAbsolute(ramRoot)) throw new Error(`paths.ramRoot must be absolute: ${ramRoot}`);
  const root = path.resolve(ramRoot);
  if (root === '/' || root.split('/').filter(Boolean).length < 2) throw new ForeignDirectoryError(root);
  if (root.length > MAX_RAM_ROOT_LENGTH) throw new RamRootTooLongError(root);
  const info = await describeStorage(root);
  if (!info.ramBacked && !options.allowDiskBacked) throw new StorageNotRamError(info);
  const marker = path.join(root, RAM_ROOT_MARKER);
  const existed = await lstat(root).then(
    (s) => {
      if (!s.isDirectory() || s.isSymbolicLink()) throw new ForeignDirectoryError(root);
      return true;
    },
    () => false,
  );
  if (existed) {
    const hasMarker = await lstat(marker).then(
      () => true,
      () => false,
    );
    if (!hasMarker && (await readdir(root)).length > 0) throw new ForeignDirectoryError(root);
  } else {
    await mkdir(root, { recursive: true, mode: 0o700 });
  }
  await writeFile(marker, 'Cabine: per-session directories, emptied at every start and after every session.\n', { mode: 0o600 });
  const after = await describeStorage(root);
  return {
    ...after,
    warning: after.ramBacked
      ? null
      : `Attention : les sessions sont écrites sur un disque (${after.fsType}, ${root}). ` +
        `Elles sont effacées après chaque usager, mais une coupure de courant pendant une session peut en laisser des traces jusqu'au prochain démarrage.`,
  };
}
