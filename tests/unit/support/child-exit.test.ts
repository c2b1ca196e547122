import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childExit, hasExited, stopChild } from '../../support/child-exit';

describe('childExit', () => {
  it('resolves at once for a child that exited before anyone listened', async () => {
    const child = spawn(process.execPath, ['-e', 'process.exit(3)']);
    await new Promise((r) => setTimeout(r, 300));
    while (!hasExited(child)) await new Promise((r) => setTimeout(r, 20));
    // A plain once('exit') here would never fire.
    await expect(childExit(child, 1_000)).resolves.toEqual({ code: 3, signal: null });
  });

  it('reports a signal, and rejects instead of hanging when the child does not end', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await expect(childExit(child, 200)).rejects.toThrow(/still running/);
    await stopChild(child);
    await expect(childExit(child, 1_000)).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    await expect(stopChild(child)).resolves.toBeUndefined();
  });
});
