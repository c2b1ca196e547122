// Looking for a canary string in files, the way a forensic look at the cabin would: as raw bytes,
// UTF-16LE (Chromium's LevelDB and SQLite keep JS strings that way), URL-encoded, and base64 at
// each of the three alignments it can fall on inside a longer base64 text.
import { lstat, open } from 'node:fs/promises';
import { walk } from './tree';

export type CanaryEncoding = 'raw' | 'utf16le' | 'url' | 'base64';

export interface CanaryPattern {
  encoding: CanaryEncoding;
  bytes: Buffer;
}

export interface CanaryHit {
  path: string;
  encoding: CanaryEncoding;
}

/** The base64 characters that depend only on the canary when it starts `shift` bytes into a 3-byte group. */
function base64Core(canary: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), canary])
    .toString('base64')
    .replace(/=+$/, '');
  const firstBit = 8 * shift;
  const endBit = 8 * (shift + canary.length);
  let out = '';
  for (let i = 0; i < encoded.length; i++) if (6 * i >= firstBit && 6 * i + 6 <= endBit) out += encoded[i];
  return out;
}

export function canaryPatterns(canary: string): CanaryPattern[] {
  if (canary.length < 8) throw new Error('A canary shorter than 8 characters would match by chance');
  const raw = Buffer.from(canary, 'utf8');
  const patterns: CanaryPattern[] = [
    { encoding: 'raw', bytes: raw },
    { encoding: 'utf16le', bytes: Buffer.from(canary, 'utf16le') },
  ];
  const url = new Set<string>([encodeURIComponent(canary)]);
  // Every byte escaped, as some encoders do, in both hex cases.
  const allEscaped = [...raw].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  url.add(allEscaped.toUpperCase());
  url.add(allEscaped.toLowerCase());
  url.delete(canary); // identical to raw for letters and digits: raw already finds it
  for (const u of url) patterns.push({ encoding: 'url', bytes: Buffer.from(u) });
  const b64 = new Set<string>();
  for (const shift of [0, 1, 2]) {
    const core = base64Core(raw, shift);
    b64.add(core);
    b64.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  for (const b of b64) patterns.push({ encoding: 'base64', bytes: Buffer.from(b) });
  return patterns;
}

const CHUNK = 1 << 20;

/** Which of the patterns occur in one file (read in chunks that overlap by the longest pattern). */
export async function searchFile(file: string, patterns: readonly CanaryPattern[]): Promise<Set<CanaryEncoding>> {
  const found = new Set<CanaryEncoding>();
  const overlap = Math.max(...patterns.map((p) => p.bytes.length)) - 1;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK + overlap);
    let carried = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, carried, CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const view = buf.subarray(0, carried + bytesRead);
      for (const p of patterns) if (!found.has(p.encoding) && view.indexOf(p.bytes) >= 0) found.add(p.encoding);
      if (found.size === new Set(patterns.map((p) => p.encoding)).size) break;
      carried = Math.min(overlap, view.length);
      view.copy(buf, 0, view.length - carried);
    }
  } finally {
    await fh.close();
  }
  return found;
}

export interface CanarySearchResult {
  hits: CanaryHit[];
  filesSearched: number;
  bytesSearched: number;
  /** Files or directories that could not be read: a search that could not look proves nothing. */
  unreadable: { path: string; code: string }[];
}

/** Searches every regular file under each root (a root may also be a single file). */
export async function searchCanary(canary: string, roots: readonly string[], options: { exclude?: readonly string[] } = {}): Promise<CanarySearchResult> {
  const patterns = canaryPatterns(canary);
  const result: CanarySearchResult = { hits: [], filesSearched: 0, bytesSearched: 0, unreadable: [] };
  const seen = new Set<string>();
  const visit = async (file: string, size: number) => {
    if (seen.has(file)) return;
    seen.add(file);
    try {
      const found = await searchFile(file, patterns);
      result.filesSearched += 1;
      result.bytesSearched += size;
      for (const encoding of found) result.hits.push({ path: file, encoding });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT') result.unreadable.push({ path: file, code });
    }
  };
  for (const root of roots) {
    const s = await lstat(root).catch(() => null);
    if (!s) continue;
    if (s.isFile()) {
      await visit(root, s.size);
      continue;
    }
    for await (const e of walk(root, { exclude: options.exclude ?? [] }, (p, err) => result.unreadable.push({ path: p, code: err.code ?? 'error' }))) {
      // Sockets, FIFOs and devices are not files that keep data (and opening a FIFO would block).
      if (e.kind === 'file') await visit(e.path, e.size);
    }
  }
  return result;
}
