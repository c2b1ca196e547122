// The canary search: every encoding, at any offset, across chunk boundaries, in real files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryPatterns, searchCanary } from '../../../../src/cabin/storage/canary';
import { scratch, type Scratch } from './helpers';

const CANARY = 'Zq7Lk2Pw9Xv4Rt8Mn3';
// Real processes and files on a machine shared with other builds: generous time.
vi.setConfig({ testTimeout: 30_000 });

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.cleanup();
});

async function hitsIn(content: Buffer | string) {
  const dir = path.join(s.tmp, 'search');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'f.bin'), content);
  const r = await searchCanary(CANARY, [dir]);
  return r.hits.map((h) => h.encoding).sort();
}

describe('canary search', () => {
  it('finds the raw bytes, in the middle of binary noise', async () => {
    expect(await hitsIn(Buffer.concat([Buffer.alloc(1000, 7), Buffer.from(CANARY), Buffer.alloc(1000, 9)]))).toEqual(['raw']);
  });

  it('finds UTF-16LE (how LevelDB and SQLite keep JS strings)', async () => {
    expect(await hitsIn(Buffer.concat([Buffer.from('key\0'), Buffer.from(CANARY, 'utf16le')]))).toEqual(['utf16le']);
  });

  it('finds a fully percent-encoded canary, in either hex case', async () => {
    const esc = [...Buffer.from(CANARY)].map((b) => '%' + b.toString(16)).join('');
    expect(await hitsIn(`q=${esc.toUpperCase()}&`)).toEqual(['url']);
    expect(await hitsIn(`q=${esc.toLowerCase()}&`)).toEqual(['url']);
  });

  it('finds base64 at each of the three alignments, standard and URL-safe', async () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      const blob = Buffer.from(`${prefix}${CANARY}tail`).toString('base64');
      expect(await hitsIn(`data:text/plain;base64,${blob}`), `prefix "${prefix}"`).toEqual(['base64']);
      const urlSafe = blob.replace(/\+/g, '-').replace(/\//g, '_');
      expect(await hitsIn(urlSafe), `url-safe, prefix "${prefix}"`).toEqual(['base64']);
    }
  });

  it('finds a canary that straddles the 1 MiB read boundary', async () => {
    const at = (1 << 20) - 7;
    const buf = Buffer.alloc(2 << 20, 0x20);
    Buffer.from(CANARY).copy(buf, at);
    expect(await hitsIn(buf)).toEqual(['raw']);
  });

  it('reports nothing for files without it, nor for another canary', async () => {
    expect(await hitsIn('Zq7Lk2Pw9Xv4Rt8Mn4 and other text')).toEqual([]);
  });

  it('walks directories, skips FIFOs instead of blocking on them, and reports paths', async () => {
    const dir = path.join(s.tmp, 'tree', 'a', 'b');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'deep.log'), `x ${CANARY} y`);
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const r = await searchCanary(CANARY, [path.join(s.tmp, 'tree'), path.join(s.tmp, 'does-not-exist')]);
    expect(r.hits).toEqual([{ path: path.join(dir, 'deep.log'), encoding: 'raw' }]);
    expect(r.filesSearched).toBe(1);
    expect(r.unreadable).toEqual([]);
  });

  it('refuses canaries short enough to match by chance', () => {
    expect(() => canaryPatterns('abc')).toThrow();
  });
});
