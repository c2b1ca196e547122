// Waiting for a child process to end without waiting forever for one that already has: Node emits
// 'exit' once, so a listener added after the child died never fires (a hook then times out instead of
// saying what happened).
import type { ChildProcess } from 'node:child_process';

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with the exit code or signal; at once if the child is already gone; rejects after timeoutMs. */
export function childExit(child: ChildProcess, timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (hasExited(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      resolve({ code, signal });
    };
    child.once('exit', onExit);
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it has not ended within graceMs. Safe to call on a dead child. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  try {
    await childExit(child, graceMs);
  } catch {
    child.kill('SIGKILL');
    await childExit(child, graceMs);
  }
}
