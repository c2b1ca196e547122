// Runs the real CLI in-process with its own streams, environment and working directory.
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin !== undefined ? [options.stdin] : []) as CliIo['stdin'];
  if (options.tty) stdin.isTTY = true;
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin,
    env: options.env ?? { PATH: process.env.PATH, HOME: options.cwd },
    cwd: options.cwd,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
