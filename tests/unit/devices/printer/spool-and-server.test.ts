import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveServer } from '../../../../src/devices/printer/ipp-client';
import { jobIdOfSpoolFile, spoolFilesOf } from '../../../../src/devices/printer/spool';
import { runAsNobody } from '../../../support/run-as-nobody';
import { makeScratchDir } from '../../../support/scratch';

describe('CUPS spool files', () => {
  it('knows job files by their names', () => {
    expect(jobIdOfSpoolFile('c00042')).toBe(42);
    expect(jobIdOfSpoolFile('d00042-001')).toBe(42);
    expect(jobIdOfSpoolFile('d123456-002')).toBe(123456);
    expect(jobIdOfSpoolFile('job.cache')).toBeNull();
    expect(jobIdOfSpoolFile('tmp')).toBeNull();
  });

  it('lists the files of some jobs, or of all, in a real directory; null when it cannot be read', async () => {
    const { path: dir, remove } = await makeScratchDir('spool-');
    onTestFinished(remove);
    for (const f of ['c00007', 'd00007-001', 'd00007-002', 'c00008', 'd00010-001', 'job.cache']) await writeFile(path.join(dir, f), 'x');
    await mkdir(path.join(dir, 'tmp'));
    expect((await spoolFilesOf(dir, [7]))?.sort()).toEqual(['c00007', 'd00007-001', 'd00007-002']);
    expect(await spoolFilesOf(dir, [9])).toEqual([]);
    expect((await spoolFilesOf(dir, 'all'))?.sort()).toEqual(['c00007', 'c00008', 'd00007-001', 'd00007-002', 'd00010-001']);
    expect(await spoolFilesOf(path.join(dir, 'missing'), 'all')).toBeNull();
  });

  // CUPS keeps its spool root:lp 0710; the cabin's user (in group lp) may look names up but not list them.
  // Reproduced for real: a spool 0710 root:nogroup, read by a child process running as nobody:nogroup.
  it.runIf(process.getuid?.() === 0)('probes the expected names when the spool may be traversed but not listed', async () => {
    const { path: dir, remove } = await makeScratchDir('spool-');
    onTestFinished(remove);
    await chmod(dir, 0o711);
    const spool = path.join(dir, 'spool');
    await mkdir(spool);
    for (const f of ['c00007', 'd00007-001', 'd00009-001']) await writeFile(path.join(spool, f), 'x');
    await chown(spool, 0, 65534);
    await chmod(spool, 0o710);
    const module = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../src/devices/printer/spool.ts');
    const child = await runAsNobody(
      `import { spoolFilesOf } from ${JSON.stringify(module)};\nconsole.log(JSON.stringify([await spoolFilesOf(${JSON.stringify(spool)}, [7, 8]), await spoolFilesOf(${JSON.stringify(spool)}, 'all')]));\n`,
    );
    expect(child.stderr).toBe('');
    // Job 7's files found by name; "all" cannot be answered without listing.
    expect(JSON.parse(child.stdout)).toEqual([['c00007', 'd00007-001'], null]);
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
