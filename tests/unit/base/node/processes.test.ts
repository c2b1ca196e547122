// The one process module: the two waits do what their names say, and a reused pid is not taken for the process.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { identify, isAlive, processTree, processTreeSync, waitForExit, waitThenKill } from '../../../../src/base/node/processes';

const sleeper = (seconds: number, ignoreTerm = false) =>
  spawn('sh', ['-c', ignoreTerm ? `trap '' TERM; sleep ${seconds}` : `sleep ${seconds}`], { stdio: 'ignore' });

describe('processes', () => {
  it('waitForExit only waits: a running process is returned, still running', async () => {
    const child = sleeper(30);
    try {
      const pid = child.pid!;
      expect(await waitForExit([pid], 200)).toEqual([pid]);
      expect(await isAlive(pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('waitThenKill waits, then kills what is left, and returns nothing when all died', async () => {
    const child = sleeper(30, true);
    const exited = new Promise((r) => child.once('exit', r));
    const started = Date.now();
    expect(await waitThenKill([child.pid!], 300)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await exited;
    expect(await isAlive(child.pid!)).toBe(false);
  });

  it('a process ref is not a reused pid; a zombie counts as gone', async () => {
    const child = sleeper(30);
    const ref = await identify(child.pid!);
    expect(await isAlive(ref)).toBe(true);
    expect(await isAlive({ pid: ref.pid, startTime: '1' })).toBe(false);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await isAlive(ref)).toBe(false);
  });

  it('the tree of a process, async and sync alike', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const tree = await processTree(child.pid!);
      expect(tree[0]).toBe(child.pid);
      expect(tree.length).toBeGreaterThanOrEqual(3);
      expect(processTreeSync(child.pid!).sort()).toEqual([...tree].sort());
    } finally {
      for (const pid of (await processTree(child.pid!)).reverse()) process.kill(pid, 'SIGKILL');
    }
    expect(await processTree(-1)).toEqual([]);
  });
});
