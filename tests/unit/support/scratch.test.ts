// tests/support/scratch.ts: the folder exists while the test runs, empty, under the OS temporary folder, and is
// gone afterwards with what the test put in it — also when the test failed.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeScratchDir, useScratchDir } from '../../support/scratch';

const PREFIX = 'cabine-scratch-test-';

async function fill(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
  await writeFile(path.join(dir, 'a', 'b', 'file'), 'x');
}

describe('useScratchDir, one folder a test', () => {
  const scratch = useScratchDir(PREFIX);
  const seen: string[] = [];

  it('gives an empty folder under the OS temporary folder, named with the prefix', async () => {
    const dir = scratch();
    seen.push(dir);
    expect(path.dirname(dir)).toBe(tmpdir());
    expect(path.basename(dir).startsWith(PREFIX)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await fill(dir);
  });

  it.fails('removes the folder of a test that failed (this one fails on purpose)', async () => {
    seen.push(scratch());
    await fill(scratch());
    throw new Error('failing on purpose');
  });

  it('gives each test a new folder; the earlier ones are gone with their contents', () => {
    expect(seen).toHaveLength(2);
    expect(scratch()).not.toBe(seen[0]);
    expect(scratch()).not.toBe(seen[1]);
    for (const dir of seen) expect(existsSync(dir)).toBe(false);
    seen.push(scratch());
  });
});

describe('useScratchDir, one folder for the file', () => {
  const seen: string[] = [];
  describe('its tests', () => {
    const scratch = useScratchDir(PREFIX, { per: 'file' });
    it('share one folder…', async () => {
      seen.push(scratch());
      await fill(scratch());
    });
    it('…that lasts from one test to the next', () => {
      expect(scratch()).toBe(seen[0]);
      expect(existsSync(path.join(scratch(), 'a', 'b', 'file'))).toBe(true);
    });
  });
  it('is removed when they are done', () => {
    expect(seen).toHaveLength(1);
    expect(existsSync(seen[0]!)).toBe(false);
  });
});

describe('useScratchDir outside its tests', () => {
  const scratch = useScratchDir(PREFIX);
  // Read at collection time, before any hook ran: it says so rather than give a folder that does not exist.
  let thrown: unknown;
  try {
    scratch();
  } catch (e) {
    thrown = e;
  }
  it('throws when read before its test started, and gives the folder once it has', () => {
    expect(String(thrown)).toMatch(/no scratch folder 'cabine-scratch-test-…'/);
    expect(existsSync(scratch())).toBe(true);
  });
});

describe('makeScratchDir', () => {
  it('creates a folder and removes it with its contents, twice without complaint', async () => {
    const scratch = await makeScratchDir(PREFIX);
    expect(path.dirname(scratch.path)).toBe(tmpdir());
    expect(await readdir(scratch.path)).toEqual([]);
    await fill(scratch.path);
    await scratch.remove();
    expect(existsSync(scratch.path)).toBe(false);
    await scratch.remove();
  });

  it('gives different folders to different calls', async () => {
    const [a, b] = await Promise.all([makeScratchDir(PREFIX), makeScratchDir(PREFIX)]);
    try {
      expect(a.path).not.toBe(b.path);
    } finally {
      await Promise.all([a.remove(), b.remove()]);
    }
  });
});
