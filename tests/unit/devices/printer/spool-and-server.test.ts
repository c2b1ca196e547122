import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServer } from '../../../../src/devices/printer/ipp-client';
import { jobIdOfSpoolFile, spoolFilesOf } from '../../../../src/devices/printer/spool';

describe('CUPS spool files', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('knows job files by their names', () => {
    expect(jobIdOfSpoolFile('c00042')).toBe(42);
    expect(jobIdOfSpoolFile('d00042-001')).toBe(42);
    expect(jobIdOfSpoolFile('d123456-002')).toBe(123456);
    expect(jobIdOfSpoolFile('job.cache')).toBeNull();
    expect(jobIdOfSpoolFile('tmp')).toBeNull();
  });

  it('lists the files of some jobs, or of all, in a real directory; null when it cannot be read', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spool-'));
    for (const f of ['c00007', 'd00007-001', 'd00007-002', 'c00008', 'd00010-001', 'job.cache']) await writeFile(path.join(dir, f), 'x');
    await mkdir(path.join(dir, 'tmp'));
    expect((await spoolFilesOf(dir, [7]))?.sort()).toEqual(['c00007', 'd00007-001', 'd00007-002']);
    expect((await spoolFilesOf(dir, [9]))).toEqual([]);
    expect((await spoolFilesOf(dir, 'all'))?.sort()).toEqual(['c00007', 'c00008', 'd00007-001', 'd00007-002', 'd00010-001']);
    expect(await spoolFilesOf(path.join(dir, 'missing'), 'all')).toBeNull();
  });
});

describe('resolveServer', () => {
  it('reads a socket path, host:port, host, [v6]:port', () => {
    expect(resolveServer('/run/cups/cups.sock')).toEqual({ socketPath: '/run/cups/cups.sock', host: 'localhost', port: 631 });
    expect(resolveServer('127.0.0.1:8631')).toEqual({ host: '127.0.0.1', port: 8631 });
    expect(resolveServer('printserver')).toEqual({ host: 'printserver', port: 631 });
    expect(resolveServer('[::1]:631')).toEqual({ host: '::1', port: 631 });
  });

  it('falls back to CUPS_SERVER', () => {
    const saved = process.env.CUPS_SERVER;
    process.env.CUPS_SERVER = '/tmp/x.sock';
    try {
      expect(resolveServer()).toMatchObject({ socketPath: '/tmp/x.sock' });
    } finally {
      if (saved === undefined) delete process.env.CUPS_SERVER;
      else process.env.CUPS_SERVER = saved;
    }
  });
});
