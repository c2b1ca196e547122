// Runs the system's tools (lpstat, scanimage…) with a deadline, untranslated output, and no throw:
// a missing tool or a timeout is an answer the doctor reports, not a crash.
import { execFile } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** ENOENT (tool not installed), ETIMEDOUT, … */
  error: string | null;
}

export function runTool(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...(options.env ?? process.env), LC_ALL: 'C', LANG: 'C' }, timeout: options.timeoutMs ?? 10_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const timedOut = !!e?.killed;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          stdout,
          stderr,
          error: !e ? null : timedOut ? 'ETIMEDOUT' : typeof e.code === 'string' ? e.code : null,
        });
      },
    );
  });
}
