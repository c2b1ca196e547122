// Finding the processes that still hold a session's files, however they hold them.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findHolders, identify, isAlive, killAndWait } from '../../../../src/cabin/storage/processes';
import { scratch, type Scratch } from './helpers';

// Real processes and files on a machine shared with other builds: generous time.
vi.setConfig({ testTimeout: 30_000 });

let s: Scratch;
let dir: string;
beforeEach(async () => {
  s = await scratch();
  dir = path.join(s.tmp, 'session');
  await mkdir(dir, { recursive: true });
});
afterEach(async () => {
  await s.cleanup();
});

/** A node process running `code`; resolves once it printed its first line. */
async function node(code: string, cwd = s.tmp) {
  const child = spawn(process.execPath, ['-e', code], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  return child;
}

describe('processes holding session files', () => {
  it('finds a process by open descriptor, also once the file is deleted', async () => {
    const child = await node(
      `const fs=require('fs');fs.openSync(${JSON.stringify(path.join(dir, 'f'))},'w');fs.unlinkSync(${JSON.stringify(path.join(dir, 'f'))});console.log('ok');setInterval(()=>{},1e6)`,
    );
    const holders = await findHolders([dir]);
    expect(holders).toEqual([expect.objectContaining({ pid: child.pid, via: 'fd', path: path.join(dir, 'f') })]);
    expect(await killAndWait(holders)).toEqual([]);
    expect(await findHolders([dir])).toEqual([]);
  });

  it('finds a process by memory mapping with no descriptor left', async () => {
    await writeFile(path.join(dir, 'lib.so'), Buffer.alloc(8192, 1));
    // python3 maps the file through libc (Python's own mmap keeps a descriptor), then closes it.
    const py = [
      'import ctypes, os, time',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'libc.mmap.restype = ctypes.c_void_p',
      'libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]',
      `fd = os.open(${JSON.stringify(path.join(dir, 'lib.so'))}, os.O_RDONLY)`,
      'addr = libc.mmap(None, 8192, 1, 2, fd, 0)',
      'os.close(fd)',
      "print('ok', addr, flush=True)",
      'time.sleep(300)',
    ].join('\n');
    const child = spawn('python3', ['-c', py], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => child.stdout.once('data', r));
    const holders = await findHolders([dir]);
    expect(holders).toEqual([expect.objectContaining({ pid: child.pid, via: 'mmap' })]);
  });

  it('finds a process by working directory and by command line', async () => {
    const byCwd = await node(`console.log('ok');setInterval(()=>{},1e6)`, dir);
    const withArg = spawn('python3', ['-c', 'import time; time.sleep(300)', `--user-data-dir=${dir}/profile`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const holders = await findHolders([dir]);
    expect(holders.map((h) => [h.pid, h.via])).toEqual(
      [
        [byCwd.pid, 'cwd'],
        [withArg.pid, 'cmdline'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });

  it('tells a dead process from a live one, and a reused pid from the original', async () => {
    const child = await node(`console.log('ok');setInterval(()=>{},1e6)`);
    const ref = await identify(child.pid!);
    expect(await isAlive(ref)).toBe(true);
    expect(await isAlive({ pid: child.pid!, startTime: '1' })).toBe(false);
    await killAndWait([ref]);
    expect(await isAlive(ref)).toBe(false);
  });
});
